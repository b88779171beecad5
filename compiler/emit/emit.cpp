#include "compiler/emit/emit.h"

#include "base/free_at_exit.h"
#include "compiler/emit/plan.h"
#include "compiler/sema/names.h"

namespace dsc::emit {

EmitContext ContextFor(const check::CheckedFleet& fleet, const SourceManager& sources,
                       const EmitOptions& options, DiagnosticSink& diags) {
  const model::Model& model = fleet.model;
  EmitContext ctx{model,   fleet.graph, sources,
                  options, diags,       options.traefik.value_or(model.fleet.traefik),
                  {}};
  ctx.feature_selected.assign(model.features.size(), options.features.empty());
  return ctx;
}

bool SelectFeatures(EmitContext& ctx) {
  const model::Model& model = ctx.model;
  bool ok = true;
  for (const std::string& wanted : ctx.options.features) {
    bool found = false;
    for (size_t f = 0; f < model.features.size(); ++f) {
      if (model.features[f].name == wanted || model.features[f].label == wanted) {
        ctx.feature_selected[f] = true;
        found = true;
      }
    }
    if (!found) {
      // `--feature` is a command-line value: no source location to show.
      std::string known, closest;
      size_t best = wanted.size() / 3 + 1;
      for (const model::Feature& f : model.features) {
        known += (known.empty() ? "" : ", ") + f.name;
        if (size_t d = sema::EditDistance(wanted, f.name); d < best) {
          best = d;
          closest = f.name;
        }
      }
      auto& d = ctx.diags.Report(DiagKind::kUnknownFeature, Span{}, wanted);
      d.Note(known.empty() ? "this fleet declares no features" : "the fleet's features: " + known);
      if (!closest.empty()) d.Help(fmt::format("did you mean `--feature {}`?", closest));
      ok = false;
    }
  }
  return ok;
}

std::optional<EmittedBuild> EmitBuild(const check::CheckedFleet& fleet,
                                      const SourceManager& sources, const EmitOptions& options,
                                      DiagnosticSink& diags, bool keep_manifests) {
  EmitContext ctx = ContextFor(fleet, sources, options, diags);
  ctx.keep_manifests = keep_manifests;
  if (!SelectFeatures(ctx)) return std::nullopt;
  std::optional<Plan> plan = BuildPlan(ctx);
  if (!plan) return std::nullopt;
  OutputTree files;
  for (Release& r : plan->releases) AddChartFiles(ctx, r, files);
  std::string blueprint = BlueprintJson(ctx, *plan, files);
  files["helmfile.yaml"] = HelmfileYaml(ctx, *plan);
  if (auto devspace = DevspaceYaml(ctx, *plan)) files["devspace.yaml"] = std::move(*devspace);
  files["blueprint.json"] = std::move(blueprint);
  if (diags.has_errors()) return std::nullopt;
  return EmittedBuild{std::move(*plan), std::move(files)};
}

bool EmitBlueprint(const check::CheckedFleet& fleet, const SourceManager& sources,
                   const EmitOptions& options, DiagnosticSink& diags, OutputTree* out,
                   contract::ChartObjects* objects) {
  std::optional<EmittedBuild> build = EmitBuild(fleet, sources, options, diags, objects != nullptr);
  if (!build) return false;
  *out = std::move(build->files);
  if (objects) {
    objects->clear();
    for (Release& r : build->plan.releases) {
      auto& rendered = (*objects)["charts/" + r.name];
      for (PlannedObject& object : r.objects) rendered.push_back(std::move(*object.manifest));
    }
  }
  base::Free(std::move(build->plan));
  return true;
}

}  // namespace dsc::emit
