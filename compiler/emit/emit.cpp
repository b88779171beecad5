#include "compiler/emit/emit.h"

#include "compiler/emit/plan.h"

namespace dsc::emit {

bool EmitBlueprint(const driver::CheckedFleet& fleet, const SourceManager& sources,
                   const EmitOptions& options, DiagnosticSink& diags, OutputTree* out) {
  const model::Model& model = fleet.model;
  EmitContext ctx{model, fleet.graph, sources, options, diags, options.traefik, {}};
  if (ctx.traefik.empty()) ctx.traefik = model.fleet.traefik;
  ctx.feature_selected.assign(model.features.size(), options.features.empty());
  bool ok = true;
  for (const std::string& wanted : options.features) {
    bool found = false;
    for (size_t f = 0; f < model.features.size(); ++f) {
      if (model.features[f].name == wanted || model.features[f].label == wanted) {
        ctx.feature_selected[f] = true;
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (const model::Feature& f : model.features) known += (known.empty() ? "" : ", ") + f.name;
      auto& d = diags.Report(DiagKind::kUnknownFeature, model.fleet.span, wanted);
      if (known.empty()) {
        d.Note("this fleet declares no features");
      } else {
        d.Note("the fleet's features: " + known);
      }
      ok = false;
    }
  }
  if (!ok) return false;

  std::optional<Plan> plan = BuildPlan(ctx);
  if (!plan) return false;
  OutputTree files;
  for (const Release& r : plan->releases) AddChartFiles(ctx, r, files);
  std::string blueprint = BlueprintJson(ctx, *plan, files);
  files["helmfile.yaml"] = HelmfileYaml(ctx, *plan);
  if (auto devspace = DevspaceYaml(ctx, *plan)) files["devspace.yaml"] = std::move(*devspace);
  files["blueprint.json"] = std::move(blueprint);
  *out = std::move(files);
  return !diags.has_errors();
}

}  // namespace dsc::emit
