#include "compiler/review/route_explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>

#include "compiler/sema/urls_in_text.h"

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

// The routes that match `request`, highest priority first (ties in emission order), and
// those whose rule could not be evaluated.
std::vector<const emit::EmittedRoute*> MatchRoutes(
    const emit::EmittedRouting& routing, const HttpRequest& request,
    std::vector<std::pair<const emit::EmittedRoute*, std::string>>* unevaluated) {
  RuleSyntax syntax =
      routing.traefik == model::TraefikVersion::kV2 ? RuleSyntax::kV2 : RuleSyntax::kV3;
  std::vector<const emit::EmittedRoute*> matches;
  for (const emit::EmittedRoute& route : routing.routes) {
    std::string error;
    std::optional<Rule> rule = ParseRule(route.match, syntax, &error);
    std::optional<bool> matched;
    if (rule) matched = MatchRule(*rule, request, &error);
    if (!matched) {
      if (unevaluated) unevaluated->emplace_back(&route, error);
    } else if (*matched) {
      matches.push_back(&route);
    }
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const emit::EmittedRoute* a, const emit::EmittedRoute* b) {
                     return a->priority > b->priority;
                   });
  return matches;
}

// The label as a call carries it when the caller propagates it: the routing header, or
// a member of `baggage`.
void AddLabel(const model::Model& model, int feature, HttpRequest& request) {
  const model::Fleet& fleet = model.fleet;
  const std::string& label = model.features[feature].label;
  if (fleet.routing == model::RoutingMode::kBaggage) {
    request.headers.emplace_back("baggage", fleet.routing_header + "=" + label);
  } else {
    request.headers.emplace_back(fleet.routing_header, label);
  }
}

// The calls of `from` through Traefik: a hop for each route host its env names, matched
// against the emitted routes with the label the call carries.
std::vector<Hop> TraefikHops(const model::Model& model, const emit::EmittedRouting& routing,
                             const std::set<std::string>& route_hosts, const Visit& at) {
  std::vector<Hop> hops;
  if (!IsService(model, at.node)) return hops;
  const model::Service& caller = model.services[model.nodes[at.node].index];
  bool carries = at.label >= 0 && caller.propagates;
  for (const model::EnvVar& var : caller.env) {
    if (var.from_secret) continue;
    for (const sema::UrlInText& url : sema::UrlsIn(var.value)) {
      std::string host = CanonicalHost(url.host);
      if (!route_hosts.count(host)) continue;
      HttpRequest call{host, std::string(url.path), {}};
      if (carries) AddLabel(model, at.label, call);
      std::vector<const emit::EmittedRoute*> matches = MatchRoutes(routing, call, nullptr);
      if (matches.empty()) continue;
      const emit::EmittedRoute& winner = *matches.front();
      int to = NodeOfService(model, winner.namespace_, winner.service);
      // A service's own route host in its env is its public address (links it writes),
      // not a call.
      if (to < 0 || NameOf(model, to) == caller.name) continue;
      auto same = std::find_if(hops.begin(), hops.end(),
                               [&](const Hop& h) { return h.to == to && h.host == host; });
      if (same != hops.end()) {
        same->env.push_back(var.name);
        continue;
      }
      Hop hop;
      hop.from = at.node;
      hop.to = to;
      hop.depth = at.depth + 1;
      hop.reference = true;
      hop.via_traefik = true;
      hop.host = host;
      hop.route = &winner;
      hop.env.push_back(var.name);
      hop.label = winner.via == "preview" ? winner.feature : (carries ? at.label : -1);
      hop.label_dropped = at.label >= 0 && !carries && winner.via != "preview";
      // The version the request's feature would have chosen, had the label survived.
      if (hop.label_dropped) hop.bypassed = FeatureCounterpart(model, to, at.label);
      hops.push_back(std::move(hop));
    }
  }
  return hops;
}

// Breadth-first from the entry, each (service, label) once; external nodes are listed
// as dependencies but not entered (another fleet wires them).
void WalkHops(const model::Model& model, const graph::DependencyGraph& graph,
              const emit::EmittedRouting& routing, Explanation& out) {
  std::map<std::pair<int, int>, std::pair<bool, bool>> kinds;  // (from, to) -> depends_on, ref
  for (const model::Edge& e : model.edges) {
    auto& [depends_on, reference] = kinds[{e.from, e.to}];
    (e.explicit_ ? depends_on : reference) = true;
  }
  std::set<std::string> route_hosts;  // every host the emitted routes match, canonical
  for (const emit::EmittedRoute& r : routing.routes) route_hosts.insert(CanonicalHost(r.host));
  std::set<std::pair<int, int>> seen;  // (node, label)
  std::deque<Visit> queue{{out.entry_node, 1, out.label.feature}};
  seen.insert({out.entry_node, out.label.feature});
  auto enqueue = [&](int node, int depth, int label) {
    if (IsExternal(model, node) || !seen.insert({node, label}).second) return;
    queue.push_back({node, depth, label});
  };
  while (!queue.empty()) {
    Visit at = queue.front();
    queue.pop_front();
    out.visited.push_back(at);
    size_t visit = out.visited.size() - 1;
    std::vector<Hop> through_traefik = TraefikHops(model, routing, route_hosts, at);
    bool carries = at.label >= 0 && IsService(model, at.node) &&
                   model.services[model.nodes[at.node].index].propagates;
    if (static_cast<size_t>(at.node) < graph.deps.size()) {
      for (int to : graph.deps[at.node]) {
        Hop hop;
        hop.from = at.node;
        hop.to = to;
        hop.depth = at.depth + 1;
        hop.visit = visit;
        std::tie(hop.depends_on, hop.reference) = kinds[{at.node, to}];
        hop.env = EnvFor(model, at.node, to);
        // An env var whose URL is a route host of `to` (`api.route_url`) is a call through
        // Traefik, listed below, not to the Kubernetes Service (whose `<name>.<namespace>`
        // the route host may begin with).
        std::erase_if(hop.env, [&](const std::string& var) {
          return std::any_of(through_traefik.begin(), through_traefik.end(), [&](const Hop& h) {
            return NameOf(model, h.to) == NameOf(model, to) &&
                   std::find(h.env.begin(), h.env.end(), var) != h.env.end();
          });
        });
        bool routed =
            std::any_of(through_traefik.begin(), through_traefik.end(),
                        [&](const Hop& h) { return NameOf(model, h.to) == NameOf(model, to); });
        if (routed && hop.env.empty() && !hop.depends_on) continue;
        hop.label = carries ? at.label : -1;
        hop.bypassed = FeatureCounterpart(model, to, at.label);
        out.hops.push_back(std::move(hop));
        if (IsService(model, to))
          enqueue(to, at.depth + 1, carries ? at.label : -1);
        else if (!IsExternal(model, to))
          enqueue(to, at.depth + 1, -1);
      }
    }
    for (Hop& hop : through_traefik) {
      hop.visit = visit;
      enqueue(hop.to, hop.depth, hop.label);
      out.hops.push_back(std::move(hop));
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
  out.matches = MatchRoutes(routing, request, &out.unevaluated);
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
  if (out.entry_node >= 0) WalkHops(model, graph, routing, out);
  return out;
}

}  // namespace dsc::review
