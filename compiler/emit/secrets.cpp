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

constexpr const char* kRbacApi = "rbac.authorization.k8s.io/v1";
constexpr const char* kHookPhases = "pre-install,pre-upgrade";

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
    out.BeginSeq("resourceNames");
    for (const std::string& s : secrets) out.String(s);
    out.End();
    out.StrSeq("verbs", {"get"});
    out.End();
    out.End();
  });
  AddObject(ctx, release, head(kRbacApi, "Role", writer_name, feature.namespace_, -20),
            [&](DocWriter& out) {
              out.BeginSeq("rules");
              out.BeginMap();
              out.StrSeq("apiGroups", {""});
              out.StrSeq("resources", {"secrets"});
              out.StrSeq("verbs", {"get", "create", "patch"});
              out.End();
              out.End();
            });
  for (const auto& [role, ns] : {std::pair<std::string, std::string>{reader_name, from},
                                 {writer_name, feature.namespace_}}) {
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
              WritePodTemplate(out, ctx, job_id, [&] {
                out.Str("serviceAccountName", account);
                out.Str("restartPolicy", "Never");
                out.BeginSeq("containers");
                out.BeginMap();
                out.Str("name", "clone-secrets");
                out.Str("image", kClonerImage);
                out.StrSeq("command", {"/bin/sh", "-c", kCloneScript});
                out.BeginSeq("args");
                out.String("clone-secrets");  // $0 of the script
                for (const std::string& s : secrets) out.String(s);
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
              });
              out.End();
            });
  return true;
}

}  // namespace dsc::emit
