#include <map>
#include <tuple>

#include "base/json_text.h"
#include "compiler/diff/summary.h"

namespace dsc::diff {
namespace {

using nlohmann::json;

// An env entry as the fleet file would say it: a literal quoted, a Secret as
// `secret("name", "key")` (a reference; Secret values are never in a manifest).
std::string EnvValue(const json& var) {
  if (var.contains("valueFrom") && var["valueFrom"].is_object()) {
    const json& from = var["valueFrom"];
    for (const auto& [ref, call] :
         {std::pair{"secretKeyRef", "secret"}, std::pair{"configMapKeyRef", "configmap"}}) {
      if (from.contains(ref) && from[ref].is_object()) {
        return std::string(call) + "(" + Quoted(from[ref].value("name", "")) + ", " +
               Quoted(from[ref].value("key", "")) + ")";
      }
    }
    return Display(from);
  }
  return var.contains("value") ? Quoted(Display(var["value"])) : "\"\"";
}

void AddResources(const json& container, FlatFields* out) {
  auto resources = container.find("resources");
  if (resources == container.end() || !resources->is_object()) return;
  for (const char* group : {"requests", "limits"}) {
    auto values = resources->find(group);
    if (values == resources->end() || !values->is_object()) continue;
    for (const auto& [name, value] : values->items())
      out->emplace_back(std::string("resources.") + group + "." + name, Display(value));
  }
}

FlatFields ServiceFields(const BuildView& side, const contract::ServiceEntry& s) {
  FlatFields out;
  out.emplace_back("namespace", s.ns);
  out.emplace_back("image", s.image);
  out.emplace_back("replicas", std::to_string(s.replicas));
  out.emplace_back("external", Flag(s.external));
  out.emplace_back("dev", Flag(s.dev));
  for (const auto& [name, number] : ByName(s.ports))
    out.emplace_back("ports." + name, std::to_string(number));
  const json* container = FindContainer(side.objects, s.ns, s.k8s_name, s.name);
  if (container) {
    if (container->contains("env") && (*container)["env"].is_array()) {
      for (const json& var : (*container)["env"])
        if (var.is_object()) out.emplace_back("env." + var.value("name", ""), EnvValue(var));
    }
    AddResources(*container, &out);
  } else {
    // No Deployment (an external service): blueprint.json's Secret references.
    for (const contract::SecretRef& ref : s.secret_refs) {
      out.emplace_back("env." + ref.env,
                       "secret(" + Quoted(ref.secret) + ", " + Quoted(ref.key) + ")");
    }
  }
  return out;
}

FlatFields InfraFields(const BuildView&, const contract::InfraEntry& i) {
  FlatFields out;
  out.emplace_back("namespace", i.ns);
  out.emplace_back("kind", i.kind);
  out.emplace_back("external", Flag(i.external));
  for (const auto& [name, value] : ByName(i.exports))
    out.emplace_back("exports." + name, Quoted(value));
  return out;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

FlatFields FeatureFields(const BuildView&, const contract::FeatureEntry& f) {
  return {{"label", f.label},
          {"namespace", f.ns},
          {"ttl", f.ttl},
          {"forks", JoinNames(f.forks)},
          {"infra", JoinNames(f.infra)}};
}

std::string ServiceDetail(const contract::ServiceEntry& s) {
  return "image " + s.image + ", replicas " + std::to_string(s.replicas);
}

std::string InfraDetail(const contract::InfraEntry& i) { return i.kind; }

std::string FeatureDetail(const contract::FeatureEntry& f) {
  std::string detail = "ttl " + f.ttl;
  if (!f.forks.empty()) detail += ", forks " + JoinNames(f.forks);
  if (!f.infra.empty()) detail += ", infra " + JoinNames(f.infra);
  return detail;
}

// Per kind of entry: the feature it belongs to ("": the baseline; a feature belongs to
// none) and the name shown for it.
std::string FeatureOf(const contract::ServiceEntry& s) { return FeatureLabel(s.feature); }
std::string FeatureOf(const contract::InfraEntry& i) { return FeatureLabel(i.feature); }
std::string FeatureOf(const contract::FeatureEntry&) { return ""; }
const std::string& Shown(const contract::ServiceEntry& s) { return s.k8s_name; }
const std::string& Shown(const contract::InfraEntry& i) { return i.k8s_name; }
const std::string& Shown(const contract::FeatureEntry& f) { return f.name; }

// Pairs the entries of one blueprint.json list by (feature, name) and records
// what appeared, disappeared or changed, baseline first, then by name.
template <typename Entry>
void CompareList(const BuildView& before, const std::vector<Entry>& old_list,
                 const BuildView& after, const std::vector<Entry>& new_list,
                 FlatFields (*fields)(const BuildView&, const Entry&),
                 std::string (*detail)(const Entry&), std::vector<EntityChange>* out) {
  using Key = std::tuple<std::string, std::string>;
  std::map<Key, std::pair<const Entry*, const Entry*>> entries;
  for (const Entry& e : old_list) entries[{FeatureOf(e), e.name}].first = &e;
  for (const Entry& e : new_list) entries[{FeatureOf(e), e.name}].second = &e;
  for (const auto& [k, pair] : entries) {
    const auto& [old_entry, new_entry] = pair;
    const Entry& shown = new_entry ? *new_entry : *old_entry;
    EntityChange change;
    change.name = Shown(shown);
    change.feature = std::get<0>(k);
    change.namespace_ = shown.ns;
    if (!old_entry || !new_entry) {
      change.change = old_entry ? Change::kRemoved : Change::kAdded;
      change.detail = detail(shown);
    } else {
      change.fields = DiffFields(fields(before, *old_entry), fields(after, *new_entry));
      if (change.fields.empty()) continue;
    }
    out->push_back(std::move(change));
  }
}

FlatFields FleetFields(const contract::BlueprintDocument& blueprint) {
  const contract::FleetEntry& fleet = blueprint.fleet;
  FlatFields out{{"name", fleet.name},
                 {"namespace", fleet.ns},
                 {"domain", fleet.domain},
                 {"ephemeral", Flag(fleet.ephemeral)},
                 {"ttl", fleet.ttl},
                 // By name, as the other maps.
                 {"routing.header", fleet.routing.header},
                 {"routing.mode", fleet.routing.mode},
                 {"routing.traefik", fleet.routing.traefik}};
  for (const auto& [name, value] : ByName(fleet.labels))
    out.emplace_back("labels." + name, Quoted(value));
  out.emplace_back("features", blueprint.all_features ? "all" : "selected");
  return out;
}

}  // namespace

std::string Display(const json& value) {
  return value.is_string() ? value.get<std::string>() : base::JsonText(value);
}

std::string Quoted(const std::string& text) { return base::JsonText(json(text)); }

std::vector<FieldChange> DiffFields(const FlatFields& before, const FlatFields& after) {
  std::map<std::string, const std::string*> old_values;
  for (const auto& [field, value] : before) old_values.emplace(field, &value);
  std::vector<FieldChange> out;
  std::map<std::string, bool> seen;
  for (const auto& [field, value] : after) {
    if (seen[field]) continue;
    seen[field] = true;
    auto old = old_values.find(field);
    if (old == old_values.end()) {
      out.push_back({field, std::nullopt, value});
    } else if (*old->second != value) {
      out.push_back({field, *old->second, value});
    }
  }
  for (const auto& [field, value] : before) {
    if (seen[field]) continue;
    seen[field] = true;
    out.push_back({field, value, std::nullopt});
  }
  return out;
}

void SummarizeEntities(const BuildView& before, const BuildView& after, Report* report) {
  const contract::BlueprintDocument &old_doc = before.blueprint, &new_doc = after.blueprint;
  report->fleet = new_doc.fleet.name;
  report->fleet_fields = DiffFields(FleetFields(old_doc), FleetFields(new_doc));
  CompareList(before, old_doc.services, after, new_doc.services, ServiceFields, ServiceDetail,
              &report->services);
  CompareList(before, old_doc.infra, after, new_doc.infra, InfraFields, InfraDetail,
              &report->infra);
  CompareList(before, old_doc.features, after, new_doc.features, FeatureFields, FeatureDetail,
              &report->features);
}

}  // namespace dsc::diff
