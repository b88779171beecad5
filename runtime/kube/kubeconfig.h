// kubeconfig -> the settings to reach one cluster, read as kubectl reads it.
//
// Input: --kubeconfig, else every file in $KUBECONFIG (merged, first file wins per
// key, like kubectl), else ~/.kube/config; the context from --context, else
// current-context. Output: a RestConfig with the server, TLS material and
// credentials resolved (relative file paths resolved against the file that named
// them). Exec credential plugins are described here and run by credentials.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsc::kube {

// The exec plugin API versions dsc speaks (v1alpha1 was removed in Kubernetes 1.24).
inline constexpr std::string_view kExecApiV1 = "client.authentication.k8s.io/v1";
inline constexpr std::string_view kExecApiV1Beta1 = "client.authentication.k8s.io/v1beta1";

// users[].user.exec (client.authentication.k8s.io/v1 and v1beta1).
struct ExecConfig {
  std::string api_version;  // e.g. client.authentication.k8s.io/v1
  std::string command;      // resolved against the kubeconfig's dir when it has a slash
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  bool provide_cluster_info = false;
};

struct RestConfig {
  std::string server;  // https://host:port, no trailing slash
  std::string tls_server_name;
  std::string ca_pem;  // empty: the system's CA store
  bool insecure_skip_tls_verify = false;
  std::string client_cert_pem;
  std::string client_key_pem;  // secret: never logged
  std::string token;           // secret: never logged
  std::string token_file;      // re-read when a request gets 401
  std::optional<ExecConfig> exec;
  std::string username, password;  // basic auth (legacy clusters); secret
  std::string proxy_url;
  std::string namespace_name = "default";  // the context's namespace
  std::string context_name;
  std::string user_name;  // the context's `user` entry: who applied, when git does not say
  std::string source;     // which file(s) it came from, for messages
};

struct KubeconfigOptions {
  std::string explicit_path;   // --kubeconfig
  std::string context;         // --context
  std::string env_kubeconfig;  // $KUBECONFIG (':'-separated)
  std::string home;            // $HOME, for ~/.kube/config
};

// Fills `out`, or returns false with a one-line reason in `error` that names the
// file and the key at fault (never a credential).
bool LoadKubeconfig(const KubeconfigOptions& options, RestConfig* out, std::string* error);

// Same, from YAML text already read: (path, text) pairs in merge order; each path
// resolves the relative paths in its text. For tests.
bool LoadKubeconfigText(const std::vector<std::pair<std::string, std::string>>& files_and_texts,
                        const std::string& context, RestConfig* out, std::string* error);

}  // namespace dsc::kube
