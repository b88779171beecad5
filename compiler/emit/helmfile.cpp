// helmfile.yaml: one release per chart, `needs` for the dependency order and
// labels for `helmfile -l fleet=…,feature=…,team=…`.
#include <fmt/format.h>

#include "compiler/emit/plan.h"

namespace dsc::emit {

namespace {

// Helmfile creates a release's namespace (`createNamespace`) bare, so a feature's own
// namespace would outlive the feature: kube-janitor removes only what carries its TTL.
// After each sync of a release there, the namespace gets the feature's `janitor/ttl`,
// as `dsc apply` gives the namespaces it creates. kubectl is the Helmfile user's; the
// hook runs with the context Helmfile deploys to.
Json NamespaceTtlHook(const EmitContext& ctx, const Release& r) {
  if (r.feature < 0) return nullptr;
  const model::Feature& feature = ctx.model.features[r.feature];
  if (feature.namespace_ == ctx.model.fleet.namespace_ || r.namespace_ != feature.namespace_)
    return nullptr;
  Json hook = Json::object();
  hook["events"] = Json::array({"postsync"});
  hook["showlogs"] = true;
  hook["command"] = "kubectl";
  hook["args"] = Json::array({"annotate", "--overwrite", "namespace", r.namespace_,
                              "janitor/ttl=" + FormatJanitorTtl(feature.ttl_ms)});
  return hook;
}

}  // namespace

std::string HelmfileYaml(const EmitContext& ctx, const Plan& plan) {
  Json doc = Json::object();
  Json defaults = Json::object();
  defaults["wait"] = true;
  defaults["waitForJobs"] = true;
  defaults["timeout"] = 600;
  defaults["cleanupOnFail"] = true;
  defaults["createNamespace"] = true;
  doc["helmDefaults"] = std::move(defaults);
  Json releases = Json::array();
  for (const Release& r : plan.releases) {
    Json release = Json::object();
    release["name"] = r.name;
    release["namespace"] = r.namespace_;
    release["chart"] = "./charts/" + r.name;
    Json labels = Json::object();
    labels["fleet"] = ctx.model.fleet.name;
    labels["feature"] = r.feature >= 0 ? ctx.model.features[r.feature].label : "baseline";
    labels["component"] = ReleaseKindName(r.kind);
    if (!r.team.empty()) labels["team"] = r.team;
    release["labels"] = std::move(labels);
    if (Json hook = NamespaceTtlHook(ctx, r); !hook.is_null()) {
      release["hooks"] = Json::array({std::move(hook)});
    }
    if (!r.needs.empty()) {
      Json needs = Json::array();
      for (const std::string& need : r.needs) needs.push_back(need);
      release["needs"] = std::move(needs);
    }
    releases.push_back(std::move(release));
  }
  doc["releases"] = std::move(releases);
  return fmt::format(
      "# Fleet `{}`, built by dsc {}. Generated: edit the fleet files and run `dsc build`.\n"
      "# Deploy with `helmfile apply` (or `dsc apply`); select with `helmfile -l feature=…`.\n"
      "{}",
      ctx.model.fleet.name, DSC_VERSION, ToYaml(doc));
}

}  // namespace dsc::emit
