// EmitRouting: the routes of the blueprint, for `dsc route explain`.
//
// The blueprint is emitted first, so a fleet that `dsc build` refuses is
// refused here with the same diagnostics, and the features it emits are read
// back from its blueprint.json: what is explained is what the build writes.
// The plan is then built once more (emitting is pure, so it is the same plan)
// to read each route's port and Middlewares from its IngressRoute manifest.
#include "compiler/emit/emit.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// The emitted features, by the labels blueprint.json lists.
std::vector<bool> SelectedFeatures(const model::Model& model, const std::string& blueprint) {
  std::vector<bool> selected(model.features.size(), false);
  Json doc = Json::parse(blueprint);
  for (const Json& feature : doc["features"]) {
    for (size_t f = 0; f < model.features.size(); ++f) {
      if (model.features[f].label == feature["label"].get<std::string>()) selected[f] = true;
    }
  }
  return selected;
}

const Json* FindObject(const Plan& plan, std::string_view kind, const std::string& ns,
                       const std::string& name) {
  for (const Release& release : plan.releases) {
    for (const Json& object : release.objects) {
      if (object["kind"] == kind && object["metadata"]["namespace"] == ns &&
          object["metadata"]["name"] == name) {
        return &object;
      }
    }
  }
  return nullptr;
}

EmittedMiddleware MiddlewareOf(const Plan& plan, const std::string& ns, const std::string& name) {
  EmittedMiddleware out{ns, name, {}};
  const Json* middleware = FindObject(plan, "Middleware", ns, name);
  if (!middleware) return out;
  const Json& spec = (*middleware)["spec"];
  if (!spec.contains("headers") || !spec["headers"].contains("customRequestHeaders")) return out;
  for (const auto& [header, value] : spec["headers"]["customRequestHeaders"].items())
    out.request_headers.emplace_back(header, value.get<std::string>());
  return out;
}

EmittedRoute FromRecord(const Plan& plan, const RouteRecord& record) {
  EmittedRoute out{record.host,
                   record.path,
                   record.match,
                   record.priority,
                   record.ingress_route,
                   record.namespace_,
                   record.service,
                   0,
                   record.feature,
                   record.via,
                   {}};
  const Json* ingress = FindObject(plan, "IngressRoute", record.namespace_, record.ingress_route);
  if (!ingress) return out;
  for (const Json& entry : (*ingress)["spec"]["routes"]) {
    if (entry["match"] != record.match) continue;
    out.port = entry["services"][0]["port"].get<int>();
    if (entry.contains("middlewares")) {
      for (const Json& m : entry["middlewares"])
        out.middlewares.push_back(MiddlewareOf(plan, record.namespace_, m["name"]));
    }
  }
  return out;
}

}  // namespace

std::optional<EmittedRouting> EmitRouting(const check::CheckedFleet& fleet,
                                          const SourceManager& sources, const EmitOptions& options,
                                          DiagnosticSink& diags) {
  OutputTree tree;
  if (!EmitBlueprint(fleet, sources, options, diags, &tree)) return std::nullopt;
  DiagnosticSink again;  // the first run reported everything there is
  EmitContext ctx{fleet.model, fleet.graph, sources, options, again, options.traefik, {}};
  if (ctx.traefik.empty()) ctx.traefik = fleet.model.fleet.traefik;
  ctx.feature_selected = SelectedFeatures(fleet.model, tree.at("blueprint.json"));
  std::optional<Plan> plan = BuildPlan(ctx);
  if (!plan) return std::nullopt;
  EmittedRouting out;
  out.traefik = plan->traefik;
  out.features = plan->features;
  for (const RouteRecord& record : plan->routes) out.routes.push_back(FromRecord(*plan, record));
  return out;
}

}  // namespace dsc::emit
