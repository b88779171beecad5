#include "compiler/lint/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace dsc::lint {
namespace {

std::string At(const std::string& path, const YAML::Mark& mark, std::string_view message) {
  return fmt::format("{}:{}:{}: {}", path, mark.line + 1, mark.column + 1, message);
}

}  // namespace

std::string ApplyConfigFile(const std::string& text, const std::string& path,
                            RuleSeverities* severities) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return At(path, e.mark, fmt::format("not valid YAML: {}", e.msg));
  }
  // An empty file configures nothing.
  if (root.IsNull()) return "";
  if (!root.IsMap()) return At(path, root.Mark(), "expected a map with the key `rules`");
  RuleSeverities result = *severities;
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    if (key != "rules") {
      return At(path, entry.first.Mark(), fmt::format("unknown key `{}`; expected `rules`", key));
    }
    const YAML::Node& rules = entry.second;
    if (rules.IsNull()) continue;
    if (!rules.IsMap()) {
      return At(path, rules.Mark(), "`rules` must map rule codes to severities, e.g. `DL101: off`");
    }
    for (const auto& rule_entry : rules) {
      const YAML::Node& rule_key = rule_entry.first;
      const YAML::Node& value = rule_entry.second;
      const RuleInfo* rule = rule_key.IsScalar() ? FindRule(rule_key.Scalar()) : nullptr;
      if (!rule) {
        return At(path, rule_key.Mark(),
                  fmt::format("unknown rule `{}`; `dsc lint --list-rules` lists them",
                              rule_key.IsScalar() ? rule_key.Scalar() : "?"));
      }
      // `off` stays the string "off": yaml-cpp keeps a scalar's text as written.
      std::optional<LintSeverity> severity =
          value.IsScalar() ? ParseSeverity(value.Scalar()) : std::nullopt;
      if (!severity) {
        return At(path, value.Mark(),
                  fmt::format("`{}` is not a severity; expected error, warning, info or off",
                              value.IsScalar() ? value.Scalar() : "?"));
      }
      result.Set(rule->id, *severity);
    }
  }
  *severities = result;
  return "";
}

}  // namespace dsc::lint
