#include "runtime/kube/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "base/base64.h"
#include "base/read_file.h"
#include "runtime/kube/kubeconfig_fields.h"

namespace dsc::kube {
namespace {

// One clusters[]/users[]/contexts[] entry and the file that defined it (relative
// paths and messages refer to that file).
struct Entry {
  YAML::Node body;
  std::string file;
};

// Every file's entries merged as kubectl merges them: the first file that defines a
// name (or sets current-context) wins.
struct MergedConfig {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::string source;  // the files read, ':'-joined like $KUBECONFIG
};

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

std::string JoinNames(const std::map<std::string, Entry>& entries) {
  if (entries.empty()) return "none";
  std::string out;
  for (const auto& [name, entry] : entries) out += (out.empty() ? "" : ", ") + name;
  return out;
}

bool MergeList(const YAML::Node& root, const std::string& list_key, const char* body_key,
               const std::string& file, std::map<std::string, Entry>* into, std::string* error) {
  const YAML::Node list = root[list_key];
  if (!list || list.IsNull()) return true;
  if (!list.IsSequence()) {
    *error = "kubeconfig: " + file + ": " + list_key + " must be a list";
    return false;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
      *error = "kubeconfig: " + file + ": " + list_key + "[" + std::to_string(i) + "] has no name";
      return false;
    }
    into->try_emplace(name.Scalar(), Entry{item[body_key], file});
  }
  return true;
}

bool MergeFile(const std::string& file, const std::string& text, MergedConfig* merged,
               std::string* error) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    // yaml-cpp's messages describe the syntax only, never the text, so no secret leaks.
    *error = "kubeconfig: " + file + ":" + std::to_string(e.mark.line + 1) + ":" +
             std::to_string(e.mark.column + 1) + ": " + e.msg;
    return false;
  }
  merged->source += (merged->source.empty() ? "" : ":") + file;
  if (root.IsNull()) return true;  // an empty file is an empty config, as for kubectl
  if (!root.IsMap()) {
    *error = "kubeconfig: " + file + ": not a kubeconfig (expected a mapping at the top)";
    return false;
  }
  if (!MergeList(root, "clusters", "cluster", file, &merged->clusters, error) ||
      !MergeList(root, "users", "user", file, &merged->users, error) ||
      !MergeList(root, "contexts", "context", file, &merged->contexts, error)) {
    return false;
  }
  const YAML::Node current = root["current-context"];
  if (merged->current_context.empty() && current && current.IsScalar()) {
    merged->current_context = current.Scalar();
  }
  return true;
}

bool ResolveCluster(const std::string& name, const Entry& entry, RestConfig* out,
                    std::string* error) {
  FieldReader fields(entry.body, entry.file, "cluster " + Quote(name), error);
  std::string ca_file;
  bool ok = fields.String("server", &out->server) &&
            fields.String("tls-server-name", &out->tls_server_name) &&
            fields.String("proxy-url", &out->proxy_url) &&
            fields.Bool("insecure-skip-tls-verify", &out->insecure_skip_tls_verify) &&
            fields.Data("certificate-authority-data", &out->ca_pem) &&
            // The data wins over the file, as in client-go.
            (!out->ca_pem.empty() || fields.FileContents("certificate-authority", &out->ca_pem));
  while (ok && !out->server.empty() && out->server.back() == '/') out->server.pop_back();
  if (ok && out->server.empty()) ok = fields.Fail("has no server");
  // client-go assumes https when the scheme is left out.
  if (ok && out->server.find("://") == std::string::npos) out->server = "https://" + out->server;
  return ok;
}

bool ResolveExec(FieldReader& user, ExecConfig* exec) {
  FieldReader fields = user.Child("exec");
  bool ok = fields.String("apiVersion", &exec->api_version) &&
            fields.String("command", &exec->command) && fields.StringList("args", &exec->args) &&
            fields.NameValueList("env", &exec->env) &&
            fields.String("installHint", &exec->install_hint) &&
            fields.Bool("provideClusterInfo", &exec->provide_cluster_info);
  if (!ok) return false;
  if (exec->api_version != kExecApiV1 && exec->api_version != kExecApiV1Beta1) {
    return fields.Fail("apiVersion " + Quote(exec->api_version) + " is not supported (use " +
                       std::string(kExecApiV1) + " or " + std::string(kExecApiV1Beta1) + ")");
  }
  if (exec->command.empty()) return fields.Fail("has no command");
  // client-go: a relative command with a slash is relative to the kubeconfig; a bare
  // name is looked up in PATH.
  if (exec->command.find('/') != std::string::npos) {
    exec->command = base::ResolveAgainst(fields.file(), exec->command);
  }
  return true;
}

// Legacy auth-provider entries: only OIDC's stored id-token can be used without the
// provider's refresh logic; the rest need an exec plugin now.
bool ResolveAuthProvider(FieldReader& user, RestConfig* out) {
  FieldReader provider = user.Child("auth-provider");
  std::string name;
  if (!provider.String("name", &name)) return false;
  FieldReader config = provider.Child("config");
  std::string id_token;
  if (name == "oidc" && config.String("id-token", &id_token) && !id_token.empty()) {
    out->token = id_token;
    return true;
  }
  return provider.Fail("auth-provider " + Quote(name) +
                       " is not supported (use an exec credential plugin instead)");
}

bool ResolveUser(const std::string& name, const Entry& entry, RestConfig* out, std::string* error) {
  FieldReader fields(entry.body, entry.file, "user " + Quote(name), error);
  bool ok =
      fields.String("token", &out->token) && fields.Path("tokenFile", &out->token_file) &&
      fields.String("username", &out->username) && fields.String("password", &out->password) &&
      fields.Data("client-certificate-data", &out->client_cert_pem) &&
      (!out->client_cert_pem.empty() ||
       fields.FileContents("client-certificate", &out->client_cert_pem)) &&
      fields.Data("client-key-data", &out->client_key_pem) &&
      (!out->client_key_pem.empty() || fields.FileContents("client-key", &out->client_key_pem));
  if (ok && (fields.Has("as") || fields.Has("as-groups") || fields.Has("as-uid"))) {
    // Acting as someone else silently would be worse than refusing.
    ok = fields.Fail("impersonation (as) is not supported by dsc");
  }
  if (ok && fields.Has("exec")) {
    out->exec.emplace();
    ok = ResolveExec(fields, &*out->exec);
  }
  if (ok && fields.Has("auth-provider") && out->token.empty())
    ok = ResolveAuthProvider(fields, out);
  if (ok && out->client_cert_pem.empty() != out->client_key_pem.empty()) {
    ok = fields.Fail("client-certificate and client-key must be given together");
  }
  return ok;
}

const Entry* FindReferenced(const std::map<std::string, Entry>& entries, const std::string& kind,
                            const std::string& name, const std::string& context,
                            const Entry& context_entry, const std::string& source,
                            std::string* error) {
  auto found = entries.find(name);
  if (found != entries.end()) return &found->second;
  *error = "kubeconfig: " + context_entry.file + ": context " + Quote(context) + " names " + kind +
           " " + Quote(name) + ", which is not defined in " + source;
  return nullptr;
}

bool Resolve(const MergedConfig& merged, const std::string& requested, RestConfig* out,
             std::string* error) {
  std::string context = requested.empty() ? merged.current_context : requested;
  if (context.empty()) {
    *error = "kubeconfig: no current-context set in " + merged.source +
             " (pass --context; contexts: " + JoinNames(merged.contexts) + ")";
    return false;
  }
  auto found = merged.contexts.find(context);
  if (found == merged.contexts.end()) {
    *error = "kubeconfig: context " + Quote(context) + " not found in " + merged.source +
             " (contexts: " + JoinNames(merged.contexts) + ")";
    return false;
  }
  const Entry& context_entry = found->second;
  FieldReader fields(context_entry.body, context_entry.file, "context " + Quote(context), error);
  std::string cluster, user, ns;
  if (!fields.String("cluster", &cluster) || !fields.String("user", &user) ||
      !fields.String("namespace", &ns)) {
    return false;
  }
  if (cluster.empty()) return fields.Fail("names no cluster");
  RestConfig config;
  config.context_name = context;
  config.user_name = user;
  config.source = merged.source;
  if (!ns.empty()) config.namespace_name = ns;
  const Entry* cluster_entry = FindReferenced(merged.clusters, "cluster", cluster, context,
                                              context_entry, merged.source, error);
  if (!cluster_entry || !ResolveCluster(cluster, *cluster_entry, &config, error)) return false;
  // A context without a user is allowed: the cluster may not need credentials.
  if (!user.empty()) {
    const Entry* user_entry =
        FindReferenced(merged.users, "user", user, context, context_entry, merged.source, error);
    if (!user_entry || !ResolveUser(user, *user_entry, &config, error)) return false;
  }
  *out = std::move(config);
  return true;
}

// The files kubectl would read, in merge order.
bool ListFiles(const KubeconfigOptions& options, std::vector<std::string>* files,
               std::string* error) {
  if (!options.explicit_path.empty()) {
    files->push_back(options.explicit_path);
    return true;
  }
  if (!options.env_kubeconfig.empty()) {
    std::set<std::string> seen;
    size_t begin = 0;
    while (begin <= options.env_kubeconfig.size()) {
      size_t end = options.env_kubeconfig.find(':', begin);
      if (end == std::string::npos) end = options.env_kubeconfig.size();
      std::string path = options.env_kubeconfig.substr(begin, end - begin);
      // kubectl skips empty entries, duplicates and files that do not exist.
      if (!path.empty() && seen.insert(path).second && !base::PathIsMissing(path)) {
        files->push_back(path);
      }
      begin = end + 1;
    }
    if (files->empty()) {
      *error =
          "kubeconfig: none of the files in $KUBECONFIG exist (" + options.env_kubeconfig + ")";
      return false;
    }
    return true;
  }
  if (options.home.empty()) {
    *error =
        "kubeconfig: no kubeconfig to read (pass --kubeconfig or set $KUBECONFIG; $HOME "
        "is not set)";
    return false;
  }
  std::string path = options.home + "/.kube/config";
  if (base::PathIsMissing(path)) {
    *error = "kubeconfig: " + path + " does not exist (pass --kubeconfig or set $KUBECONFIG)";
    return false;
  }
  files->push_back(path);
  return true;
}

}  // namespace

bool LoadKubeconfigText(const std::vector<std::pair<std::string, std::string>>& files_and_texts,
                        const std::string& context, RestConfig* out, std::string* error) {
  MergedConfig merged;
  try {
    for (const auto& [file, text] : files_and_texts) {
      if (!MergeFile(file, text, &merged, error)) return false;
    }
    return Resolve(merged, context, out, error);
  } catch (const YAML::Exception& e) {
    // A value of an unexpected shape that the readers did not anticipate; e.msg
    // describes the problem, not the value.
    std::string at = e.mark.is_null() ? "" : ":" + std::to_string(e.mark.line + 1);
    *error = "kubeconfig: " + merged.source + at + ": " + e.msg;
    return false;
  }
}

bool LoadKubeconfig(const KubeconfigOptions& options, RestConfig* out, std::string* error) {
  std::vector<std::string> files;
  if (!ListFiles(options, &files, error)) return false;
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& file : files) {
    std::string text;
    std::string read_error;
    if (!base::ReadFileToString(file, &text, &read_error)) {
      *error = "kubeconfig: " + read_error;
      return false;
    }
    texts.emplace_back(file, std::move(text));
  }
  return LoadKubeconfigText(texts, options.context, out, error);
}

}  // namespace dsc::kube
