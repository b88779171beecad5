// A small block-style YAML writer for emitted manifests.
//
// Manifests are written through doc_writer.h; a document built as nlohmann::ordered_json
// (key order is the order of insertion, so output is byte-stable) is printed by ToYaml
// with the same writer. Every string is
// printed so that a YAML 1.1 or 1.2 loader reads back the same string: plain
// only when it is unambiguous, double-quoted otherwise (YAML 1.1 booleans such
// as `no` and `on`, numbers, `null`, leading indicators, `: ` and ` #`,
// control characters, non-ASCII is kept as UTF-8 inside quotes).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "compiler/emit/yaml_plain.h"

namespace dsc::emit {

using Json = nlohmann::ordered_json;

// The YAML text of `doc`, ending in a newline.
std::string ToYaml(const Json& doc);

// `text` as a YAML double-quoted scalar.
std::string QuoteYaml(std::string_view text);
void AppendQuotedYaml(std::string_view text, std::string& out);

// Appends `text` as a YAML string scalar: plain when IsSafePlainScalar, else quoted.
void AppendYamlString(std::string_view text, std::string& out);

// Helm renders chart templates with Go templates before reading them as YAML:
// every literal `{{` in a template file must be written as `{{ "{{" }}`.
std::string EscapeHelmTemplate(std::string_view yaml);

}  // namespace dsc::emit
