#include "compiler/review/graph_render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/json_text.h"

namespace dsc::review {
namespace {

constexpr const char* kForkFill = "#fde2b8";
constexpr const char* kFeatureLine = "#d9822b";
constexpr const char* kExternalLine = "#777777";
constexpr const char* kTraefikLine = "#2b6cb0";

// An edge's label: `depends_on`, and the route hosts of a call through Traefik.
std::string EdgeLabel(const GraphEdge& e) {
  std::vector<std::string> parts;
  if (e.depends_on) parts.push_back("depends_on");
  if (!e.traefik_hosts.empty())
    parts.push_back(fmt::format("via Traefik: {}", fmt::join(e.traefik_hosts, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

// The second line of a node's label: what it is, beyond its name.
std::string Detail(const GraphNode& node) {
  std::vector<std::string> parts;
  if (!node.service) parts.push_back(node.infra_kind);
  if (node.feature >= 0 && node.service) parts.push_back("fork of " + node.name);
  if (node.external) parts.push_back("external, namespace " + node.namespace_);
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";  // dot's line break
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string DotNode(const GraphNode& node, std::string_view indent) {
  std::string label = node.k8s_name;
  if (std::string detail = Detail(node); !detail.empty()) label += "\n" + detail;
  std::vector<std::string> attrs{"label=" + DotQuote(label)};
  if (!node.service) attrs.push_back("shape=cylinder");
  std::string style = node.service ? "rounded" : "";
  if (node.feature >= 0) {
    style += style.empty() ? "filled" : ",filled";
    attrs.push_back(fmt::format("fillcolor={}", DotQuote(kForkFill)));
  }
  if (node.external) {
    style += style.empty() ? "dashed" : ",dashed";
    attrs.push_back(
        fmt::format("color={}, fontcolor={}", DotQuote(kExternalLine), DotQuote(kExternalLine)));
  }
  if (!style.empty()) attrs.push_back("style=" + DotQuote(style));
  return fmt::format("{}{} [{}];\n", indent, DotQuote(node.id), fmt::join(attrs, ", "));
}

std::string FeatureTitle(const GraphFeature& f) {
  return fmt::format("feature {} (label {}, namespace {})", f.name, f.label, f.namespace_);
}

std::string MermaidText(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "#quot;";
    } else if (c == '\n') {
      out += "<br/>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MermaidNode(const FleetGraph& graph, size_t index) {
  const GraphNode& node = graph.nodes[index];
  std::string label = node.k8s_name;
  if (std::string detail = Detail(node); !detail.empty()) label += "\n" + detail;
  std::string shape = node.service ? "[\"{}\"]" : "[(\"{}\")]";
  std::string out =
      fmt::format("n{}{}", index, fmt::format(fmt::runtime(shape), MermaidText(label)));
  if (node.external) {
    out += ":::external";
  } else if (node.feature >= 0) {
    out += ":::feature";
  }
  return out;
}

}  // namespace

std::string RenderDot(const FleetGraph& graph) {
  std::string out = fmt::format("digraph {} {{\n", DotQuote(graph.fleet));
  out += "  rankdir=LR;\n";
  out += "  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  std::vector<bool> grouped(graph.nodes.size(), false);
  for (const GraphFeature& f : graph.features) {
    for (int n : f.nodes) grouped[n] = true;
  }
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!grouped[n]) out += DotNode(graph.nodes[n], "  ");
  }
  for (const GraphFeature& f : graph.features) {
    out += fmt::format("  subgraph {} {{\n", DotQuote("cluster_feature_" + f.label));
    out += fmt::format("    label={};\n", DotQuote(FeatureTitle(f)));
    out += fmt::format("    style=\"rounded,dashed\"; color={}; fontname=\"Helvetica\";\n",
                       DotQuote(kFeatureLine));
    for (int n : f.nodes) out += DotNode(graph.nodes[n], "    ");
    out += "  }\n";
  }
  for (const GraphEdge& e : graph.edges) {
    std::vector<std::string> attrs;
    if (std::string label = EdgeLabel(e); !label.empty())
      attrs.push_back("label=" + DotQuote(label));
    bool traefik = !e.traefik_hosts.empty();
    if (e.depends_on && !e.reference && !traefik) attrs.push_back("style=dashed");
    if (traefik) {
      attrs.push_back("style=bold");
      attrs.push_back(
          fmt::format("color={}, fontcolor={}", DotQuote(kTraefikLine), DotQuote(kTraefikLine)));
    }
    out += fmt::format("  {} -> {}{};\n", DotQuote(graph.nodes[e.from].id),
                       DotQuote(graph.nodes[e.to].id),
                       attrs.empty() ? "" : fmt::format(" [{}]", fmt::join(attrs, ", ")));
  }
  return out + "}\n";
}

std::string RenderMermaid(const FleetGraph& graph) {
  std::string out = "flowchart LR\n";
  std::vector<bool> grouped(graph.nodes.size(), false);
  for (const GraphFeature& f : graph.features) {
    for (int n : f.nodes) grouped[n] = true;
  }
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!grouped[n]) out += "  " + MermaidNode(graph, n) + "\n";
  }
  for (size_t i = 0; i < graph.features.size(); ++i) {
    const GraphFeature& f = graph.features[i];
    out += fmt::format("  subgraph feature{}[\"{}\"]\n", i, MermaidText(FeatureTitle(f)));
    for (int n : f.nodes) out += "    " + MermaidNode(graph, n) + "\n";
    out += "  end\n";
  }
  for (const GraphEdge& e : graph.edges) {
    // A call through Traefik is thick; a `depends_on` that is nothing else, dotted.
    std::string line = !e.traefik_hosts.empty()       ? "==>"
                       : e.depends_on && !e.reference ? "-.->"
                                                      : "-->";
    std::string label = EdgeLabel(e);
    out += fmt::format("  n{} {}{} n{}\n", e.from, line,
                       label.empty() ? "" : "|" + MermaidText(label) + "|", e.to);
  }
  for (size_t i = 0; i < graph.features.size(); ++i) {
    out += fmt::format("  style feature{} fill:none,stroke:{},stroke-dasharray:5 5\n", i,
                       kFeatureLine);
  }
  out += fmt::format("  classDef feature fill:{},stroke:{}\n", kForkFill, kFeatureLine);
  out += fmt::format("  classDef external stroke:{},color:{},stroke-dasharray:4 3\n", kExternalLine,
                     kExternalLine);
  return out;
}

std::string RenderGraphJson(const FleetGraph& graph) {
  using Json = nlohmann::ordered_json;
  auto nullable = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  Json doc = Json::object();
  doc["fleet"] = graph.fleet;
  Json nodes = Json::array();
  for (const GraphNode& n : graph.nodes) {
    std::string label;
    for (const GraphFeature& f : graph.features) {
      if (f.index == n.feature) label = f.label;
    }
    nodes.push_back(Json{{"id", n.id},
                         {"name", n.name},
                         {"k8s_name", n.k8s_name},
                         {"namespace", n.namespace_},
                         {"kind", n.service ? "service" : "infra"},
                         {"infra_kind", nullable(n.infra_kind)},
                         {"feature", nullable(label)},
                         {"fork_of", n.service && n.feature >= 0 ? Json(n.name) : Json(nullptr)},
                         {"external", n.external}});
  }
  doc["nodes"] = std::move(nodes);
  Json features = Json::array();
  for (const GraphFeature& f : graph.features) {
    Json members = Json::array();
    for (int n : f.nodes) members.push_back(graph.nodes[n].id);
    features.push_back(Json{{"name", f.name},
                            {"label", f.label},
                            {"namespace", f.namespace_},
                            {"nodes", std::move(members)}});
  }
  doc["features"] = std::move(features);
  Json edges = Json::array();
  for (const GraphEdge& e : graph.edges) {
    edges.push_back(Json{{"from", graph.nodes[e.from].id},
                         {"to", graph.nodes[e.to].id},
                         {"depends_on", e.depends_on},
                         {"reference", e.reference},
                         {"via_traefik", !e.traefik_hosts.empty()},
                         {"traefik_hosts", e.traefik_hosts}});
  }
  doc["edges"] = std::move(edges);
  return base::JsonText(doc, 2) + "\n";
}

}  // namespace dsc::review
