#include "runtime/apply/blueprint.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/chart_hash.h"
#include "base/json_fields.h"
#include "base/json_text.h"
#include "base/sha256.h"
#include "contract/blueprint_document.h"
#include "runtime/apply/yaml_json.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

// Helm's install order for kinds (pkg/releaseutil/kind_sorter.go): what others
// refer to goes first. Kinds not listed go last, by name.
constexpr const char* kInstallOrder[] = {
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
};

int KindRank(const std::string& kind) {
  int rank = 0;
  for (const char* k : kInstallOrder) {
    if (kind == k) return rank;
    ++rank;
  }
  return rank;
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Helm templates are rendered by text/template; dsc's build escapes a literal
// `{{` as `{{ "{{" }}` and uses no other action, so undoing that one escape
// gives exactly what Helm would send.
std::string UnescapeHelm(const std::string& text) {
  static const std::string kEscaped = "{{ \"{{\" }}";
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t hit = text.find(kEscaped, pos);
    if (hit == std::string::npos) break;
    out.append(text, pos, hit - pos).append("{{");
    pos = hit + kEscaped.size();
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::optional<Hook> ReadHook(const json& manifest) {
  const json* annotations = nullptr;
  if (auto m = manifest.find("metadata"); m != manifest.end()) {
    if (auto a = m->find("annotations"); a != m->end() && a->is_object()) annotations = &*a;
  }
  if (!annotations || !annotations->contains("helm.sh/hook")) return std::nullopt;
  Hook hook;
  hook.events = SplitComma(annotations->value("helm.sh/hook", ""));
  std::string weight = annotations->value("helm.sh/hook-weight", "0");
  try {
    hook.weight = std::stoi(weight);
  } catch (...) {
    hook.weight = 0;
  }
  // Helm's default when a hook names no policy.
  hook.delete_policies =
      SplitComma(annotations->value("helm.sh/hook-delete-policy", "before-hook-creation"));
  return hook;
}

bool ReadObject(const json& manifest, const std::string& release_ns, Object* out,
                std::string* error) {
  const json& meta = Member(manifest, "metadata");
  if (!Member(manifest, "apiVersion").is_string() || !Member(manifest, "kind").is_string() ||
      !meta.is_object() || !Member(meta, "name").is_string()) {
    *error = "not a Kubernetes object (apiVersion, kind and metadata.name are required)";
    return false;
  }
  out->manifest = manifest;
  out->ref.api_version = manifest["apiVersion"].get<std::string>();
  out->ref.kind = manifest["kind"].get<std::string>();
  out->ref.name = meta["name"].get<std::string>();
  bool cluster_scoped = out->ref.kind == "Namespace" ||
                        out->ref.kind == "CustomResourceDefinition" ||
                        out->ref.kind.starts_with("Cluster");
  if (!cluster_scoped) {
    if (auto ns = meta.find("namespace"); ns != meta.end() && !ns->is_string()) {
      *error = out->ref.Describe() + ": metadata.namespace is not a string";
      return false;
    }
    out->ref.ns = base::StringMember(meta, "namespace", release_ns);
    out->manifest["metadata"]["namespace"] = out->ref.ns;
  }
  out->hook = ReadHook(manifest);
  out->hash = ContentHash(out->manifest);
  return true;
}

// A stable sort by key that moves each object once (sorting the objects in place
// makes GCC 12 warn about std::optional's internals under -O2).
template <typename Key>
void SortBy(std::vector<Object>* objects, Key key) {
  std::vector<size_t> order(objects->size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return key((*objects)[a]) < key((*objects)[b]); });
  std::vector<Object> sorted;
  sorted.reserve(objects->size());
  for (size_t i : order) sorted.push_back(std::move((*objects)[i]));
  *objects = std::move(sorted);
}

// `in_memory`: what the compiler rendered for each chart, instead of its templates.
bool ReadRelease(const contract::ReleaseEntry& entry, const FileTree& files,
                 const contract::ChartObjects* in_memory, Release* out, std::string* error) {
  out->name = entry.name;
  out->ns = entry.ns;
  out->feature = entry.feature.value_or("");
  out->team = entry.team.value_or("");
  out->wave = entry.wave;
  out->needs = entry.needs;
  out->hash = entry.hash;
  const std::string& chart = entry.chart;
  // A blueprint whose chart files do not match the recorded hash is refused: a
  // hand-edited template would be applied as drift repair, without an upgrade's hooks.
  if (base::ChartHash(files, chart) != out->hash) {
    *error = "release `" + out->name + "`: the files under " + chart +
             "/ do not match the hash blueprint.json records for them (edited by hand?): "
             "change the fleet and run `dsc build` again";
    return false;
  }
  std::string templates = chart + "/templates/";
  std::map<ObjectRef, Object> rendered;
  auto add = [&](const json& doc, const std::string& where) {
    Object object;
    if (!ReadObject(doc, out->ns, &object, error)) {
      *error = where + ": " + *error;
      return false;
    }
    rendered[object.ref] = std::move(object);
    return true;
  };
  if (in_memory) {
    auto objects = in_memory->find(chart);
    if (objects != in_memory->end())
      for (const json& doc : objects->second)
        if (!add(doc, templates)) return false;
  } else {
    for (auto it = files.lower_bound(templates);
         it != files.end() && it->first.starts_with(templates); ++it) {
      std::vector<json> docs;
      std::string yaml_error;
      if (!YamlDocumentsToJson(UnescapeHelm(it->second), &docs, &yaml_error)) {
        *error = it->first + ": " + yaml_error;
        return false;
      }
      for (const json& doc : docs)
        if (!add(doc, it->first)) return false;
    }
  }
  // blueprint.json lists the objects; every one must have been rendered.
  for (const contract::ObjectEntry& listed : entry.objects) {
    ObjectRef ref{listed.api_version, listed.kind, listed.ns.value_or(""), listed.name};
    auto found = rendered.find(ref);
    if (found == rendered.end()) {
      *error = "release `" + out->name + "`: " + ref.Describe() + " is listed in blueprint.json " +
               "but no template under " + templates + " renders it";
      return false;
    }
    (found->second.hook ? out->hooks : out->objects).push_back(std::move(found->second));
    rendered.erase(found);
  }
  if (!rendered.empty()) {
    *error = "release `" + out->name + "`: " + rendered.begin()->first.Describe() +
             " is rendered under " + templates + " but not listed in blueprint.json";
    return false;
  }
  for (auto* list : {&out->objects, &out->hooks})
    for (Object& o : *list) o.install_rank = KindRank(o.ref.kind);
  SortBy(&out->objects, [](const Object& o) { return std::make_tuple(0, o.install_rank); });
  SortBy(&out->hooks, [](const Object& o) {
    return std::make_tuple(o.hook ? o.hook->weight : 0, KindRank(o.ref.kind));
  });
  return true;
}

// What a blueprint must be before anything is applied from it: releases named once,
// needs that name earlier waves of the same blueprint (which also rules out cycles).
bool CheckReleases(const std::vector<Release>& releases, std::string* error) {
  std::map<std::string, const Release*> by_id;
  for (const Release& r : releases) {
    if (!by_id.emplace(r.Id(), &r).second) {
      *error = "blueprint.json: release `" + r.Id() + "` is listed twice";
      return false;
    }
  }
  for (const Release& r : releases) {
    for (const std::string& need : r.needs) {
      auto found = by_id.find(need);
      if (found == by_id.end()) {
        *error = "blueprint.json: release `" + r.Id() + "` needs `" + need +
                 "`, which is not a release of this blueprint";
        return false;
      }
      if (found->second->wave >= r.wave) {
        *error = "blueprint.json: release `" + r.Id() + "` (wave " + std::to_string(r.wave) +
                 ") needs `" + need + "` (wave " + std::to_string(found->second->wave) +
                 "): what a release needs must come in an earlier wave (a cycle?)";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::string ObjectRef::Describe() const {
  return ns.empty() ? kind + " " + name : kind + " " + ns + "/" + name;
}

bool Hook::Runs(const std::string& event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

bool Hook::HasPolicy(const std::string& policy) const {
  return std::find(delete_policies.begin(), delete_policies.end(), policy) != delete_policies.end();
}

bool Feature::NamedIn(const std::vector<std::string>& names) const {
  return std::find(names.begin(), names.end(), name) != names.end() ||
         std::find(names.begin(), names.end(), label) != names.end();
}

const Feature* Blueprint::FeatureOf(const Release& release) const {
  return release.feature.empty() ? nullptr : FindFeature(release.feature);
}

std::string Blueprint::GroupOf(const Release& release) const {
  if (release.feature.empty()) return kBaselineGroup;
  const Feature* f = FeatureOf(release);
  return f ? f->label : release.feature;
}

bool Blueprint::Selects(const Release& release, const std::vector<std::string>& features) const {
  if (features.empty()) return true;
  const Feature* f = FeatureOf(release);
  return f && f->NamedIn(features);
}

std::vector<std::string> Blueprint::SelectedGroups(const std::vector<std::string>& names) const {
  std::vector<std::string> groups;
  if (names.empty()) groups.push_back(kBaselineGroup);
  for (const Feature& f : features) {
    if (names.empty() || f.NamedIn(names)) groups.push_back(f.label);
  }
  return groups;
}

const Feature* Blueprint::FindFeature(const std::string& name_or_label) const {
  for (const Feature& f : features) {
    if (f.name == name_or_label || f.label == name_or_label) return &f;
  }
  return nullptr;
}

std::string CanonicalJson(const json& value) {
  // nlohmann's object is a std::map: dump() already sorts keys.
  return base::JsonText(value);
}

std::string ContentHash(const json& manifest) {
  return "sha256:" + base::Sha256Hex(CanonicalJson(manifest));
}

bool LoadBlueprint(const FileTree& files, Blueprint* out, std::string* error,
                   const contract::ChartObjects* rendered) {
  *out = Blueprint{};
  auto file = files.find("blueprint.json");
  if (file == files.end()) {
    *error = "blueprint.json is missing: is this the output of `dsc build`?";
    return false;
  }
  contract::BlueprintDocument doc;
  if (!contract::FromJsonText(file->second, &doc, error)) return false;
  out->fleet = doc.fleet.name;
  out->fleet_namespace = doc.fleet.ns;
  out->ephemeral = doc.fleet.ephemeral;
  out->fleet_ttl = doc.fleet.ttl;
  out->all_features = doc.all_features;
  out->namespaces = doc.namespaces;
  for (const contract::FeatureEntry& f : doc.features)
    out->features.push_back({f.name, f.label, f.ns, f.ttl});
  // Parsing the templates is most of the load time: two threads share it (given the
  // objects in memory, a single thread would do, but the split costs nothing).
  const std::vector<contract::ReleaseEntry>& entries = doc.releases;
  std::vector<Release> releases(entries.size());
  std::vector<std::string> errors(entries.size());
  std::vector<char> ok(entries.size(), 0);
  auto parse = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < entries.size(); i += step) {
      try {
        ok[i] = ReadRelease(entries[i], files, rendered, &releases[i], &errors[i]);
      } catch (const std::exception& e) {
        // std::stod's out_of_range on a number no double holds, and the like: an
        // exception must not leave the helper thread, or dsc ends.
        errors[i] = "release `" + entries[i].name + "`: cannot read its templates: " + e.what();
      }
    }
  };
  std::thread helper(parse, 1, 2);
  parse(0, 2);
  helper.join();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!ok[i]) {
      *error = errors[i];
      return false;
    }
    out->releases.push_back(std::move(releases[i]));
  }
  std::stable_sort(out->releases.begin(), out->releases.end(),
                   [](const Release& a, const Release& b) { return a.wave < b.wave; });
  return CheckReleases(out->releases, error);
}

bool ReadBuildDirectory(const std::string& dir, FileTree* out, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root(dir);
  if (!fs::is_directory(root, ec)) {
    *error = dir + ": not a directory";
    return false;
  }
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->path().filename() == ".devspace" && it->is_directory()) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) {
      *error = it->path().string() + ": cannot read";
      return false;
    }
    (*out)[it->path().lexically_relative(root).generic_string()] = content.str();
  }
  if (ec) {
    *error = dir + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace dsc::runtime
