// Rules that look past one pod: features and their TTLs, dependencies on other
// fleets, and where routes point.
#include <algorithm>
#include <cctype>
#include <set>

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

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool UnderDomain(const std::string& host, const std::string& domain) {
  std::string h = Lower(host), d = Lower(domain);
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
