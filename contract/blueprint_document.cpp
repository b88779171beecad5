#include "contract/blueprint_document.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "base/json_text.h"

namespace dsc::contract {
namespace {

// Insertion-ordered: the document's keys come out in the schema's order.
using json = nlohmann::ordered_json;

template <typename Value>
json ObjectOf(const std::vector<std::pair<std::string, Value>>& pairs) {
  json out = json::object();
  for (const auto& [name, value] : pairs) out[name] = value;
  return out;
}

template <typename Value>
std::vector<std::pair<std::string, Value>> PairsOf(const json& object) {
  std::vector<std::pair<std::string, Value>> out;
  for (const auto& [name, value] : object.items())
    out.emplace_back(name, value.template get<Value>());
  return out;
}

// The member when it is an integer that fits an int, else `fallback` (never a float
// converted: 1e110 into an int is undefined behaviour).
int IntOr(const json& object, const char* key, int fallback) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return fallback;
  if (found->is_number_unsigned())
    return found->get<unsigned long long>() <= std::numeric_limits<int>::max() ? found->get<int>()
                                                                               : fallback;
  long long value = found->get<long long>();
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max()
             ? static_cast<int>(value)
             : fallback;
}

json Nullable(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

std::optional<std::string> OptionalString(const json& object, const char* key) {
  const json& value = object.at(key);
  return value.is_string() ? std::optional<std::string>(value.get<std::string>()) : std::nullopt;
}

std::string String(const json& object, const char* key) {
  return object.at(key).get<std::string>();
}

// A list that an older or hand-made blueprint may lack: absent reads as empty.
const json& OptionalList(const json& doc, const char* key) {
  static const json kEmpty = json::array();
  auto found = doc.find(key);
  return found == doc.end() ? kEmpty : *found;
}

json ObjectJson(const ObjectEntry& o) {
  return {{"apiVersion", o.api_version},
          {"kind", o.kind},
          {"namespace", Nullable(o.ns)},
          {"name", o.name},
          {"hook", Nullable(o.hook)}};
}

json ReleaseJson(const ReleaseEntry& r) {
  json objects = json::array();
  for (const ObjectEntry& o : r.objects) objects.push_back(ObjectJson(o));
  return {{"name", r.name},
          {"namespace", r.ns},
          {"kind", r.kind},
          {"entity", Nullable(r.entity)},
          {"feature", Nullable(r.feature)},
          {"wave", r.wave},
          {"chart", r.chart},
          {"needs", r.needs},
          {"objects", std::move(objects)},
          {"hash", r.hash}};
}

json ServiceJson(const ServiceEntry& s) {
  json secrets = json::array();
  for (const SecretRef& ref : s.secret_refs)
    secrets.push_back({{"env", ref.env}, {"secret", ref.secret}, {"key", ref.key}});
  return {{"name", s.name},
          {"k8s_name", s.k8s_name},
          {"namespace", s.ns},
          {"feature", Nullable(s.feature)},
          {"external", s.external},
          {"image", s.image},
          {"replicas", s.replicas},
          {"ports", ObjectOf(s.ports)},
          {"secret_refs", std::move(secrets)},
          {"dev", s.dev},
          {"exports", ObjectOf(s.exports)}};
}

json InfraJson(const InfraEntry& i) {
  return {{"name", i.name},
          {"k8s_name", i.k8s_name},
          {"namespace", i.ns},
          {"kind", i.kind},
          {"feature", Nullable(i.feature)},
          {"external", i.external},
          {"exports", ObjectOf(i.exports)}};
}

json FeatureJson(const FeatureEntry& f) {
  return {{"name", f.name}, {"label", f.label}, {"namespace", f.ns},
          {"ttl", f.ttl},   {"forks", f.forks}, {"infra", f.infra}};
}

json RouteJson(const RouteEntry& r) {
  return {{"host", r.host},
          {"path", r.path},
          {"priority", r.priority},
          {"match", r.match},
          {"via", r.via},
          {"feature", Nullable(r.feature)},
          {"ingress_route", r.ingress_route},
          {"namespace", r.ns},
          {"service", r.service}};
}

json FleetJson(const FleetEntry& f) {
  return {
      {"name", f.name},
      {"namespace", f.ns},
      {"domain", f.domain},
      {"ephemeral", f.ephemeral},
      {"ttl", f.ttl},
      {"routing",
       {{"mode", f.routing.mode}, {"header", f.routing.header}, {"traefik", f.routing.traefik}}},
      {"labels", ObjectOf(f.labels)}};
}

bool ReadRelease(const json& entry, ReleaseEntry* out, std::string* error) {
  out->name = String(entry, "name");
  out->ns = String(entry, "namespace");
  out->kind = entry.value("kind", "");
  if (auto e = entry.find("entity"); e != entry.end() && e->is_string()) out->entity = *e;
  out->feature = OptionalString(entry, "feature");
  out->wave = IntOr(entry, "wave", -1);
  if (out->wave < 0) {
    *error = "blueprint.json: release `" + out->name + "` has no wave (a small whole number)";
    return false;
  }
  out->chart = String(entry, "chart");
  out->needs = entry.at("needs").get<std::vector<std::string>>();
  out->hash = String(entry, "hash");
  for (const json& listed : entry.at("objects")) {
    ObjectEntry o;
    o.api_version = String(listed, "apiVersion");
    o.kind = String(listed, "kind");
    o.ns = OptionalString(listed, "namespace");
    o.name = String(listed, "name");
    if (auto hook = listed.find("hook"); hook != listed.end() && hook->is_string()) o.hook = *hook;
    out->objects.push_back(std::move(o));
  }
  return true;
}

void ReadFleet(const json& fleet, FleetEntry* out) {
  out->name = String(fleet, "name");
  out->ns = String(fleet, "namespace");
  out->domain = fleet.value("domain", "");
  out->ephemeral = fleet.value("ephemeral", false);
  if (fleet.at("ttl").is_string()) out->ttl = fleet["ttl"].get<std::string>();
  if (auto routing = fleet.find("routing"); routing != fleet.end()) {
    out->routing.mode = routing->value("mode", "");
    out->routing.header = routing->value("header", "");
    out->routing.traefik = routing->value("traefik", "");
  }
  if (auto labels = fleet.find("labels"); labels != fleet.end())
    out->labels = PairsOf<std::string>(*labels);
}

void ReadLists(const json& doc, BlueprintDocument* out) {
  for (const json& s : OptionalList(doc, "services")) {
    ServiceEntry e;
    e.name = String(s, "name");
    e.k8s_name = String(s, "k8s_name");
    e.ns = String(s, "namespace");
    e.feature = OptionalString(s, "feature");
    e.external = s.at("external").get<bool>();
    e.image = String(s, "image");
    e.replicas = s.at("replicas").get<long long>();
    e.ports = PairsOf<long long>(s.at("ports"));
    for (const json& ref : s.at("secret_refs"))
      e.secret_refs.push_back({String(ref, "env"), String(ref, "secret"), String(ref, "key")});
    e.dev = s.at("dev").get<bool>();
    e.exports = PairsOf<std::string>(s.at("exports"));
    out->services.push_back(std::move(e));
  }
  for (const json& i : OptionalList(doc, "infra")) {
    InfraEntry e;
    e.name = String(i, "name");
    e.k8s_name = String(i, "k8s_name");
    e.ns = String(i, "namespace");
    e.kind = String(i, "kind");
    e.feature = OptionalString(i, "feature");
    e.external = i.at("external").get<bool>();
    e.exports = PairsOf<std::string>(i.at("exports"));
    out->infra.push_back(std::move(e));
  }
  for (const json& edge : OptionalList(doc, "edges"))
    out->edges.push_back({String(edge, "from"), String(edge, "to")});
  for (const json& r : OptionalList(doc, "routes")) {
    RouteEntry e;
    e.host = String(r, "host");
    e.path = String(r, "path");
    e.match = String(r, "match");
    e.priority = r.at("priority").get<long long>();
    e.via = r.value("via", "");
    e.feature = OptionalString(r, "feature");
    e.ingress_route = String(r, "ingress_route");
    e.ns = String(r, "namespace");
    e.service = String(r, "service");
    out->routes.push_back(std::move(e));
  }
}

}  // namespace

std::string ToJsonText(const BlueprintDocument& d) {
  // The document as JsonText(doc, 2) would print it, written a top-level entry at a time
  // and each list an element at a time: the whole document as one tree was a hundred
  // megabytes for a fleet of 10,000 services. blueprint_document_test.cpp holds it to
  // the build goldens, byte for byte.
  constexpr int kIndent = 2;
  std::string out = "{";
  bool first_key = true;
  auto key = [&](const char* name) {
    out += first_key ? "\n  \"" : ",\n  \"";
    first_key = false;
    out += name;
    out += "\": ";
  };
  auto value = [&](const json& v) { base::AppendJsonText(v, kIndent, 1, out); };
  auto list = [&](const char* name, const auto& entries, const auto& to_json) {
    key(name);
    if (entries.empty()) {
      out += "[]";
      return;
    }
    out += "[";
    for (size_t i = 0; i < entries.size(); ++i) {
      out += i == 0 ? "\n    " : ",\n    ";
      base::AppendJsonText(to_json(entries[i]), kIndent, 2, out);
    }
    out += "\n  ]";
  };
  key("format");
  value(d.format);
  key("generator");
  value(d.generator);
  key("fleet");
  value(FleetJson(d.fleet));
  key("allFeatures");
  value(d.all_features);
  key("namespaces");
  value(d.namespaces);
  list("releases", d.releases, ReleaseJson);
  list("services", d.services, ServiceJson);
  list("infra", d.infra, InfraJson);
  list("edges", d.edges, [](const Edge& e) { return json{{"from", e.from}, {"to", e.to}}; });
  list("features", d.features, FeatureJson);
  list("routes", d.routes, RouteJson);
  out += "\n}\n";
  return out;
}

bool FromJsonText(const std::string& text, BlueprintDocument* out, std::string* error) {
  *out = BlueprintDocument{};
  try {
    json doc = json::parse(text);
    out->format = IntOr(doc, "format", 0);
    if (out->format != kBlueprintFormat) {
      *error = "blueprint.json: unsupported format (expected 1); rebuild with this dsc";
      return false;
    }
    out->generator = doc.value("generator", "");
    ReadFleet(doc.at("fleet"), &out->fleet);
    out->all_features = doc.value("allFeatures", false);
    out->namespaces = doc.at("namespaces").get<std::vector<std::string>>();
    for (const json& f : doc.at("features")) {
      FeatureEntry e;
      e.name = String(f, "name");
      e.label = String(f, "label");
      e.ns = String(f, "namespace");
      if (f.at("ttl").is_string()) e.ttl = f["ttl"].get<std::string>();
      if (auto forks = f.find("forks"); forks != f.end())
        e.forks = forks->get<std::vector<std::string>>();
      if (auto infra = f.find("infra"); infra != f.end())
        e.infra = infra->get<std::vector<std::string>>();
      out->features.push_back(std::move(e));
    }
    for (const json& entry : doc.at("releases")) {
      ReleaseEntry r;
      if (!ReadRelease(entry, &r, error)) return false;
      out->releases.push_back(std::move(r));
    }
    ReadLists(doc, out);
  } catch (const json::exception& e) {
    *error = std::string("blueprint.json: ") + e.what();
    return false;
  }
  return true;
}

}  // namespace dsc::contract
