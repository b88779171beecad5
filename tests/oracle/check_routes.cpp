// Traefik routes: what each IngressRoute names exists, and each route reaches the
// version of the service the fleet means (baseline, fork, or a preview's pick).
#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

bool ServiceHasPort(const Object& service, const Json& port) {
  for (const Json& p : At(service.body, {"spec", "ports"})) {
    if ((port.is_number() && p.value("port", 0) == port) ||
        (port.is_string() && p.value("name", "") == port)) {
      return true;
    }
  }
  return false;
}

void CheckReferences(Context& ctx, const Object& ingress) {
  std::string where = fmt::format("IngressRoute {}/{}", ingress.ns(), ingress.name());
  for (const Json& route : At(ingress.body, {"spec", "routes"})) {
    for (const Json& svc : At(route, "services")) {
      std::string ns = svc.value("namespace", ingress.ns());
      const Object* service = ctx.build.Find("Service", ns, svc.value("name", ""));
      if (!service) {
        ctx.Fail(fmt::format("{}: Service {}/{} is not emitted", where, ns, svc.value("name", "")));
      } else if (!ServiceHasPort(*service, svc["port"])) {
        ctx.Fail(fmt::format("{}: Service {}/{} has no port {}", where, ns, service->name(),
                             svc["port"].dump()));
      }
    }
    for (const Json& mw : At(route, "middlewares")) {
      std::string ns = mw.value("namespace", ingress.ns());
      if (!ctx.build.Find("Middleware", ns, mw.value("name", ""))) {
        ctx.Fail(
            fmt::format("{}: Middleware {}/{} is not emitted", where, ns, mw.value("name", "")));
      }
    }
  }
}

const Json* ServiceRecord(const Context& ctx, const std::string& name, const Json& feature) {
  for (const Json& s : ctx.build.blueprint["services"]) {
    if (s["name"] == name && s["feature"] == feature && !s["external"].get<bool>()) return &s;
  }
  return nullptr;
}

// The preview host of a routed service (`record`, the feature's fork of baseline `name`
// or the baseline itself) in the feature with `label`: its `preview_host` pattern (a
// fork's is its baseline's unless its block sets one), else the fleet's, else
// `${service}-${label}.${fleet.domain}`, filled in.
std::string PreviewHostOf(const Context& ctx, const Json& record, const std::string& name,
                          const std::string& label) {
  std::string pattern = "${service}-${label}.${fleet.domain}";
  if (const ast::Decl* fleet = ctx.source.entry().fleet) {
    for (const ast::Member& m : fleet->body.members) {
      if (m.key.text == "preview_host" && m.value) pattern = PatternText(*m.value);
    }
  }
  for (const Entity& entity : ctx.emitted()) {
    if (ctx.RecordOf(entity) != &record) continue;
    for (const Field& field : ctx.source.BodyOf(entity).fields) {
      if (field.member->key.text == "preview_host") pattern = PatternText(*field.member->value);
    }
  }
  const std::string domain = ctx.build.blueprint["fleet"]["domain"];
  std::string host;
  for (size_t at = 0; at < pattern.size();) {
    size_t open = pattern.find("${", at);
    if (open == std::string::npos) {
      host += pattern.substr(at);
      break;
    }
    size_t close = pattern.find('}', open);
    std::string placeholder = pattern.substr(open + 2, close - open - 2);
    host += pattern.substr(at, open - at) + (placeholder == "service" ? name
                                             : placeholder == "label" ? label
                                                                      : domain);
    at = close + 1;
  }
  return host;
}

// The service a route record should reach: for a preview host (by the pattern) of a
// baseline service, the feature's fork of it where it has one, else the baseline.
const Json* ExpectedTarget(const Context& ctx, const Json& route) {
  const Json& feature = route["feature"];
  std::string via = route["via"];
  const Json* target = nullptr;
  for (const Json& s : ctx.build.blueprint["services"]) {
    if (s["external"].get<bool>()) continue;
    if (via == "host" && s["feature"].is_null() && s["k8s_name"] == route["service"]) target = &s;
    if (via == "header" && s["feature"] == feature && s["k8s_name"] == route["service"])
      target = &s;
    if (via == "preview" && s["feature"].is_null() && feature.is_string()) {
      const Json* fork = ServiceRecord(ctx, s["name"], feature);
      const Json* reached = fork ? fork : &s;
      if (PreviewHostOf(ctx, *reached, s["name"], feature) != route["host"]) continue;
      target = reached;
    }
  }
  return target;
}

}  // namespace

void CheckRoutes(Context& ctx) {
  for (const Object* ingress : ctx.build.OfKind("IngressRoute")) CheckReferences(ctx, *ingress);
  for (const Json& route : ctx.build.blueprint["routes"]) {
    std::string where = fmt::format(
        "route {} ({}{})", route["match"].get<std::string>(), route["via"].get<std::string>(),
        route["feature"].is_string() ? ", feature " + route["feature"].get<std::string>() : "");
    const Object* ingress =
        ctx.build.Find("IngressRoute", route["namespace"], route["ingress_route"]);
    bool emitted = false;
    if (ingress) {
      for (const Json& r : At(ingress->body, {"spec", "routes"})) {
        emitted |= r.value("match", "") == route["match"] && !r["services"].empty() &&
                   r["services"][0].value("name", "") == route["service"];
      }
    }
    if (!emitted) {
      ctx.Fail(fmt::format("{}: IngressRoute {}/{} has no such route to {}", where,
                           route["namespace"].get<std::string>(),
                           route["ingress_route"].get<std::string>(),
                           route["service"].get<std::string>()));
    }
    const Json* target = ExpectedTarget(ctx, route);
    if (!target) {
      ctx.Fail(fmt::format("{}: reaches {}, which is no {} service", where,
                           route["service"].get<std::string>(),
                           route["via"] == "host" ? "baseline" : "matching"));
    } else if ((*target)["k8s_name"] != route["service"] ||
               (*target)["namespace"] != route["namespace"]) {
      ctx.Fail(fmt::format(
          "{}: reaches {}/{}, the fleet means {}/{}", where, route["namespace"].get<std::string>(),
          route["service"].get<std::string>(), (*target)["namespace"].get<std::string>(),
          (*target)["k8s_name"].get<std::string>()));
    }
  }
}

}  // namespace dsc::oracle
