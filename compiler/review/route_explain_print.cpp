// Printing an Explanation (route_explain.h): text for people, JSON for tools.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "base/json_text.h"
#include "compiler/review/route_explain.h"

namespace dsc::review {
namespace {

using Json = nlohmann::ordered_json;

struct NodeInfo {
  std::string ref;  // "<namespace>/<k8s_name>"
  std::string name;
  bool service = true;
  std::string infra_kind;
  int feature = -1;
  bool external = false;
  bool has_service = true;  // a Kubernetes Service answers at `ref`
};

NodeInfo Info(const model::Model& model, int node) {
  const model::Node& n = model.nodes[node];
  if (n.kind == model::Node::Kind::kService) {
    const model::Service& s = model.services[n.index];
    return {
        s.namespace_ + "/" + s.k8s_name, s.name, true, "", s.feature, s.external, !s.ports.empty()};
  }
  const model::Infra& i = model.infra[n.index];
  bool has_service = i.workload && !i.workload->ports.empty();
  return {
      i.namespace_ + "/" + i.k8s_name, i.name, false, i.kind, i.feature, i.external, has_service};
}

// "baseline", "the fork of `web` in feature `x`", "infra of feature `x`", ...
std::string Version(const model::Model& model, const NodeInfo& info) {
  if (info.external)
    return fmt::format("external: another fleet's, namespace {}",
                       info.ref.substr(0, info.ref.find('/')));
  if (info.feature < 0) return "baseline";
  const std::string& feature = model.features[info.feature].name;
  if (info.service) return fmt::format("the fork of `{}` in feature `{}`", info.name, feature);
  return fmt::format("infra of feature `{}`", feature);
}

std::string RequestLine(const HttpRequest& r) {
  return fmt::format("host {}, path {}", r.host, r.path);
}

std::string FeatureLabel(const model::Model& model, int feature) {
  return feature >= 0 ? model.features[feature].label : "";
}

// "`one-page` (feature `one-page-checkout`), set by ..." for the text output.
std::string LabelText(const model::Model& model, const emit::EmittedRoute& winner,
                      const LabelInEffect& label) {
  if (label.feature < 0) {
    if (!label.unknown.empty()) {
      return fmt::format("none: the request carries `{}`, which names no emitted feature",
                         fmt::join(label.unknown, "`, `"));
    }
    return "none: the request carries no feature label";
  }
  const model::Feature& f = model.features[label.feature];
  std::string out = fmt::format("`{}` (feature `{}`), ", f.label, f.name);
  if (label.source == "preview") {
    std::vector<std::string> sets;
    std::string where;
    for (const emit::EmittedMiddleware& m : winner.middlewares) {
      where = m.namespace_ + "/" + m.name;
      for (const auto& [header, value] : m.request_headers) sets.push_back(header + ": " + value);
    }
    return out + fmt::format("set by Middleware {} ({}), replacing what the request carried", where,
                             fmt::join(sets, ", "));
  }
  if (label.source == "baggage") {
    return out + fmt::format("from a `{}` member of the request's `baggage` header",
                             model.fleet.routing_header);
  }
  return out + fmt::format("from the request's `{}` header", model.fleet.routing_header);
}

std::string RouteTarget(const model::Model& model, const emit::EmittedRoute& r) {
  std::string role = r.feature < 0 ? "baseline"
                     : r.via == "preview"
                         ? fmt::format("preview of feature `{}`", model.features[r.feature].name)
                         : fmt::format("fork in feature `{}`", model.features[r.feature].name);
  return fmt::format("Service {}/{} ({})", r.namespace_, r.service, role);
}

std::string LabelName(const model::Model& model, int feature) {
  return feature >= 0 ? fmt::format("`{}`", model.features[feature].label) : "none";
}

void AppendHopText(const model::Model& model, const Explanation& e, const Hop& hop,
                   std::string& out) {
  NodeInfo to = Info(model, hop.to);
  std::string what = to.service ? "service" : "infra " + to.infra_kind;
  out += fmt::format("    -> {}: {}, {}\n", to.ref, what, Version(model, to));
  if (hop.via_traefik) {
    const emit::EmittedRoute& r = *hop.route;
    out += fmt::format("       through Traefik: host {}, IngressRoute {}/{} (priority {})\n",
                       hop.host, r.namespace_, r.ingress_route, r.priority);
    int caller_label = e.visited[hop.visit].label;
    if (r.via == "preview") {
      out +=
          fmt::format("       label: {}, set by the preview route\n", LabelName(model, hop.label));
    } else if (hop.label_dropped) {
      out += fmt::format(
          "       label: dropped: `{}` does not propagate {} (set `propagates = true` on it)\n",
          Info(model, hop.from).name, LabelName(model, caller_label));
    } else {
      out += fmt::format("       label: {}\n", hop.label >= 0
                                                   ? LabelName(model, hop.label) + ", carried"
                                                   : std::string("none"));
    }
  }
  if (to.external) {
    out += "       deployed by its own fleet, not by this build; not followed\n";
  } else if (!to.has_service) {
    out += "       no Kubernetes Service: its exports are values handed to the caller\n";
  }
  if (!hop.env.empty()) {
    out += "       env:";
    for (const std::string& var : hop.env) out += "\n         " + var;
    out += "\n";
  } else if (hop.depends_on && !hop.reference) {
    out += "       `depends_on` only: deployed before the caller; no address of it is wired in\n";
  } else {
    out += "       referenced, but no env var carries its address\n";
  }
  if (hop.bypassed >= 0) {
    NodeInfo other = Info(model, hop.bypassed);
    std::string_view why = hop.via_traefik ? "the label did not survive this hop"
                                           : "this call does not pass through Traefik";
    out += fmt::format("       not {} ({}): the label's feature has it, but {}\n", other.ref,
                       Version(model, other), why);
  }
}

std::vector<std::string> KnownHosts(const emit::EmittedRouting& routing) {
  std::set<std::string> hosts;
  for (const emit::EmittedRoute& r : routing.routes) hosts.insert(r.host);
  return {hosts.begin(), hosts.end()};
}

std::string NoMatchText(const emit::EmittedRouting& routing, const Explanation& e) {
  std::string out = fmt::format("no route matches: {}\n", RequestLine(e.request));
  std::string host = CanonicalHost(e.request.host);
  std::string same_host;
  for (const emit::EmittedRoute& r : routing.routes) {
    if (CanonicalHost(r.host) == host)
      same_host += fmt::format("  {:>5}  IngressRoute {}/{}: {}\n", r.priority, r.namespace_,
                               r.ingress_route, r.match);
  }
  if (!same_host.empty()) return out + "routes on this host, none of which match:\n" + same_host;
  out += fmt::format("{} routes emitted, on these hosts:\n", routing.routes.size());
  for (const std::string& h : KnownHosts(routing)) out += "  " + h + "\n";
  return out;
}

Json RouteJson(const model::Model& model, const emit::EmittedRoute& r) {
  Json middlewares = Json::array();
  for (const emit::EmittedMiddleware& m : r.middlewares) {
    Json headers = Json::object();
    for (const auto& [k, v] : m.request_headers) headers[k] = v;
    middlewares.push_back(
        Json{{"namespace", m.namespace_}, {"name", m.name}, {"request_headers", headers}});
  }
  std::string label = FeatureLabel(model, r.feature);
  return Json{{"ingress_route", r.ingress_route},
              {"namespace", r.namespace_},
              {"host", r.host},
              {"path", r.path},
              {"match", r.match},
              {"priority", r.priority},
              {"via", r.via},
              {"feature", label.empty() ? Json(nullptr) : Json(label)},
              {"service", r.service},
              {"port", r.port},
              {"middlewares", std::move(middlewares)}};
}

}  // namespace

std::string ExplanationText(const model::Model& model, const emit::EmittedRouting& routing,
                            const Explanation& e) {
  std::string out = fmt::format("request: {}\n", RequestLine(e.request));
  for (const auto& [name, value] : e.request.headers)
    out += fmt::format("  header {}: {}\n", name, value);
  for (const auto& [route, why] : e.unevaluated) {
    out += fmt::format("warning: IngressRoute {}/{} not evaluated: {}\n", route->namespace_,
                       route->ingress_route, why);
  }
  if (e.matches.empty()) return out + NoMatchText(routing, e);
  out += fmt::format("{} of {} routes match (Traefik {}); the highest priority wins\n",
                     e.matches.size(), e.route_count, model::NameOf(e.traefik));
  const emit::EmittedRoute& w = *e.matches.front();
  out += fmt::format("\nentry: IngressRoute {}/{}, priority {}\n", w.namespace_, w.ingress_route,
                     w.priority);
  out += fmt::format("  rule:    {}\n", w.match);
  out += fmt::format("  reaches: Service {}/{} port {}", w.namespace_, w.service, w.port);
  if (e.entry_node >= 0) out += ", " + Version(model, Info(model, e.entry_node));
  out += fmt::format("\n  label:   {}\n", LabelText(model, w, e.label));
  if (e.tie) {
    out += fmt::format(
        "warning: more than one route matches with priority {}; Traefik does not define "
        "which of them wins (the first emitted is shown)\n",
        w.priority);
  }
  if (e.matches.size() > 1) {
    out += "also matched, lower priority:\n";
    for (size_t i = 1; i < e.matches.size(); ++i) {
      const emit::EmittedRoute& r = *e.matches[i];
      out += fmt::format("  {:>5}  IngressRoute {}/{} -> {}\n         {}\n", r.priority,
                         r.namespace_, r.ingress_route, RouteTarget(model, r), r.match);
    }
  }
  out +=
      "\nhops: a call to a route host passes through Traefik again, which chooses the version\n"
      "by the label the call carries (a service passes the label on only with\n"
      "`propagates = true`); any other call goes straight to the Kubernetes Service wired\n"
      "into the caller at build time, whatever the label.\n";
  for (size_t v = 0; v < e.visited.size(); ++v) {
    const Visit& visit = e.visited[v];
    NodeInfo from = Info(model, visit.node);
    std::string hops;
    for (const Hop& hop : e.hops) {
      if (hop.visit == v) AppendHopText(model, e, hop, hops);
    }
    // Infra is listed as a dependency already; with nothing to follow it says nothing more.
    if (hops.empty() && !from.service) continue;
    out += fmt::format("  hop {}: {} ({}), label {}\n", visit.depth, from.ref, Version(model, from),
                       LabelName(model, visit.label));
    out += hops.empty() ? "    no calls or dependencies\n" : hops;
  }
  return out;
}

std::string ExplanationJson(const model::Model& model, const emit::EmittedRouting& routing,
                            const Explanation& e) {
  Json doc = Json::object();
  Json headers = Json::array();
  for (const auto& [name, value] : e.request.headers)
    headers.push_back(Json{{"name", name}, {"value", value}});
  doc["request"] = Json{{"host", e.request.host}, {"path", e.request.path}, {"headers", headers}};
  doc["traefik"] = model::NameOf(e.traefik);
  doc["routes_emitted"] = e.route_count;
  doc["matched"] = !e.matches.empty();
  Json unevaluated = Json::array();
  for (const auto& [route, why] : e.unevaluated) {
    unevaluated.push_back(Json{{"namespace", route->namespace_},
                               {"ingress_route", route->ingress_route},
                               {"match", route->match},
                               {"error", why}});
  }
  doc["unevaluated"] = std::move(unevaluated);
  if (e.matches.empty()) {
    doc["known_hosts"] = KnownHosts(routing);
    return base::JsonText(doc, 2) + "\n";
  }
  doc["entry"] = RouteJson(model, *e.matches.front());
  doc["tie"] = e.tie;
  Json also = Json::array();
  for (size_t i = 1; i < e.matches.size(); ++i) also.push_back(RouteJson(model, *e.matches[i]));
  doc["also_matched"] = std::move(also);
  Json label = nullptr;
  if (e.label.feature >= 0) {
    label = Json{{"label", model.features[e.label.feature].label},
                 {"feature", model.features[e.label.feature].name},
                 {"source", e.label.source}};
  }
  doc["label"] = std::move(label);
  doc["unknown_labels"] = e.label.unknown;
  Json path = Json::array();
  for (const Visit& visit : e.visited) {
    NodeInfo at = Info(model, visit.node);
    std::string feature = FeatureLabel(model, at.feature);
    path.push_back(
        Json{{"hop", visit.depth},
             {"node", at.ref},
             {"feature", feature.empty() ? Json(nullptr) : Json(feature)},
             {"label", visit.label >= 0 ? Json(FeatureLabel(model, visit.label)) : Json(nullptr)}});
  }
  doc["visited"] = std::move(path);
  Json hops = Json::array();
  for (const Hop& hop : e.hops) {
    NodeInfo from = Info(model, hop.from), to = Info(model, hop.to);
    std::string feature = FeatureLabel(model, to.feature);
    hops.push_back(Json{
        {"from", from.ref},
        {"to", to.ref},
        {"kind", to.service ? "service" : "infra"},
        {"feature", feature.empty() ? Json(nullptr) : Json(feature)},
        {"external", to.external},
        {"kubernetes_service", to.has_service},
        {"depends_on", hop.depends_on},
        {"reference", hop.reference},
        {"env", hop.env},
        {"hop", hop.depth},
        {"via_traefik", hop.via_traefik},
        {"host", hop.via_traefik ? Json(hop.host) : Json(nullptr)},
        {"ingress_route",
         hop.route ? Json(hop.route->namespace_ + "/" + hop.route->ingress_route) : Json(nullptr)},
        {"label", hop.label >= 0 ? Json(FeatureLabel(model, hop.label)) : Json(nullptr)},
        {"label_dropped", hop.label_dropped},
        {"bypassed", hop.bypassed >= 0 ? Json(Info(model, hop.bypassed).ref) : Json(nullptr)}});
  }
  doc["hops"] = std::move(hops);
  return base::JsonText(doc, 2) + "\n";
}

}  // namespace dsc::review
