// Secret cloning for a feature in a namespace of its own: its forks reference
// Secrets by name, and those exist in the fleet's namespace. A pre-install
// hook Job copies them with kubectl inside the cluster, so secret values never
// pass through dsc or its output files. The Job's RBAC is as narrow as it can
// be: `get` on exactly the named Secrets in the fleet's namespace.
#include <fmt/format.h>

#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// alpine/k8s ships kubectl and jq.
constexpr const char* kClonerImage = "alpine/k8s:1.29.2";

// The Secret names arrive as "$@" and everything else as environment
// variables: no user value is ever part of the script text, and `--` ends
// kubectl's options before a name, so no name is read as one. A Secret missing
// from the fleet's namespace (say one a feature-only database expects to be
// created in the feature's namespace) is skipped with a message: the pod that
// needs it then reports the missing Secret itself. Plain POSIX sh (no
// `pipefail`, which dash lacks): each step's status is a command's own.
constexpr const char* kCloneScript =
    "set -eu\n"
    "for name in \"$@\"; do\n"
    "  if ! secret=$(kubectl get secret --namespace \"$FROM_NAMESPACE\" --output json -- "
    "\"$name\"); then\n"
    "    echo \"Secret $name not found in $FROM_NAMESPACE: not copied\" >&2\n"
    "    continue\n"
    "  fi\n"
    "  copy=$(printf '%s\\n' \"$secret\" |\n"
    "    jq --arg ns \"$TO_NAMESPACE\" --arg ttl \"$TTL\" --arg fleet \"$FLEET\" "
    "--arg feature \"$FEATURE\" '{apiVersion: \"v1\", kind: \"Secret\", type: .type, "
    "data: .data, metadata: {name: .metadata.name, namespace: $ns, labels: "
    "{\"app.kubernetes.io/managed-by\": \"dsc\", \"devstack.io/fleet\": $fleet, "
    "\"devstack.io/feature\": $feature}, annotations: {\"janitor/ttl\": $ttl}}}')\n"
    "  printf '%s\\n' \"$copy\" |\n"
    "    kubectl apply --server-side --field-manager dsc --force-conflicts --filename -\n"
    "  echo \"copied Secret $name from $FROM_NAMESPACE to $TO_NAMESPACE\"\n"
    "done\n";

Json Hook(Json doc, int weight) {
  if (!doc["metadata"].contains("annotations")) doc["metadata"]["annotations"] = Json::object();
  doc["metadata"]["annotations"].update(HookAnnotations("pre-install,pre-upgrade", weight));
  return doc;
}

Json Object(const char* api_version, const char* kind, Json meta) {
  Json doc = Json::object();
  doc["apiVersion"] = api_version;
  doc["kind"] = kind;
  doc["metadata"] = std::move(meta);
  return doc;
}

}  // namespace

bool AddSecretCloning(const EmitContext& ctx, int f, Release& release) {
  const model::Feature& feature = ctx.model.features[f];
  const std::string& from = ctx.model.fleet.namespace_;
  if (feature.namespace_ == from) return false;
  std::set<std::string> secrets;
  auto collect = [&](const std::vector<model::EnvVar>& env) {
    for (const model::EnvVar& var : env) {
      if (var.from_secret) secrets.insert(var.secret_name);
    }
  };
  for (int s : feature.forks) collect(ctx.model.services[s].env);
  for (int i : feature.infra) {
    const model::Infra& infra = ctx.model.infra[i];
    if (infra.workload) collect(infra.workload->env);
    if (infra.provision) collect(infra.provision->env);
  }
  if (secrets.empty()) return false;

  std::string account = BoundedName(feature.label, "-secret-cloner");
  std::string reader_name = BoundedName(feature.label, "-secret-cloner-read");
  std::string writer_name = BoundedName(feature.label, "-secret-cloner-write");
  auto meta = [&](const std::string& name, const std::string& ns) {
    return ObjectMeta(ctx, ObjectIdentity{name, ns, "", "", release.name, f, nullptr});
  };
  Json secret_list = Json::array();
  for (const std::string& s : secrets) secret_list.push_back(s);

  AddObject(ctx, release,
            Hook(Object("v1", "ServiceAccount", meta(account, feature.namespace_)), -20));

  Json reader = Object("rbac.authorization.k8s.io/v1", "Role", meta(reader_name, from));
  reader["rules"] = Json::array({Json{{"apiGroups", Json::array({""})},
                                      {"resources", Json::array({"secrets"})},
                                      {"resourceNames", secret_list},
                                      {"verbs", Json::array({"get"})}}});
  AddObject(ctx, release, Hook(std::move(reader), -20));
  Json writer =
      Object("rbac.authorization.k8s.io/v1", "Role", meta(writer_name, feature.namespace_));
  writer["rules"] = Json::array({Json{{"apiGroups", Json::array({""})},
                                      {"resources", Json::array({"secrets"})},
                                      {"verbs", Json::array({"get", "create", "patch"})}}});
  AddObject(ctx, release, Hook(std::move(writer), -20));
  for (const auto& [role, ns] : {std::pair<std::string, std::string>{reader_name, from},
                                 {writer_name, feature.namespace_}}) {
    Json binding = Object("rbac.authorization.k8s.io/v1", "RoleBinding", meta(role, ns));
    binding["roleRef"] =
        Json{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", role}};
    binding["subjects"] = Json::array(
        {Json{{"kind", "ServiceAccount"}, {"name", account}, {"namespace", feature.namespace_}}});
    AddObject(ctx, release, Hook(std::move(binding), -20));
  }

  Json args = Json::array({"clone-secrets"});  // $0 of the script
  for (const std::string& s : secrets) args.push_back(s);
  Json env = Json::array();
  for (auto [name, value] : {std::pair<std::string, std::string>{"FROM_NAMESPACE", from},
                             {"TO_NAMESPACE", feature.namespace_},
                             {"TTL", FormatJanitorTtl(feature.ttl_ms)},
                             {"FLEET", ctx.model.fleet.name},
                             {"FEATURE", feature.label}}) {
    env.push_back(Json{{"name", name}, {"value", value}});
  }
  Json container = Json::object();
  container["name"] = "clone-secrets";
  container["image"] = kClonerImage;
  container["command"] = Json::array({"/bin/sh", "-c", kCloneScript});
  container["args"] = std::move(args);
  container["env"] = std::move(env);
  Json job_meta = meta(BoundedName(feature.label, "-clone-secrets"), feature.namespace_);
  Json job = Object("batch/v1", "Job", job_meta);
  job["spec"] = Json{{"backoffLimit", 2},
                     {"activeDeadlineSeconds", 300},
                     {"template", Json{{"metadata", Json{{"labels", job_meta["labels"]}}},
                                       {"spec", Json{{"serviceAccountName", account},
                                                     {"restartPolicy", "Never"},
                                                     {"containers", Json::array({container})}}}}}};
  AddObject(ctx, release, Hook(std::move(job), -10));
  return true;
}

}  // namespace dsc::emit
