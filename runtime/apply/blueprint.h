// A built blueprint, read back for the runtime: blueprint.json plus every
// rendered object of every chart, as JSON ready to send to the apiserver.
//
// Input: the files of a build (a directory on disk, or the in-memory tree of
// `dsc build`). Output: a Blueprint whose releases carry their objects in the
// order they are applied, hooks apart, with the content hash of each object.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "contract/blueprint_document.h"

namespace dsc::runtime {

struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string ns;  // empty for cluster-scoped objects
  std::string name;

  // "Deployment shop/api" (or "Namespace shop"), for messages.
  std::string Describe() const;
  auto operator<=>(const ObjectRef&) const = default;
};

struct Hook {
  std::vector<std::string> events;  // pre-install, pre-upgrade, post-install, ...
  int weight = 0;
  std::vector<std::string> delete_policies;  // before-hook-creation, hook-succeeded, hook-failed

  bool Runs(const std::string& event) const;
  bool HasPolicy(const std::string& policy) const;
};

struct Object {
  ObjectRef ref;
  nlohmann::json manifest;  // what is sent (metadata.namespace filled in)
  std::string hash;         // sha256 of the canonical manifest
  std::optional<Hook> hook;
  int install_rank = 0;  // its kind's place in Helm's install order: lower goes first
};

struct Release {
  std::string name;
  std::string ns;
  std::string feature;  // empty: baseline
  std::string team;     // empty: none
  int wave = 0;
  std::vector<std::string> needs;  // "namespace/name" of other releases
  std::string hash;                // the chart's hash from blueprint.json
  std::vector<Object> objects;     // non-hook objects, in install order
  std::vector<Object> hooks;       // hook objects, by weight then name

  std::string Id() const { return ns + "/" + name; }
};

// The inventory group of the baseline; a feature's group is its label.
inline constexpr const char* kBaselineGroup = "baseline";

struct Feature {
  std::string name;
  std::string label;
  std::string ns;
  std::string ttl;  // "12h"; empty: none

  // Whether `names` (a command's --feature values) name this feature.
  bool NamedIn(const std::vector<std::string>& names) const;
};

struct Blueprint {
  std::string fleet;
  std::string fleet_namespace;
  bool ephemeral = false;
  bool all_features = true;  // built without --feature: every feature is here
  std::string fleet_ttl;
  std::vector<std::string> namespaces;
  std::vector<Release> releases;  // by wave, then as in blueprint.json
  std::vector<Feature> features;

  const Feature* FindFeature(const std::string& name_or_label) const;
  // The release's feature, or nullptr for the baseline.
  const Feature* FeatureOf(const Release& release) const;
  // kBaselineGroup, or the label of the release's feature.
  std::string GroupOf(const Release& release) const;
  // Whether a command given --feature `features` acts on the release: with none,
  // every release; else only the named features' releases.
  bool Selects(const Release& release, const std::vector<std::string>& features) const;
  // The inventory groups such a command acts on: with no --feature, the baseline and every
  // feature's label; else the named features' labels.
  std::vector<std::string> SelectedGroups(const std::vector<std::string>& features) const;
};

using FileTree = std::map<std::string, std::string>;  // relative path -> content

// Reads blueprint.json and the charts it names. False with `error` (one line,
// naming the file) when something is missing or malformed. With `rendered` (what the
// compiler in this process rendered for each chart), the objects come from there rather
// than from parsing the templates again; the chart files' hash is checked either way.
bool LoadBlueprint(const FileTree& files, Blueprint* out, std::string* error,
                   const contract::ChartObjects* rendered = nullptr);

// Reads every regular file below `dir` into a FileTree.
bool ReadBuildDirectory(const std::string& dir, FileTree* out, std::string* error);

// Sorted-key JSON text, the input of an object's hash.
std::string CanonicalJson(const nlohmann::json& value);
std::string ContentHash(const nlohmann::json& manifest);

}  // namespace dsc::runtime
