// The Kubernetes objects of a build tree, keyed by kind, namespace and name:
// what the manifest diff compares, and where the summary reads containers'
// env and resources (blueprint.json does not list them).
//
// Input: a build tree (path -> content: blueprint.json, charts/…) and its
// parsed blueprint.json. Output: every object of every chart's templates, with
// its manifest as JSON and the text Helm would render for it.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "contract/blueprint_document.h"

namespace dsc::diff {

using Tree = std::map<std::string, std::string>;  // relative path -> content

struct ObjectKey {
  std::string kind, namespace_, name;
  auto operator<=>(const ObjectKey&) const = default;
};

struct ManifestObject {
  std::string api_version;
  std::string release;
  nlohmann::json manifest;
  // The template's text with Helm's `{{` escape undone, when the template
  // holds this one object; empty when it must be printed from `manifest`.
  std::string text;
};

using ObjectMap = std::map<ObjectKey, ManifestObject>;

// Reads charts/<release>/templates/* of every release `blueprint` lists. False
// with `error` (naming the file) on a template that is not YAML or not an object.
bool ReadObjects(const Tree& tree, const contract::BlueprintDocument& blueprint, ObjectMap* out,
                 std::string* error);

// The first container of a Deployment `namespace_/name` named `container`
// (else its first container), or nullptr.
const nlohmann::json* FindContainer(const ObjectMap& objects, const std::string& namespace_,
                                    const std::string& name, const std::string& container);

}  // namespace dsc::diff
