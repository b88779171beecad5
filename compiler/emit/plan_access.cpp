// EmitRouting: the routes of the blueprint, for `dsc route explain`.
//
// The blueprint is emitted (EmitBuild), so a fleet that `dsc build` refuses is refused
// here with the same diagnostics, and what is explained is the plan the build writes:
// each route's record, and the request headers its Middleware sets.
#include "compiler/emit/emit.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

const Json* FindObject(const Plan& plan, std::string_view kind, const std::string& ns,
                       const std::string& name) {
  for (const Release& release : plan.releases) {
    for (const PlannedObject& object : release.objects) {
      if (object.kind == kind && object.namespace_ == ns && object.name == name) {
        return &*object.manifest;
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
                   record.port,
                   record.feature,
                   record.via,
                   {}};
  if (!record.middleware.empty())
    out.middlewares.push_back(MiddlewareOf(plan, record.namespace_, record.middleware));
  return out;
}

}  // namespace

std::optional<EmittedRouting> EmitRouting(const check::CheckedFleet& fleet,
                                          const SourceManager& sources, const EmitOptions& options,
                                          DiagnosticSink& diags) {
  std::optional<EmittedBuild> build =
      EmitBuild(fleet, sources, options, diags, /*keep_manifests=*/true);
  if (!build) return std::nullopt;
  const Plan& plan = build->plan;
  EmittedRouting out;
  out.traefik = plan.traefik;
  out.features = plan.features;
  for (const RouteRecord& record : plan.routes) out.routes.push_back(FromRecord(plan, record));
  return out;
}

}  // namespace dsc::emit
