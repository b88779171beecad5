// A FleetGraph as text: Graphviz dot, a Mermaid flowchart, or JSON.
//
// All three show the same things: services as boxes, infra as cylinders (with
// their kind), external entities dashed and marked, each feature's forks and
// infra in a group of their own (a dot cluster, a Mermaid subgraph) filled in
// another colour, and edges from the dependent to its dependency: solid for a
// reference, dashed and labelled `depends_on` for a `depends_on` entry alone,
// solid and labelled `depends_on` for both. Output is a pure function of the
// graph, so it is byte-identical across runs.
#pragma once

#include <string>

#include "compiler/review/fleet_graph.h"

namespace dsc::review {

std::string RenderDot(const FleetGraph& graph);
std::string RenderMermaid(const FleetGraph& graph);
std::string RenderGraphJson(const FleetGraph& graph);

}  // namespace dsc::review
