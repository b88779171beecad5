// YAML text -> JSON values, for the manifests dsc's own build wrote.
//
// Scalars follow the YAML 1.2 core schema: a plain scalar that reads as null,
// a boolean, an integer or a float becomes one; a quoted scalar is always a
// string (dsc's YAML writer quotes every string that would read as anything else).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dsc::runtime {

// Every non-empty document of `text`. False with `error` on a YAML error.
bool YamlDocumentsToJson(const std::string& text, std::vector<nlohmann::json>* out,
                         std::string* error);

}  // namespace dsc::runtime
