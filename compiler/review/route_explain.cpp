#include "compiler/review/route_explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>

namespace dsc::review {
namespace {

bool IsService(const model::Model& model, int node) {
  return model.nodes[node].kind == model::Node::Kind::kService;
}

int FeatureOf(const model::Model& model, int node) {
  const model::Node& n = model.nodes[node];
  return IsService(model, node) ? model.services[n.index].feature : model.infra[n.index].feature;
}

const std::string& NameOf(const model::Model& model, int node) {
  const model::Node& n = model.nodes[node];
  return IsService(model, node) ? model.services[n.index].name : model.infra[n.index].name;
}

bool IsExternal(const model::Model& model, int node) {
  const model::Node& n = model.nodes[node];
  return IsService(model, node) ? model.services[n.index].external : model.infra[n.index].external;
}

bool SameHeaderName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// `needle` in `text` as a whole host name: not inside a longer name.
bool ContainsHost(std::string_view text, std::string_view needle) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    bool before = at == 0 || (!name_char(text[at - 1]) && text[at - 1] != '.');
    size_t end = at + needle.size();
    bool after = end == text.size() || !name_char(text[end]);
    if (before && after) return true;
  }
  return false;
}

// The env vars of `from` that carry `to`'s address (its `<name>.<namespace>`
// host) or, for infra, any of its exports.
std::vector<std::string> EnvFor(const model::Model& model, int from, int to) {
  const model::Node& f = model.nodes[from];
  const model::Node& t = model.nodes[to];
  std::vector<const model::EnvVar*> env;
  std::string from_ns;
  if (f.kind == model::Node::Kind::kService) {
    for (const model::EnvVar& v : model.services[f.index].env) env.push_back(&v);
    from_ns = model.services[f.index].namespace_;
  } else {
    const model::Infra& infra = model.infra[f.index];
    if (infra.workload) {
      for (const model::EnvVar& v : infra.workload->env) env.push_back(&v);
    }
    if (infra.provision) {
      for (const model::EnvVar& v : infra.provision->env) env.push_back(&v);
    }
    from_ns = infra.namespace_;
  }
  std::string host, to_ns;
  int infra = -1;
  bool infra_external = false;
  if (t.kind == model::Node::Kind::kService) {
    const model::Service& s = model.services[t.index];
    host = s.k8s_name + "." + s.namespace_;
  } else {
    const model::Infra& i = model.infra[t.index];
    host = i.k8s_name + "." + i.namespace_;
    infra = t.index;
    to_ns = i.namespace_;
    infra_external = i.external;
  }
  std::vector<std::string> out;
  for (const model::EnvVar* v : env) {
    if (v->from_secret) continue;
    if (infra >= 0 && v->infra == infra) {
      // emit's rule: an exact export of an infra in the same namespace is
      // read from its outputs ConfigMap.
      bool config_map = !infra_external && to_ns == from_ns;
      out.push_back(config_map
                        ? fmt::format("{} (outputs ConfigMap, key {})", v->name, v->infra_export)
                        : v->name);
    } else if (ContainsHost(v->value, host)) {
      out.push_back(v->name);
    }
  }
  return out;
}

// The node of `feature` with the same name as `node`, when `node` is not in it.
int FeatureCounterpart(const model::Model& model, int node, int feature) {
  if (feature < 0 || FeatureOf(model, node) == feature) return -1;
  for (size_t n = 0; n < model.nodes.size(); ++n) {
    int candidate = static_cast<int>(n);
    if (FeatureOf(model, candidate) == feature &&
        IsService(model, candidate) == IsService(model, node) &&
        NameOf(model, candidate) == NameOf(model, node)) {
      return candidate;
    }
  }
  return -1;
}

bool Emitted(const emit::EmittedRouting& routing, int feature) {
  return std::find(routing.features.begin(), routing.features.end(), feature) !=
         routing.features.end();
}

// The label the request carries: the routing header's value, or a
// `<routing_header>=<label>` member of `baggage` (W3C: comma-separated
// members, each `key=value` with optional `;properties`, whitespace around).
LabelInEffect LabelFromRequest(const model::Model& model, const emit::EmittedRouting& routing,
                               const HttpRequest& request) {
  const model::Fleet& fleet = model.fleet;
  bool baggage = fleet.routing == model::RoutingMode::kBaggage;
  LabelInEffect out;
  out.source = baggage ? "baggage" : "header";
  auto trim = [](std::string_view s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string_view::npos ? std::string_view() : s.substr(b, e - b + 1);
  };
  std::vector<std::string> labels;
  for (const auto& [name, value] : request.headers) {
    if (!baggage) {
      if (SameHeaderName(name, fleet.routing_header)) labels.push_back(value);
      continue;
    }
    if (!SameHeaderName(name, "baggage")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view member = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      member = member.substr(0, member.find(';'));
      size_t eq = member.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(member.substr(0, eq)) == fleet.routing_header)
        labels.emplace_back(trim(member.substr(eq + 1)));
    }
  }
  for (const std::string& label : labels) {
    int found = -1;
    for (size_t f = 0; f < model.features.size(); ++f) {
      if (model.features[f].label == label && Emitted(routing, static_cast<int>(f)))
        found = static_cast<int>(f);
    }
    if (found < 0) {
      out.unknown.push_back(label);
    } else if (out.feature < 0) {
      out.feature = found;
    }
  }
  return out;
}

int NodeOfService(const model::Model& model, const std::string& ns, const std::string& k8s_name) {
  for (size_t n = 0; n < model.nodes.size(); ++n) {
    const model::Node& node = model.nodes[n];
    if (node.kind != model::Node::Kind::kService) continue;
    const model::Service& s = model.services[node.index];
    if (!s.external && s.namespace_ == ns && s.k8s_name == k8s_name) return static_cast<int>(n);
  }
  return -1;
}

// Breadth-first from the entry, each node once; external nodes are listed as
// dependencies but not entered (another fleet wires them).
void WalkHops(const model::Model& model, const graph::DependencyGraph& graph, Explanation& out) {
  std::map<std::pair<int, int>, std::pair<bool, bool>> kinds;  // (from, to) -> depends_on, ref
  for (const model::Edge& e : model.edges) {
    auto& [depends_on, reference] = kinds[{e.from, e.to}];
    (e.explicit_ ? depends_on : reference) = true;
  }
  std::vector<bool> seen(model.nodes.size(), false);
  std::deque<int> queue{out.entry_node};
  seen[out.entry_node] = true;
  while (!queue.empty()) {
    int from = queue.front();
    queue.pop_front();
    out.visited.push_back(from);
    if (static_cast<size_t>(from) >= graph.deps.size()) continue;
    for (int to : graph.deps[from]) {
      Hop hop;
      hop.from = from;
      hop.to = to;
      std::tie(hop.depends_on, hop.reference) = kinds[{from, to}];
      hop.env = EnvFor(model, from, to);
      hop.bypassed = FeatureCounterpart(model, to, out.label.feature);
      out.hops.push_back(std::move(hop));
      if (!seen[to] && !IsExternal(model, to)) {
        seen[to] = true;
        queue.push_back(to);
      }
    }
  }
}

}  // namespace

Explanation ExplainRequest(const model::Model& model, const graph::DependencyGraph& graph,
                           const emit::EmittedRouting& routing, const HttpRequest& request) {
  Explanation out;
  out.request = request;
  out.traefik = routing.traefik;
  out.route_count = routing.routes.size();
  RuleSyntax syntax =
      routing.traefik == model::TraefikVersion::kV2 ? RuleSyntax::kV2 : RuleSyntax::kV3;
  for (const emit::EmittedRoute& route : routing.routes) {
    std::string error;
    std::optional<Rule> rule = ParseRule(route.match, syntax, &error);
    std::optional<bool> matched;
    if (rule) matched = MatchRule(*rule, request, &error);
    if (!matched) {
      out.unevaluated.emplace_back(&route, error);
    } else if (*matched) {
      out.matches.push_back(&route);
    }
  }
  std::stable_sort(out.matches.begin(), out.matches.end(),
                   [](const emit::EmittedRoute* a, const emit::EmittedRoute* b) {
                     return a->priority > b->priority;
                   });
  if (out.matches.empty()) return out;
  out.tie = out.matches.size() > 1 && out.matches[0]->priority == out.matches[1]->priority;
  const emit::EmittedRoute& winner = *out.matches.front();
  if (winner.via == "preview") {
    // The Middleware runs after the rule matched: it sets the label for what
    // is behind the route, whatever the request carried.
    out.label.feature = winner.feature;
    out.label.source = "preview";
  } else {
    out.label = LabelFromRequest(model, routing, request);
  }
  out.entry_node = NodeOfService(model, winner.namespace_, winner.service);
  if (out.entry_node >= 0) WalkHops(model, graph, out);
  return out;
}

}  // namespace dsc::review
