// Traefik IngressRoutes and Middlewares: baseline routes, header routes for a
// feature's forks, and per-feature preview hosts that inject the feature label.
//
// Priorities are explicit (Traefik's default is the rule's length, which
// changes between v2 and v3 syntax): 1000 + 10 x the path length, so a longer
// path prefix always wins, plus 1 for a route that also matches the feature
// label, so a fork wins over its baseline on the same host and path.
#include <fmt/format.h>

#include <span>

#include "compiler/emit/plan.h"
#include "compiler/sema/preview_host.h"

namespace dsc::emit {
namespace {

constexpr int64_t kBasePriority = 1000;

std::string TraefikApiVersion(const EmitContext& ctx) {
  return ctx.traefik == model::TraefikVersion::kV2 ? "traefik.containo.us/v1alpha1"
                                                   : "traefik.io/v1alpha1";
}

// A matcher argument: a Go raw string in backticks, or an interpreted string
// when the value itself contains a backtick.
std::string RuleArg(std::string_view value) {
  if (value.find('`') == std::string_view::npos) {
    std::string out;
    out.reserve(value.size() + 2);
    out += '`';
    out += value;
    out += '`';
    return out;
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Go regexp syntax: escape every metacharacter (as regexp.QuoteMeta does).
std::string QuoteRegexp(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string HostPathRule(std::string_view host, std::string_view path) {
  return "Host(" + RuleArg(host) + ") && PathPrefix(" + RuleArg(path) + ")";
}

// The clause that selects requests carrying `label`: the routing header's
// value, or a member of the W3C `baggage` header, anchored on list-member
// boundaries (`k=v` separated by commas, with optional `;properties`).
std::string LabelClause(const EmitContext& ctx, std::string_view label) {
  const model::Fleet& fleet = ctx.model.fleet;
  bool v2 = ctx.traefik == model::TraefikVersion::kV2;
  if (fleet.routing == model::RoutingMode::kBaggage) {
    std::string re = fmt::format(R"((^|,)\s*{}\s*=\s*{}\s*(;|,|$))",
                                 QuoteRegexp(fleet.routing_header), QuoteRegexp(label));
    return fmt::format("{}(`baggage`, {})", v2 ? "HeadersRegexp" : "HeaderRegexp", RuleArg(re));
  }
  return fmt::format("{}({}, {})", v2 ? "Headers" : "Header", RuleArg(fleet.routing_header),
                     RuleArg(label));
}

int64_t PriorityFor(std::string_view path, bool labelled) {
  return kBasePriority + 10 * static_cast<int64_t>(path.size()) + (labelled ? 1 : 0);
}

// The Service port Traefik sends to: the one in front of the route's container port.
int RoutePort(const model::Route& route, const model::Workload& w) {
  for (const model::Port& p : w.ports) {
    if (route.port <= 0 || p.number == route.port) return p.ServicePort();
  }
  return route.port;
}

// An IngressRoute with an entry for each of `routes`, the plan's records of them.
void AddIngressRoute(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                     std::span<const RouteRecord> routes) {
  AddObject(ctx, release, {TraefikApiVersion(ctx), "IngressRoute", id}, [&](DocWriter& out) {
    out.BeginMap("spec");
    out.StrSeq("entryPoints", ctx.model.fleet.entry_points);
    out.BeginSeq("routes");
    for (const RouteRecord& route : routes) {
      out.BeginMap();
      out.Str("kind", "Rule");  // required by the v2 CRD, the default in v3
      out.Str("match", route.match);
      out.Int("priority", route.priority);
      out.BeginSeq("services");
      out.BeginMap();
      out.Str("name", route.service);
      out.Int("port", route.port);
      out.End();
      out.End();
      if (!route.middleware.empty()) {
        out.BeginSeq("middlewares");
        out.BeginMap();
        out.Str("name", route.middleware);
        out.End();
        out.End();
      }
      out.End();
    }
    out.End();
    out.End();
  });
}

// A route some service declares (baseline or any fork) on this host and path.
std::optional<std::pair<const model::Service*, const model::Route*>> DeclaredRoute(
    const EmitContext& ctx, std::string_view host, std::string_view path) {
  for (const model::Service& s : ctx.model.services) {
    if (s.external) continue;
    for (const model::Route& r : s.routes) {
      if (r.host == host && r.path == path) return std::make_pair(&s, &r);
    }
  }
  return std::nullopt;
}

std::string MiddlewareName(const model::Feature& feature) {
  return BoundedName(feature.label, "-label");
}

}  // namespace

void AddServiceRoutes(EmitContext& ctx, const model::Service& service, Release& release,
                      Plan& plan) {
  if (service.routes.empty()) return;
  bool fork = service.feature >= 0;
  std::string label = fork ? ctx.model.features[service.feature].label : "";
  size_t first = plan.routes.size();
  for (const model::Route& route : service.routes) {
    std::string match = HostPathRule(route.host, route.path);
    if (fork) match += " && " + LabelClause(ctx, label);
    int64_t priority = PriorityFor(route.path, fork);
    plan.routes.push_back(RouteRecord{route.host, route.path, match, priority, service.k8s_name,
                                      service.namespace_, service.k8s_name, service.feature,
                                      fork ? "header" : "host", RoutePort(route, service), ""});
  }
  ObjectIdentity id{service.k8s_name, service.namespace_, service.name,   service.k8s_name,
                    release.name,     service.feature,    &service.labels};
  AddIngressRoute(ctx, release, id, std::span(plan.routes).subspan(first));
}

void AddPreviewRoutes(EmitContext& ctx, int f, bool forks_wait, Release& release, Plan& plan) {
  const model::Feature& feature = ctx.model.features[f];
  // The service each baseline name resolves to in this feature.
  std::map<std::string, const model::Service*> forks;
  for (int s : feature.forks) forks[ctx.model.services[s].name] = &ctx.model.services[s];
  std::set<std::string> middleware_namespaces;
  for (const model::Service& base : ctx.model.services) {
    if (base.feature >= 0 || base.external || base.routes.empty()) continue;
    const model::Service& target = forks.count(base.name) ? *forks[base.name] : base;
    std::string host = sema::PreviewHost(ctx.model.fleet, target, feature.label);
    if (std::string_view overlong = sema::OverlongLabel(host); !overlong.empty()) {
      ctx.diags
          .Report(DiagKind::kPreviewHostSkipped, feature.span, base.name, feature.name, overlong,
                  overlong.size())
          .Help("shorten the feature's `label` or the service name");
      continue;
    }
    std::string ingress_route = BoundedName("preview-" + base.name + "-" + feature.label, "");
    size_t first = plan.routes.size();
    std::set<std::string> paths;
    for (const model::Route& route : target.routes) {
      if (!paths.insert(route.path).second) continue;  // one preview host: one route per path
      if (auto taken = DeclaredRoute(ctx, host, route.path)) {
        // A declared route on the preview host would tie with it in Traefik.
        ctx.diags
            .Report(DiagKind::kRouteConflict, taken->second->span, host, route.path,
                    taken->first->name, base.name + "-" + feature.label)
            .Note(fmt::format("`{}` is the preview host of `{}` in feature `{}`: each feature "
                              "gives every routed service the host `{}`",
                              host, base.name, feature.name,
                              sema::PreviewHostPattern(ctx.model.fleet, target)))
            .Help("move the route to another host, or give the feature another `label`");
        continue;
      }
      std::string match = HostPathRule(host, route.path);
      int64_t priority = PriorityFor(route.path, false);
      plan.routes.push_back(RouteRecord{host, route.path, match, priority, ingress_route,
                                        target.namespace_, target.k8s_name, f, "preview",
                                        RoutePort(route, target), MiddlewareName(feature)});
    }
    if (plan.routes.size() == first) continue;  // every path was reported above
    // A preview goes live after what it reaches (and the fleet's namespace exists once
    // the baseline's releases ran), except for the feature's own forks when they wait
    // for this release's Secret copies: that would be a cycle.
    if (target.feature != f || !forks_wait) {
      release.needs.insert(target.namespace_ + "/" + ReleaseName(target.k8s_name));
    }
    // The route lives beside the Service it reaches: Traefik rejects
    // cross-namespace references unless allowCrossNamespace is set.
    ObjectIdentity id{ingress_route, target.namespace_, "", "", release.name, f, nullptr};
    AddIngressRoute(ctx, release, id, std::span(plan.routes).subspan(first));
    middleware_namespaces.insert(target.namespace_);
  }
  const model::Fleet& fleet = ctx.model.fleet;
  for (const std::string& ns : middleware_namespaces) {
    ObjectIdentity id{MiddlewareName(feature), ns, "", "", release.name, f, nullptr};
    AddObject(ctx, release, {TraefikApiVersion(ctx), "Middleware", id}, [&](DocWriter& out) {
      out.BeginMap("spec");
      out.BeginMap("headers");
      out.BeginMap("customRequestHeaders");
      if (fleet.routing == model::RoutingMode::kBaggage) {
        out.Str("baggage", fleet.routing_header + "=" + feature.label);
      } else {
        out.UserStr(fleet.routing_header, feature.label);
      }
      out.End();
      out.End();
      out.End();
    });
  }
}

}  // namespace dsc::emit
