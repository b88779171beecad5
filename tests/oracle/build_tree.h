// A `dsc build` output directory as the oracle reads it: every manifest of every chart
// (the Helm escapes undone, so each is the object Helm would render), helmfile.yaml's
// releases and blueprint.json. Read with yaml-cpp and nlohmann/json, not dsc's code.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dsc::oracle {

using Json = nlohmann::json;

struct Object {
  Json body;
  std::string release;  // the chart (= release) it is a template of
  std::string file;     // relative to the build directory
  std::string kind() const { return body.value("kind", ""); }
  std::string name() const { return body["metadata"].value("name", ""); }
  std::string ns() const { return body["metadata"].value("namespace", ""); }
};

struct HelmRelease {
  std::string name, namespace_, chart;
  std::set<std::string> needs;  // "namespace/name"
  std::map<std::string, std::string> labels;
  Json hooks;  // helmfile's `hooks` of the release, as written
  std::string Id() const { return namespace_ + "/" + name; }
};

struct BuildTree {
  Json blueprint;
  std::vector<Object> objects;
  std::vector<HelmRelease> helmfile;

  // Reads `dir`; nullopt, with `error` set, when a file is missing or unreadable.
  static std::optional<BuildTree> Read(const std::filesystem::path& dir, std::string* error);

  const Object* Find(const std::string& kind, const std::string& ns, const std::string& name) const;
  std::vector<const Object*> OfKind(const std::string& kind) const;
  const HelmRelease* HelmReleaseOf(const std::string& id) const;
};

// `json[key]` when `json` is an object that holds it, else an empty object: reading a
// missing part of a manifest visits nothing and finds nothing, instead of throwing.
const Json& At(const Json& json, const std::string& key);
// The same along a path: At(deployment, {"spec", "template", "spec"}).
const Json& At(const Json& json, std::initializer_list<const char*> path);

// A YAML document as JSON: quoted scalars are strings; plain ones are read as YAML 1.2's
// core schema reads them (true/false, null, integers), which is what Kubernetes does.
Json YamlToJson(const std::string& text);

}  // namespace dsc::oracle
