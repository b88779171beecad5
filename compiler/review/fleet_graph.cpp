#include "compiler/review/fleet_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/ascii.h"

namespace dsc::review {
namespace {

GraphNode NodeFor(const model::Model& model, const model::Node& node) {
  GraphNode out;
  if (node.kind == model::Node::Kind::kService) {
    const model::Service& s = model.services[node.index];
    out = GraphNode{"", s.name, s.k8s_name, s.namespace_, true, "", s.feature, s.external};
  } else {
    const model::Infra& i = model.infra[node.index];
    out = GraphNode{"", i.name, i.k8s_name, i.namespace_, false, i.kind, i.feature, i.external};
  }
  out.id = out.namespace_ + "/" + out.k8s_name;
  return out;
}

// A call at a route host reaches the service the host routes to; in a feature, Traefik
// picks the feature's fork of it by the label (when the call carries it: `dsc route
// explain` says whether it does), so the edge goes to the fork where there is one.
void AddTraefikCalls(const model::Model& model, const std::vector<int>& shown,
                     std::map<std::pair<int, int>, GraphEdge>& edges) {
  std::map<std::string, std::string> service_of_host;  // lowered route host -> baseline name
  for (const model::Service& s : model.services) {
    if (s.external || s.feature >= 0) continue;
    for (const model::Route& r : s.routes)
      service_of_host.emplace(base::AsciiLowered(r.host), s.name);
  }
  if (service_of_host.empty()) return;
  // (feature, name) -> model node of the service, a feature's fork or the baseline (-1).
  std::map<std::pair<int, std::string>, int> node_of;
  for (size_t n = 0; n < model.nodes.size(); ++n) {
    if (model.nodes[n].kind != model::Node::Kind::kService) continue;
    const model::Service& s = model.services[model.nodes[n].index];
    if (!s.external) node_of[{s.feature, s.name}] = static_cast<int>(n);
  }
  for (size_t n = 0; n < model.nodes.size(); ++n) {
    if (model.nodes[n].kind != model::Node::Kind::kService || shown[n] < 0) continue;
    const model::Service& caller = model.services[model.nodes[n].index];
    for (const std::string& host : caller.traefik_hosts) {
      auto callee = service_of_host.find(host);
      if (callee == service_of_host.end()) continue;  // a preview host: the label is fixed
      auto to = node_of.find({caller.feature, callee->second});
      if (to == node_of.end()) to = node_of.find({-1, callee->second});
      if (to == node_of.end() || shown[to->second] < 0 || to->second == static_cast<int>(n))
        continue;
      GraphEdge& edge = edges[{shown[n], shown[to->second]}];
      edge.from = shown[n];
      edge.to = shown[to->second];
      edge.traefik_hosts.push_back(host);
    }
  }
}

}  // namespace

std::optional<std::vector<int>> SelectFeatures(const model::Model& model,
                                               const std::vector<std::string>& wanted,
                                               DiagnosticSink& diags) {
  std::vector<bool> selected(model.features.size(), wanted.empty());
  bool ok = true;
  for (const std::string& name : wanted) {
    bool found = false;
    for (size_t f = 0; f < model.features.size(); ++f) {
      if (model.features[f].name == name || model.features[f].label == name) {
        selected[f] = true;
        found = true;
      }
    }
    if (found) continue;
    std::vector<std::string> known;
    for (const model::Feature& f : model.features) known.push_back(f.name);
    // `--feature` is a command-line value: no source location to show.
    diags.Report(DiagKind::kUnknownFeature, Span{}, name)
        .Note(known.empty() ? "this fleet declares no features"
                            : fmt::format("the fleet's features: {}", fmt::join(known, ", ")));
    ok = false;
  }
  if (!ok) return std::nullopt;
  std::vector<int> out;
  for (size_t f = 0; f < selected.size(); ++f) {
    if (selected[f]) out.push_back(static_cast<int>(f));
  }
  return out;
}

FleetGraph BuildFleetGraph(const model::Model& model, const std::vector<int>& features) {
  FleetGraph graph;
  graph.fleet = model.fleet.name;
  // Model node -> graph node, -1 when not shown.
  std::vector<int> shown(model.nodes.size(), -1);
  auto add = [&](size_t n) {
    shown[n] = static_cast<int>(graph.nodes.size());
    graph.nodes.push_back(NodeFor(model, model.nodes[n]));
  };
  for (size_t n = 0; n < model.nodes.size(); ++n) {
    if (NodeFor(model, model.nodes[n]).feature < 0) add(n);
  }
  for (int f : features) {
    const model::Feature& feature = model.features[f];
    GraphFeature group{f, feature.name, feature.label, feature.namespace_, {}};
    for (size_t n = 0; n < model.nodes.size(); ++n) {
      if (NodeFor(model, model.nodes[n]).feature != f) continue;
      group.nodes.push_back(static_cast<int>(graph.nodes.size()));
      add(n);
    }
    graph.features.push_back(std::move(group));
  }
  // Several references to one entity are one edge; a self-reference is none.
  std::map<std::pair<int, int>, GraphEdge> edges;
  for (const model::Edge& e : model.edges) {
    int count = static_cast<int>(shown.size());
    if (e.from == e.to || e.from < 0 || e.to < 0 || e.from >= count || e.to >= count) continue;
    int from = shown[e.from], to = shown[e.to];
    if (from < 0 || to < 0) continue;
    GraphEdge& edge = edges[{from, to}];
    edge.from = from;
    edge.to = to;
    (e.explicit_ ? edge.depends_on : edge.reference) = true;
  }
  AddTraefikCalls(model, shown, edges);
  for (const auto& [key, edge] : edges) graph.edges.push_back(edge);
  return graph;
}

}  // namespace dsc::review
