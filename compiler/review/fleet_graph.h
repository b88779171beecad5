// The dependency graph as `dsc graph` shows it.
//
// Input: the checked model and the features to show. Output: a FleetGraph:
// the baseline's services and infra (external ones marked), then each shown
// feature's forks and own infra, and one edge per (from, to) pair that says
// whether it comes from a `depends_on` entry, a reference, or both, and whether its
// calls pass through Traefik (at a route host). Rendering
// (dot, Mermaid, JSON) is graph_render.h. The order is the model's
// declaration order, so the same fleet always gives the same graph.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"

namespace dsc::review {

struct GraphNode {
  std::string id;    // "<namespace>/<k8s_name>": unique, stable
  std::string name;  // as declared (a fork's is its baseline's)
  std::string k8s_name, namespace_;
  bool service = true;
  std::string infra_kind;  // e.g. "db.postgres"; empty for a service
  int feature = -1;        // index into Model::features; -1: baseline
  bool external = false;   // another team's fleet: referenced, not deployed
};

struct GraphEdge {
  int from = 0, to = 0;     // indexes into FleetGraph::nodes: `from` depends on `to`
  bool depends_on = false;  // listed in `from`'s `depends_on`
  bool reference = false;   // `from` references an export of `to`
  // `from` calls `to` at a route host, so through Traefik, which picks the version by
  // the label the call carries (sema's Service::traefik_hosts); a URL written literally
  // is such a call without a reference.
  std::vector<std::string> traefik_hosts;
};

struct GraphFeature {
  int index = 0;  // into Model::features
  std::string name, label, namespace_;
  std::vector<int> nodes;  // indexes into FleetGraph::nodes
};

struct FleetGraph {
  std::string fleet;
  std::vector<GraphNode> nodes;  // the baseline first, then feature by feature
  std::vector<GraphFeature> features;
  std::vector<GraphEdge> edges;  // sorted by (from, to)
};

// The features named (by name or label) in `wanted`, all when it is empty;
// nothing, with DS6005 reported for each unknown name, otherwise.
std::optional<std::vector<int>> SelectFeatures(const model::Model& model,
                                               const std::vector<std::string>& wanted,
                                               DiagnosticSink& diags);

FleetGraph BuildFleetGraph(const model::Model& model, const std::vector<int>& features);

}  // namespace dsc::review
