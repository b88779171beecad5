// Rules that look past one pod: features and their TTLs, dependencies on other
// fleets, and where routes point.
#include <algorithm>
#include <map>
#include <set>

#include "base/ascii.h"
#include "compiler/lint/checks.h"

namespace dsc::lint {
namespace {

std::string FormatDuration(int64_t ms) {
  constexpr int64_t kMinute = 60 * 1000, kHour = 60 * kMinute, kDay = 24 * kHour;
  if (ms % kDay == 0) return std::to_string(ms / kDay) + "d";
  if (ms % kHour == 0) return std::to_string(ms / kHour) + "h";
  if (ms % kMinute == 0) return std::to_string(ms / kMinute) + "m";
  return std::to_string(ms / 1000) + "s";
}

bool Within(Span inner, Span outer) {
  return inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

bool UnderDomain(const std::string& host, const std::string& domain) {
  std::string h = base::AsciiLowered(host), d = base::AsciiLowered(domain);
  return h == d || (h.size() > d.size() && h.ends_with(d) && h[h.size() - d.size() - 1] == '.');
}

bool IsExternal(const model::Model& model, const model::Node& node) {
  return node.kind == model::Node::Kind::kService ? model.services[node.index].external
                                                  : model.infra[node.index].external;
}

const std::string& NamespaceOf(const model::Model& model, const model::Node& node) {
  return node.kind == model::Node::Kind::kService ? model.services[node.index].namespace_
                                                  : model.infra[node.index].namespace_;
}

}  // namespace

void CheckFeatures(LintContext& ctx) {
  for (const model::Feature& feature : ctx.model.features) {
    const ast::Decl* decl = ctx.syntax.DeclAt(feature.span);
    if (!decl || FindMember(decl->body, "ttl")) continue;
    ctx.Report(RuleId::kFeatureDefaultTtl, decl->name.span,
               fmt::format("feature `{}` sets no `ttl`, so it lives for the fleet's {}",
                           feature.name, FormatDuration(feature.ttl_ms)));
  }
}

// Every infra kind holds state (a queue's messages, a bucket's objects, a database's
// rows): a fork that uses the baseline's instance competes with the baseline for it, or
// writes into it, which is rarely what a feature means.
void CheckForkedInfra(LintContext& ctx) {
  const model::Model& model = ctx.model;
  std::set<std::pair<int, int>> reported;  // (fork, infra)
  for (const model::Edge& edge : model.edges) {
    const model::Node& from = model.nodes[edge.from];
    const model::Node& to = model.nodes[edge.to];
    if (from.kind != model::Node::Kind::kService || to.kind != model::Node::Kind::kInfra) continue;
    const model::Service& fork = model.services[from.index];
    const model::Infra& infra = model.infra[to.index];
    if (fork.feature < 0 || !ctx.Linted(fork) || infra.feature >= 0 || infra.external) continue;
    if (!reported.insert({from.index, to.index}).second) continue;
    const ast::Decl* block = ctx.syntax.WrittenIn(model, fork);
    if (!block) continue;
    const model::Feature& feature = model.features[fork.feature];
    Diagnostic& d =
        ctx.Report(RuleId::kForkSharesInfra, block->name.span,
                   fmt::format("the fork of `{}` in feature `{}` uses the baseline's `{}`",
                               fork.name, feature.name, infra.name),
                   fmt::format("`{}` ({}) is the baseline's instance: the fork shares its state "
                               "with the baseline's services",
                               infra.name, infra.kind));
    d.Secondary(edge.span, "used here");
    d.help =
        fmt::format("add `fork {} {{}}` to feature `{}`: its forks then use a copy of their own",
                    infra.name, feature.name);
  }
}

// A call through Traefik keeps the feature label only if the caller passes it on: from a
// caller that does not, a request of the feature reaches the baseline of the callee,
// and the feature's fork of it only at the edge (its header or preview route).
void CheckLabelPropagation(LintContext& ctx) {
  const model::Model& model = ctx.model;
  std::map<std::string, std::string> service_of_host;  // route host -> baseline service
  std::set<std::pair<int, std::string>> forked;        // (feature, baseline name)
  for (const model::Service& s : model.services) {
    if (s.external) continue;
    if (s.feature >= 0) {
      forked.insert({s.feature, s.name});
      continue;
    }
    for (const model::Route& r : s.routes)
      service_of_host.emplace(base::AsciiLowered(r.host), s.name);
  }
  for (const model::Service& fork : model.services) {
    if (fork.feature < 0 || !ctx.Linted(fork)) continue;
    const ast::Decl* block = ctx.syntax.WrittenIn(model, fork);
    if (!block) continue;
    std::set<std::string> reported;
    for (const model::Service& caller : model.services) {
      if (caller.external || caller.propagates || caller.traefik_hosts.empty() ||
          caller.name == fork.name)
        continue;
      // The callers a request of this feature goes through: the baseline's, or its forks.
      if (caller.feature >= 0 && caller.feature != fork.feature) continue;
      if (caller.feature < 0 && forked.count({fork.feature, caller.name}))
        continue;  // the feature's fork of the caller is the one on the path
      for (const std::string& host : caller.traefik_hosts) {
        auto it = service_of_host.find(host);
        if (it == service_of_host.end() || it->second != fork.name) continue;
        if (!reported.insert(caller.name).second) continue;
        const model::Feature& feature = model.features[fork.feature];
        Diagnostic& d = ctx.Report(
            RuleId::kForkLabelDropped, block->name.span,
            fmt::format("`{}` calls `{}` through Traefik ({}) but does not propagate the "
                        "label: with label `{}` its calls reach the baseline, not this fork",
                        caller.name, fork.name, host, feature.label),
            "`dsc route explain` with the label shows the hop as `label: dropped`");
        if (const ast::Decl* at = ctx.syntax.WrittenIn(model, caller)) {
          d.Secondary(at->name.span, "calls it without passing the label on");
        }
      }
    }
  }
}

void CheckDependencies(LintContext& ctx) {
  const model::Model& model = ctx.model;
  std::set<std::pair<std::string, int>> reported;  // (service, target node)
  for (const model::Edge& edge : model.edges) {
    const model::Node& from = model.nodes[edge.from];
    const model::Node& to = model.nodes[edge.to];
    if (from.kind != model::Node::Kind::kService || !IsExternal(model, to)) continue;
    const model::Service& service = model.services[from.index];
    if (!ctx.Linted(service)) continue;
    // A fork re-evaluates its baseline's fields: only what its block adds is new.
    if (service.feature >= 0) {
      const ast::Decl* fork = ctx.syntax.WrittenIn(model, service);
      if (!fork || !Within(edge.span, fork->span)) continue;
    }
    if (!reported.insert({service.name, edge.to}).second) continue;
    ctx.Report(RuleId::kDependsOnExternal, edge.span,
               fmt::format("`{}` depends on `{}`, which another team's fleet deploys", service.name,
                           to.display_name),
               fmt::format("`{}` runs in namespace `{}`", to.display_name, NamespaceOf(model, to)));
  }
}

void CheckRoutes(LintContext& ctx) {
  const model::Fleet& fleet = ctx.model.fleet;
  for (const model::Service& service : ctx.model.services) {
    if (!ctx.Linted(service)) continue;
    const ast::Decl* decl = ctx.syntax.WrittenIn(ctx.model, service);
    if (!decl) continue;
    for (const model::Route& route : service.routes) {
      if (!Within(route.span, decl->span) || route.host.empty()) continue;
      if (UnderDomain(route.host, fleet.domain)) continue;
      ctx.Report(RuleId::kRouteOutsideDomain, route.span,
                 fmt::format("route host `{}` is not under the fleet's domain `{}`", route.host,
                             fleet.domain),
                 fmt::format("in a feature, `{}` is previewed at `{}-<label>.{}`", service.name,
                             service.name, fleet.domain));
    }
    // A route to a first port named `http` goes where anyone would expect.
    if (service.ports.size() < 2) continue;
    const model::Port& first = service.ports.front();
    if (first.name == "http" || first.name == "https") continue;
    for (const ast::Member* member : FindMembers(decl->body, "route")) {
      const ast::Body* body = BodyOf(member);
      if (!body || FindMember(*body, "port")) continue;
      ctx.Report(RuleId::kRouteImplicitPort, member->key.span,
                 fmt::format("route of `{}` names no `port`, so it goes to the first, `{}` ({})",
                             service.name, first.name, first.number));
    }
  }
}

}  // namespace dsc::lint
