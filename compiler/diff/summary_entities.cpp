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

FlatFields ServiceFields(const BuildView& side, const json& s) {
  FlatFields out;
  out.emplace_back("namespace", Display(s.at("namespace")));
  out.emplace_back("image", Display(s.at("image")));
  out.emplace_back("replicas", Display(s.at("replicas")));
  out.emplace_back("external", Display(s.at("external")));
  out.emplace_back("dev", Display(s.at("dev")));
  for (const auto& [name, number] : s.at("ports").items())
    out.emplace_back("ports." + name, Display(number));
  const json* container =
      FindContainer(side.objects, s.at("namespace").get<std::string>(),
                    s.at("k8s_name").get<std::string>(), s.at("name").get<std::string>());
  if (container) {
    if (container->contains("env") && (*container)["env"].is_array()) {
      for (const json& var : (*container)["env"])
        if (var.is_object()) out.emplace_back("env." + var.value("name", ""), EnvValue(var));
    }
    AddResources(*container, &out);
  } else {
    // No Deployment (an external service): blueprint.json's Secret references.
    for (const json& ref : s.at("secret_refs")) {
      out.emplace_back("env." + ref.at("env").get<std::string>(),
                       "secret(" + Quoted(Display(ref.at("secret"))) + ", " +
                           Quoted(Display(ref.at("key"))) + ")");
    }
  }
  return out;
}

FlatFields InfraFields(const BuildView&, const json& i) {
  FlatFields out;
  out.emplace_back("namespace", Display(i.at("namespace")));
  out.emplace_back("kind", Display(i.at("kind")));
  out.emplace_back("external", Display(i.at("external")));
  for (const auto& [name, value] : i.at("exports").items())
    out.emplace_back("exports." + name, Quoted(Display(value)));
  return out;
}

std::string JoinNames(const json& names) {
  std::string out;
  for (const json& n : names) out += (out.empty() ? "" : ", ") + Display(n);
  return out;
}

FlatFields FeatureFields(const BuildView&, const json& f) {
  return {{"label", Display(f.at("label"))},
          {"namespace", Display(f.at("namespace"))},
          {"ttl", Display(f.at("ttl"))},
          {"forks", JoinNames(f.at("forks"))},
          {"infra", JoinNames(f.at("infra"))}};
}

std::string ServiceDetail(const json& s) {
  return "image " + Display(s.at("image")) + ", replicas " + Display(s.at("replicas"));
}

std::string FeatureDetail(const json& f) {
  std::string detail = "ttl " + Display(f.at("ttl"));
  if (!f.at("forks").empty()) detail += ", forks " + JoinNames(f.at("forks"));
  if (!f.at("infra").empty()) detail += ", infra " + JoinNames(f.at("infra"));
  return detail;
}

using Fields = FlatFields (*)(const BuildView&, const json&);
using Detail = std::string (*)(const json&);

// Pairs the entries of one blueprint.json list by (feature, `key`) and records
// what appeared, disappeared or changed, baseline first, then by name.
void CompareList(const BuildView& before, const BuildView& after, const char* list, const char* key,
                 const char* display, Fields fields, Detail detail,
                 std::vector<EntityChange>* out) {
  using Key = std::tuple<std::string, std::string>;
  std::map<Key, std::pair<const json*, const json*>> entries;
  for (const json& e : before.blueprint.at(list))
    entries[{FeatureLabel(e), e.at(key).get<std::string>()}].first = &e;
  for (const json& e : after.blueprint.at(list))
    entries[{FeatureLabel(e), e.at(key).get<std::string>()}].second = &e;
  for (const auto& [k, pair] : entries) {
    const auto& [old_entry, new_entry] = pair;
    const json& shown = new_entry ? *new_entry : *old_entry;
    EntityChange change;
    change.name = shown.at(display).get<std::string>();
    change.feature = std::get<0>(k);
    change.namespace_ = shown.at("namespace").get<std::string>();
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

FlatFields FleetFields(const json& blueprint) {
  const json& fleet = blueprint.at("fleet");
  FlatFields out{{"name", Display(fleet.at("name"))},
                 {"namespace", Display(fleet.at("namespace"))},
                 {"domain", Display(fleet.at("domain"))},
                 {"ephemeral", Display(fleet.at("ephemeral"))},
                 {"ttl", Display(fleet.at("ttl"))}};
  for (const auto& [name, value] : fleet.at("routing").items())
    out.emplace_back("routing." + name, Display(value));
  for (const auto& [name, value] : fleet.at("labels").items())
    out.emplace_back("labels." + name, Quoted(Display(value)));
  out.emplace_back("features", blueprint.value("allFeatures", true) ? "all" : "selected");
  return out;
}

}  // namespace

std::string FeatureLabel(const json& entry) {
  auto it = entry.find("feature");
  return it != entry.end() && it->is_string() ? it->get<std::string>() : "";
}

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
  report->fleet = after.blueprint.at("fleet").at("name").get<std::string>();
  report->fleet_fields = DiffFields(FleetFields(before.blueprint), FleetFields(after.blueprint));
  CompareList(before, after, "services", "name", "k8s_name", ServiceFields, ServiceDetail,
              &report->services);
  CompareList(
      before, after, "infra", "name", "k8s_name", InfraFields,
      [](const json& i) { return Display(i.at("kind")); }, &report->infra);
  CompareList(before, after, "features", "name", "name", FeatureFields, FeatureDetail,
              &report->features);
}

}  // namespace dsc::diff
