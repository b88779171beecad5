// blueprint.json from the plan: the model and the plan mapped onto the contract's
// document (contract/blueprint_document.h), which writes it.
#include "base/chart_hash.h"
#include "base/free_at_exit.h"
#include "compiler/emit/plan.h"
#include "contract/blueprint_document.h"

namespace dsc::emit {
namespace {

std::optional<std::string> FeatureLabel(const EmitContext& ctx, int feature) {
  if (feature < 0) return std::nullopt;
  return ctx.model.features[feature].label;
}

contract::ReleaseEntry ReleaseEntryOf(const EmitContext& ctx, const Release& r,
                                      const OutputTree& charts) {
  contract::ReleaseEntry out;
  out.name = r.name;
  out.ns = r.namespace_;
  out.kind = ReleaseKindName(r.kind);
  if (!r.entity.empty()) out.entity = r.entity;
  out.feature = FeatureLabel(ctx, r.feature);
  if (!r.team.empty()) out.team = r.team;
  out.wave = r.wave;
  out.chart = "charts/" + r.name;
  out.needs = {r.needs.begin(), r.needs.end()};
  auto unless_empty = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };
  for (const PlannedObject& o : r.objects) {
    out.objects.push_back(contract::ObjectEntry{o.api_version, o.kind, unless_empty(o.namespace_),
                                                o.name, unless_empty(o.hook)});
  }
  out.hash = base::ChartHash(charts, out.chart);
  return out;
}

contract::ServiceEntry ServiceEntryOf(const EmitContext& ctx, const model::Service& s) {
  contract::ServiceEntry out;
  out.name = s.name;
  out.k8s_name = s.k8s_name;
  out.ns = s.namespace_;
  out.feature = FeatureLabel(ctx, s.feature);
  out.external = s.external;
  out.image = s.image;
  out.replicas = s.replicas;
  for (const model::Port& p : s.ports) out.ports.emplace_back(p.name, p.number);
  for (const model::EnvVar& var : s.env) {
    if (var.from_secret) out.secret_refs.push_back({var.name, var.secret_name, var.secret_key});
  }
  out.dev = s.dev.has_value();
  out.exports = s.exports;
  return out;
}

}  // namespace

std::string BlueprintJson(const EmitContext& ctx, const Plan& plan, const OutputTree& charts) {
  const model::Model& m = ctx.model;
  contract::BlueprintDocument doc;
  doc.generator = std::string("dsc ") + DSC_VERSION;
  doc.fleet.name = m.fleet.name;
  doc.fleet.ns = m.fleet.namespace_;
  doc.fleet.domain = m.fleet.domain;
  doc.fleet.ephemeral = m.fleet.ephemeral;
  doc.fleet.ttl = FormatJanitorTtl(m.fleet.ttl_ms);
  doc.fleet.routing = {std::string(model::NameOf(m.fleet.routing)), m.fleet.routing_header,
                       std::string(model::NameOf(plan.traefik))};
  doc.fleet.labels = {m.fleet.labels.begin(), m.fleet.labels.end()};
  doc.all_features = ctx.options.features.empty();
  doc.namespaces = {plan.namespaces.begin(), plan.namespaces.end()};
  for (const Release& r : plan.releases) doc.releases.push_back(ReleaseEntryOf(ctx, r, charts));
  for (const model::Service& s : m.services) {
    if (ctx.Emits(s.feature)) doc.services.push_back(ServiceEntryOf(ctx, s));
  }
  for (const model::Infra& i : m.infra) {
    if (!ctx.Emits(i.feature)) continue;
    doc.infra.push_back({i.name, i.k8s_name, i.namespace_, i.kind, FeatureLabel(ctx, i.feature),
                         i.external, i.exports});
  }
  // Edges between emitted (or external) nodes, by display name.
  auto included = [&](int node) {
    const model::Node& n = m.nodes[node];
    int feature = n.kind == model::Node::Kind::kService ? m.services[n.index].feature
                                                        : m.infra[n.index].feature;
    return ctx.Emits(feature);
  };
  for (size_t from = 0; from < ctx.graph.deps.size(); ++from) {
    if (!included(static_cast<int>(from))) continue;
    for (int to : ctx.graph.deps[from])
      doc.edges.push_back({m.nodes[from].display_name, m.nodes[to].display_name});
  }
  for (int f : plan.features) {
    const model::Feature& feature = m.features[f];
    contract::FeatureEntry entry{
        feature.name, feature.label, feature.namespace_, FormatJanitorTtl(feature.ttl_ms), {}, {}};
    for (int s : feature.forks) entry.forks.push_back(m.services[s].name);
    for (int i : feature.infra) entry.infra.push_back(m.infra[i].name);
    doc.features.push_back(std::move(entry));
  }
  for (const RouteRecord& r : plan.routes) {
    doc.routes.push_back({r.host, r.path, r.match, r.priority, r.via, FeatureLabel(ctx, r.feature),
                          r.ingress_route, r.namespace_, r.service});
  }
  std::string text = contract::ToJsonText(doc);
  base::Free(std::move(doc));
  return text;
}

}  // namespace dsc::emit
