// Secrets a feature's forks read that the fleet's namespace holds: a feature in a
// namespace of its own gets a copy of each under the same name (kept in sync on every
// upgrade), and each Secret in its `clone_secrets` is cloned as `<name>-<label>` into
// its namespace (once: the developer may then change it). A pre-install hook Job
// copies them with kubectl inside the cluster, so secret values never pass through
// dsc or its output files. The Job's RBAC is as narrow as it can be: `get` on exactly
// the named Secrets in the fleet's namespace, `get`/`patch` on exactly the copies.
#include <fmt/format.h>

#include <map>
#include <set>

#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// alpine/k8s ships kubectl and jq.
constexpr const char* kClonerImage = "alpine/k8s:1.29.2";

// Each copy arrives in "$@" as `MODE:NAME:TARGET` (`copy:db:db`, `clone:db:db-beta`;
// Secret names have no `:`) and everything else as environment variables: no user
// value is ever part of the script text, and `--` ends kubectl's options before a
// name, so no name is read as one. A clone that exists is kept (delete it to clone
// again). A Secret missing from the fleet's namespace (say one a feature-only database
// expects to be created in the feature's namespace) is skipped with a message: the pod
// that needs it then reports the missing Secret itself. Plain POSIX sh (no `pipefail`,
// which dash lacks): each step's status is a command's own.
constexpr const char* kCloneScript =
    "set -eu\n"
    "for spec in \"$@\"; do\n"
    "  mode=${spec%%:*}\n"
    "  rest=${spec#*:}\n"
    "  name=${rest%%:*}\n"
    "  target=${rest#*:}\n"
    "  if [ \"$mode\" = clone ] &&\n"
    "    kubectl get secret --namespace \"$TO_NAMESPACE\" -- \"$target\" >/dev/null 2>&1; then\n"
    "    echo \"Secret $target exists in $TO_NAMESPACE: kept (delete it to clone $name again)\"\n"
    "    continue\n"
    "  fi\n"
    "  if ! secret=$(kubectl get secret --namespace \"$FROM_NAMESPACE\" --output json -- "
    "\"$name\"); then\n"
    "    echo \"Secret $name not found in $FROM_NAMESPACE: not copied\" >&2\n"
    "    continue\n"
    "  fi\n"
    "  copy=$(printf '%s\\n' \"$secret\" |\n"
    "    jq --arg name \"$target\" --arg ns \"$TO_NAMESPACE\" --arg ttl \"$TTL\" "
    "--arg fleet \"$FLEET\" --arg feature \"$FEATURE\" '{apiVersion: \"v1\", kind: "
    "\"Secret\", type: .type, data: .data, metadata: {name: $name, namespace: $ns, labels: "
    "{\"app.kubernetes.io/managed-by\": \"dsc\", \"devstack.io/fleet\": $fleet, "
    "\"devstack.io/feature\": $feature}, annotations: {\"janitor/ttl\": $ttl}}}')\n"
    "  printf '%s\\n' \"$copy\" |\n"
    "    kubectl apply --server-side --field-manager dsc --force-conflicts --filename -\n"
    "  echo \"copied Secret $name from $FROM_NAMESPACE to $TO_NAMESPACE as $target\"\n"
    "done\n";

constexpr const char* kRbacApi = "rbac.authorization.k8s.io/v1";
constexpr const char* kHookPhases = "pre-install,pre-upgrade";

}  // namespace

bool AddSecretCloning(const EmitContext& ctx, int f, Release& release) {
  const model::Feature& feature = ctx.model.features[f];
  const std::string& from = ctx.model.fleet.namespace_;
  // (name in the fleet's namespace, name in the feature's) -> "copy" or "clone"
  std::map<std::pair<std::string, std::string>, const char*> copies;
  std::set<std::string> clones;
  for (const std::string& name : feature.cloned_secrets) {
    clones.insert(name + "-" + feature.label);
    copies[{name, name + "-" + feature.label}] = "clone";
  }
  auto collect = [&](const std::vector<model::EnvVar>& env) {
    if (feature.namespace_ == from) return;
    for (const model::EnvVar& var : env) {
      if (var.from_secret && !clones.count(var.secret_name))
        copies[{var.secret_name, var.secret_name}] = "copy";
    }
  };
  for (int s : feature.forks) collect(ctx.model.services[s].env);
  for (int i : feature.infra) {
    const model::Infra& infra = ctx.model.infra[i];
    if (infra.workload) collect(infra.workload->env);
    if (infra.provision) collect(infra.provision->env);
  }
  if (copies.empty()) return false;
  std::set<std::string> sources, targets;
  for (const auto& [names, mode] : copies) {
    sources.insert(names.first);
    targets.insert(names.second);
  }

  std::string account = BoundedName(feature.label, "-secret-cloner");
  std::string reader_name = BoundedName(feature.label, "-secret-cloner-read");
  std::string writer_name = BoundedName(feature.label, "-secret-cloner-write");
  // Every object is a pre-install hook: the Job runs last (weight -10), after its
  // ServiceAccount and RBAC (-20).
  auto head = [&](const char* api_version, const char* kind, const std::string& name,
                  const std::string& ns, int weight) {
    return ObjectHead{api_version, kind, ObjectIdentity{name, ns, "", "", release.name, f, nullptr},
                      kHookPhases, weight};
  };

  AddObject(ctx, release, head("v1", "ServiceAccount", account, feature.namespace_, -20),
            [](DocWriter&) {});
  AddObject(ctx, release, head(kRbacApi, "Role", reader_name, from, -20), [&](DocWriter& out) {
    out.BeginSeq("rules");
    out.BeginMap();
    out.StrSeq("apiGroups", {""});
    out.StrSeq("resources", {"secrets"});
    out.StrSeq("resourceNames", std::vector<std::string>(sources.begin(), sources.end()));
    out.StrSeq("verbs", {"get"});
    out.End();
    out.End();
  });
  AddObject(ctx, release, head(kRbacApi, "Role", writer_name, feature.namespace_, -20),
            [&](DocWriter& out) {
              // `create` cannot be limited by name (a new object has none when the
              // request is authorized); reading and changing can.
              out.BeginSeq("rules");
              out.BeginMap();
              out.StrSeq("apiGroups", {""});
              out.StrSeq("resources", {"secrets"});
              out.StrSeq("verbs", {"create"});
              out.End();
              out.BeginMap();
              out.StrSeq("apiGroups", {""});
              out.StrSeq("resources", {"secrets"});
              out.StrSeq("resourceNames", std::vector<std::string>(targets.begin(), targets.end()));
              out.StrSeq("verbs", {"get", "patch"});
              out.End();
              out.End();
            });
  for (const auto& [role_name, ns] : {std::pair<std::string, std::string>{reader_name, from},
                                      {writer_name, feature.namespace_}}) {
    // A name the lambda can capture: clang before 16 cannot capture a structured binding.
    const std::string& role = role_name;
    AddObject(ctx, release, head(kRbacApi, "RoleBinding", role, ns, -20), [&](DocWriter& out) {
      out.BeginMap("roleRef");
      out.Str("apiGroup", "rbac.authorization.k8s.io");
      out.Str("kind", "Role");
      out.Str("name", role);
      out.End();
      out.BeginSeq("subjects");
      out.BeginMap();
      out.Str("kind", "ServiceAccount");
      out.Str("name", account);
      out.Str("namespace", feature.namespace_);
      out.End();
      out.End();
    });
  }

  ObjectIdentity job_id{BoundedName(feature.label, "-clone-secrets"),
                        feature.namespace_,
                        "",
                        "",
                        release.name,
                        f,
                        nullptr};
  AddObject(ctx, release, ObjectHead{"batch/v1", "Job", job_id, kHookPhases, -10},
            [&](DocWriter& out) {
              out.BeginMap("spec");
              out.Int("backoffLimit", 2);
              out.Int("activeDeadlineSeconds", 300);
              // Scheduled as the fleet's pods are; it runs as its own account.
              const model::PodSettings& pod = ctx.model.fleet.pod;
              WritePodTemplate(
                  out, ctx, job_id,
                  [&] {
                    out.Str("serviceAccountName", account);
                    out.Str("restartPolicy", "Never");
                    WritePodSettings(out, pod, false);
                    out.BeginSeq("containers");
                    out.BeginMap();
                    out.Str("name", "clone-secrets");
                    out.Str("image", kClonerImage);
                    out.StrSeq("command", {"/bin/sh", "-c", kCloneScript});
                    out.BeginSeq("args");
                    out.String("clone-secrets");  // $0 of the script
                    for (const auto& [names, mode] : copies)
                      out.String(fmt::format("{}:{}:{}", mode, names.first, names.second));
                    out.End();
                    out.BeginSeq("env");
                    std::string ttl = FormatJanitorTtl(feature.ttl_ms);
                    for (auto [name, value] :
                         {std::pair<std::string_view, std::string_view>{"FROM_NAMESPACE", from},
                          {"TO_NAMESPACE", feature.namespace_},
                          {"TTL", ttl},
                          {"FLEET", ctx.model.fleet.name},
                          {"FEATURE", feature.label}}) {
                      out.BeginMap();
                      out.Str("name", name);
                      out.Str("value", value);
                      out.End();
                    }
                    out.End();
                    out.End();
                    out.End();
                  },
                  &pod.annotations);
              out.End();
            });
  return true;
}

}  // namespace dsc::emit
