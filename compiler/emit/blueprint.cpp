// blueprint.json: the resolved fleet for machines (`dsc apply`, `dsc diff`,
// `dsc route explain`, other tools). Format documented in
// docs/blueprint.schema.json; `format` changes when a field changes meaning.
// No secret values: env vars from Secrets appear as name/key references, and
// plain env values are not listed at all.
#include "base/chart_hash.h"
#include "base/json_text.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

constexpr int kBlueprintFormat = 1;

std::string FeatureLabel(const EmitContext& ctx, int feature) {
  return feature >= 0 ? ctx.model.features[feature].label : "";
}

Json Nullable(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json ReleaseJson(const EmitContext& ctx, const Release& r, const OutputTree& charts) {
  Json out = Json::object();
  out["name"] = r.name;
  out["namespace"] = r.namespace_;
  out["kind"] = ReleaseKindName(r.kind);
  out["entity"] = Nullable(r.entity);
  out["feature"] = Nullable(FeatureLabel(ctx, r.feature));
  out["wave"] = r.wave;
  out["chart"] = "charts/" + r.name;
  Json needs = Json::array();
  for (const std::string& n : r.needs) needs.push_back(n);
  out["needs"] = std::move(needs);
  Json objects = Json::array();
  for (const Json& o : r.objects) {
    Json entry = Json::object();
    entry["apiVersion"] = o["apiVersion"];
    entry["kind"] = o["kind"];
    entry["namespace"] = o["metadata"]["namespace"];
    entry["name"] = o["metadata"]["name"];
    const Json& annotations =
        o["metadata"].contains("annotations") ? o["metadata"]["annotations"] : Json::object();
    entry["hook"] =
        annotations.contains("helm.sh/hook") ? annotations["helm.sh/hook"] : Json(nullptr);
    objects.push_back(std::move(entry));
  }
  out["objects"] = std::move(objects);
  out["hash"] = base::ChartHash(charts, "charts/" + r.name);
  return out;
}

Json ExportsJson(const std::vector<std::pair<std::string, std::string>>& exports) {
  Json out = Json::object();
  for (const auto& [name, value] : exports) out[name] = value;
  return out;
}

Json ServiceJson(const EmitContext& ctx, const model::Service& s) {
  Json out = Json::object();
  out["name"] = s.name;
  out["k8s_name"] = s.k8s_name;
  out["namespace"] = s.namespace_;
  out["feature"] = Nullable(FeatureLabel(ctx, s.feature));
  out["external"] = s.external;
  out["image"] = s.image;
  out["replicas"] = s.replicas;
  Json ports = Json::object();
  for (const model::Port& p : s.ports) ports[p.name] = p.number;
  out["ports"] = std::move(ports);
  Json secrets = Json::array();
  for (const model::EnvVar& var : s.env) {
    if (var.from_secret) {
      secrets.push_back(
          Json{{"env", var.name}, {"secret", var.secret_name}, {"key", var.secret_key}});
    }
  }
  out["secret_refs"] = std::move(secrets);
  out["dev"] = s.dev.has_value();
  out["exports"] = ExportsJson(s.exports);
  return out;
}

}  // namespace

std::string BlueprintJson(const EmitContext& ctx, const Plan& plan, const OutputTree& charts) {
  const model::Model& m = ctx.model;
  Json doc = Json::object();
  doc["format"] = kBlueprintFormat;
  doc["generator"] = std::string("dsc ") + DSC_VERSION;
  Json fleet = Json::object();
  fleet["name"] = m.fleet.name;
  fleet["namespace"] = m.fleet.namespace_;
  fleet["domain"] = m.fleet.domain;
  fleet["ephemeral"] = m.fleet.ephemeral;
  fleet["ttl"] = FormatJanitorTtl(m.fleet.ttl_ms);
  fleet["routing"] = Json{
      {"mode", m.fleet.routing}, {"header", m.fleet.routing_header}, {"traefik", plan.traefik}};
  Json labels = Json::object();
  for (const auto& [k, v] : m.fleet.labels) labels[k] = v;
  fleet["labels"] = std::move(labels);
  doc["fleet"] = std::move(fleet);
  // Whether every feature of the fleet is in this build (no --feature): only then
  // may `dsc apply` take a feature missing from it as removed from the fleet.
  doc["allFeatures"] = ctx.options.features.empty();

  Json namespaces = Json::array();
  for (const std::string& ns : plan.namespaces) namespaces.push_back(ns);
  doc["namespaces"] = std::move(namespaces);

  Json releases = Json::array();
  for (const Release& r : plan.releases) releases.push_back(ReleaseJson(ctx, r, charts));
  doc["releases"] = std::move(releases);

  Json services = Json::array();
  for (const model::Service& s : m.services) {
    if (!ctx.Emits(s.feature)) continue;
    services.push_back(ServiceJson(ctx, s));
  }
  doc["services"] = std::move(services);

  Json infra = Json::array();
  for (const model::Infra& i : m.infra) {
    if (!ctx.Emits(i.feature)) continue;
    Json entry = Json::object();
    entry["name"] = i.name;
    entry["k8s_name"] = i.k8s_name;
    entry["namespace"] = i.namespace_;
    entry["kind"] = i.kind;
    entry["feature"] = Nullable(FeatureLabel(ctx, i.feature));
    entry["external"] = i.external;
    entry["exports"] = ExportsJson(i.exports);
    infra.push_back(std::move(entry));
  }
  doc["infra"] = std::move(infra);

  // Edges between emitted (or external) nodes, by display name.
  Json edges = Json::array();
  auto included = [&](int node) {
    const model::Node& n = m.nodes[node];
    int feature = n.kind == model::Node::Kind::kService ? m.services[n.index].feature
                                                        : m.infra[n.index].feature;
    return ctx.Emits(feature);
  };
  for (size_t from = 0; from < ctx.graph.deps.size(); ++from) {
    if (!included(static_cast<int>(from))) continue;
    for (int to : ctx.graph.deps[from]) {
      edges.push_back(Json{{"from", m.nodes[from].display_name}, {"to", m.nodes[to].display_name}});
    }
  }
  doc["edges"] = std::move(edges);

  Json features = Json::array();
  for (int f : plan.features) {
    const model::Feature& feature = m.features[f];
    Json entry = Json::object();
    entry["name"] = feature.name;
    entry["label"] = feature.label;
    entry["namespace"] = feature.namespace_;
    entry["ttl"] = FormatJanitorTtl(feature.ttl_ms);
    Json forks = Json::array();
    for (int s : feature.forks) forks.push_back(m.services[s].name);
    entry["forks"] = std::move(forks);
    Json own_infra = Json::array();
    for (int i : feature.infra) own_infra.push_back(m.infra[i].name);
    entry["infra"] = std::move(own_infra);
    features.push_back(std::move(entry));
  }
  doc["features"] = std::move(features);

  Json routes = Json::array();
  for (const RouteRecord& r : plan.routes) {
    Json entry = Json::object();
    entry["host"] = r.host;
    entry["path"] = r.path;
    entry["priority"] = r.priority;
    entry["match"] = r.match;
    entry["via"] = r.via;
    entry["feature"] = Nullable(FeatureLabel(ctx, r.feature));
    entry["ingress_route"] = r.ingress_route;
    entry["namespace"] = r.namespace_;
    entry["service"] = r.service;
    routes.push_back(std::move(entry));
  }
  doc["routes"] = std::move(routes);
  return base::JsonText(doc, 2) + "\n";
}

}  // namespace dsc::emit
