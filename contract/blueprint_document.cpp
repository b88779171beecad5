#include "contract/blueprint_document.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "base/pretty_json_writer.h"

namespace dsc::contract {
namespace {

// Insertion-ordered: the document's keys come out in the schema's order.
using json = nlohmann::ordered_json;

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

// Name-value pairs as an object, as ordered_json's `out[name] = value` made it: a
// repeated name keeps its first place and takes its last value.
template <typename Value, typename WriteValue>
void WritePairs(base::PrettyJsonWriter& w, const std::vector<std::pair<std::string, Value>>& pairs,
                WriteValue write_value) {
  // A repeated name is found by scanning while there are a handful (exports and labels
  // of one entity), through maps beyond.
  bool few = pairs.size() <= 16;
  std::unordered_map<std::string_view, size_t> last_of;
  std::unordered_set<std::string_view> written;
  if (!few) {
    for (size_t i = 0; i < pairs.size(); ++i) last_of[pairs[i].first] = i;
  }
  w.BeginObject();
  for (size_t i = 0; i < pairs.size(); ++i) {
    const std::string& name = pairs[i].first;
    size_t last = i;
    if (few) {
      bool seen = false;
      for (size_t j = 0; j < i && !seen; ++j) seen = pairs[j].first == name;
      if (seen) continue;
      for (size_t j = i + 1; j < pairs.size(); ++j) {
        if (pairs[j].first == name) last = j;
      }
    } else {
      if (!written.insert(name).second) continue;
      last = last_of[name];
    }
    w.Key(name);
    write_value(pairs[last].second);
  }
  w.End();
}

void WriteNamedValues(base::PrettyJsonWriter& w, const NamedValues& pairs) {
  WritePairs(w, pairs, [&](const std::string& v) { w.String(v); });
}

void WriteNullable(base::PrettyJsonWriter& w, std::string_view key,
                   const std::optional<std::string>& text) {
  w.Key(key);
  if (text) {
    w.String(*text);
  } else {
    w.Null();
  }
}

void WriteStrings(base::PrettyJsonWriter& w, std::string_view key,
                  const std::vector<std::string>& items) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& item : items) w.String(item);
  w.End();
}

void WriteObject(base::PrettyJsonWriter& w, const ObjectEntry& o) {
  w.BeginObject();
  w.Str("apiVersion", o.api_version);
  w.Str("kind", o.kind);
  WriteNullable(w, "namespace", o.ns);
  w.Str("name", o.name);
  WriteNullable(w, "hook", o.hook);
  w.End();
}

void WriteRelease(base::PrettyJsonWriter& w, const ReleaseEntry& r) {
  w.BeginObject();
  w.Str("name", r.name);
  w.Str("namespace", r.ns);
  w.Str("kind", r.kind);
  WriteNullable(w, "entity", r.entity);
  WriteNullable(w, "feature", r.feature);
  WriteNullable(w, "team", r.team);
  w.Int("wave", r.wave);
  w.Str("chart", r.chart);
  WriteStrings(w, "needs", r.needs);
  w.Key("objects");
  w.BeginArray();
  for (const ObjectEntry& o : r.objects) WriteObject(w, o);
  w.End();
  w.Str("hash", r.hash);
  w.End();
}

void WriteService(base::PrettyJsonWriter& w, const ServiceEntry& s) {
  w.BeginObject();
  w.Str("name", s.name);
  w.Str("k8s_name", s.k8s_name);
  w.Str("namespace", s.ns);
  WriteNullable(w, "feature", s.feature);
  w.Bool("external", s.external);
  w.Str("image", s.image);
  w.Int("replicas", s.replicas);
  w.Key("ports");
  WritePairs(w, s.ports, [&](long long number) { w.Int(number); });
  w.Key("secret_refs");
  w.BeginArray();
  for (const SecretRef& ref : s.secret_refs) {
    w.BeginObject();
    w.Str("env", ref.env);
    w.Str("secret", ref.secret);
    w.Str("key", ref.key);
    w.End();
  }
  w.End();
  w.Bool("dev", s.dev);
  w.Key("exports");
  WriteNamedValues(w, s.exports);
  w.End();
}

void WriteInfra(base::PrettyJsonWriter& w, const InfraEntry& i) {
  w.BeginObject();
  w.Str("name", i.name);
  w.Str("k8s_name", i.k8s_name);
  w.Str("namespace", i.ns);
  w.Str("kind", i.kind);
  WriteNullable(w, "feature", i.feature);
  w.Bool("external", i.external);
  w.Key("exports");
  WriteNamedValues(w, i.exports);
  w.End();
}

void WriteEdge(base::PrettyJsonWriter& w, const Edge& e) {
  w.BeginObject();
  w.Str("from", e.from);
  w.Str("to", e.to);
  w.End();
}

void WriteFeature(base::PrettyJsonWriter& w, const FeatureEntry& f) {
  w.BeginObject();
  w.Str("name", f.name);
  w.Str("label", f.label);
  w.Str("namespace", f.ns);
  w.Str("ttl", f.ttl);
  WriteStrings(w, "forks", f.forks);
  WriteStrings(w, "infra", f.infra);
  w.End();
}

void WriteRoute(base::PrettyJsonWriter& w, const RouteEntry& r) {
  w.BeginObject();
  w.Str("host", r.host);
  w.Str("path", r.path);
  w.Int("priority", r.priority);
  w.Str("match", r.match);
  w.Str("via", r.via);
  WriteNullable(w, "feature", r.feature);
  w.Str("ingress_route", r.ingress_route);
  w.Str("namespace", r.ns);
  w.Str("service", r.service);
  w.End();
}

void WriteFleet(base::PrettyJsonWriter& w, const FleetEntry& f) {
  w.BeginObject();
  w.Str("name", f.name);
  w.Str("namespace", f.ns);
  w.Str("domain", f.domain);
  w.Bool("ephemeral", f.ephemeral);
  w.Str("ttl", f.ttl);
  w.Key("routing");
  w.BeginObject();
  w.Str("mode", f.routing.mode);
  w.Str("header", f.routing.header);
  w.Str("traefik", f.routing.traefik);
  w.End();
  w.Key("labels");
  WriteNamedValues(w, f.labels);
  w.End();
}

bool ReadRelease(const json& entry, ReleaseEntry* out, std::string* error) {
  out->name = String(entry, "name");
  out->ns = String(entry, "namespace");
  out->kind = entry.value("kind", "");
  if (auto e = entry.find("entity"); e != entry.end() && e->is_string()) out->entity = *e;
  out->feature = OptionalString(entry, "feature");
  // Absent from builds of a dsc that did not record it yet.
  if (auto t = entry.find("team"); t != entry.end() && t->is_string()) out->team = *t;
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

void WriteDocument(base::PrettyJsonWriter& w, const BlueprintDocument& d) {
  auto list = [&](std::string_view key, const auto& entries, auto write) {
    w.Key(key);
    w.BeginArray();
    for (const auto& entry : entries) write(w, entry);
    w.End();
  };
  w.BeginObject();
  w.Int("format", d.format);
  w.Str("generator", d.generator);
  w.Key("fleet");
  WriteFleet(w, d.fleet);
  w.Bool("allFeatures", d.all_features);
  WriteStrings(w, "namespaces", d.namespaces);
  list("releases", d.releases, WriteRelease);
  list("services", d.services, WriteService);
  list("infra", d.infra, WriteInfra);
  list("edges", d.edges, WriteEdge);
  list("features", d.features, WriteFeature);
  list("routes", d.routes, WriteRoute);
  w.End();
}

}  // namespace

std::string ToJsonText(const BlueprintDocument& d) {
  // Written as it is walked, not built as a tree and printed: the whole document as one
  // tree was a hundred megabytes for a fleet of 10,000 services, and a tree per entry
  // still a quarter of the build's time. blueprint_document_test.cpp holds the text to
  // what nlohmann prints for the same document, byte for byte.
  //
  // Measured first and written once into a string of its size: grown by doubling, a
  // 16 MB document held 48 MB at its peak (the old buffer and the new one).
  size_t size = 1;  // the final line end
  base::PrettyJsonWriter measure(&size, 2);
  WriteDocument(measure, d);
  std::string out;
  out.reserve(size);
  base::PrettyJsonWriter w(out, 2);
  WriteDocument(w, d);
  out += '\n';
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
