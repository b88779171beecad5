#include "compiler/lint/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace dsc::lint {
namespace {

// The span of what yaml-cpp marked: a scalar's text, or the place alone. A mark
// without a place (yaml-cpp's null mark) is about the whole file.
Span SpanAt(const SourceFile& file, const YAML::Mark& mark, size_t length = 0) {
  if (mark.pos < 0) return {file.id(), 0, 0};
  auto size = static_cast<uint32_t>(file.text().size());
  auto begin = std::min(static_cast<uint32_t>(mark.pos), size);
  return {file.id(), begin, std::min(begin + static_cast<uint32_t>(length), size)};
}

Span SpanOf(const SourceFile& file, const YAML::Node& node) {
  return SpanAt(file, node.Mark(), node.IsScalar() ? node.Scalar().size() : 0);
}

}  // namespace

bool ApplyConfigFile(const SourceFile& file, RuleSeverities* severities, DiagnosticSink& diags) {
  auto report = [&](Span span, std::string message, std::string help) {
    diags.Report(DiagKind::kLintConfigInvalid, span, std::move(message)).Help(std::move(help));
    return false;
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(file.text()));
  } catch (const YAML::ParserException& e) {
    return report(SpanAt(file, e.mark), fmt::format("not valid YAML: {}", e.msg),
                  "the file is a YAML map, e.g. `rules: { DL101: off }`");
  }
  // An empty file configures nothing.
  if (root.IsNull()) return true;
  constexpr std::string_view kExample = "write `rules:` and under it `DL101: off`, one per line";
  if (!root.IsMap())
    return report(SpanOf(file, root), "expected a map with the key `rules`", std::string(kExample));
  RuleSeverities result = *severities;
  for (const auto& entry : root) {
    std::string key = entry.first.Scalar();
    if (key != "rules") {
      return report(SpanOf(file, entry.first), fmt::format("unknown key `{}`", key),
                    "the file has one key, `rules`");
    }
    const YAML::Node& rules = entry.second;
    if (rules.IsNull()) continue;
    if (!rules.IsMap()) {
      return report(SpanOf(file, rules), "`rules` must map rule codes to severities",
                    std::string(kExample));
    }
    for (const auto& rule_entry : rules) {
      const YAML::Node& rule_key = rule_entry.first;
      const YAML::Node& value = rule_entry.second;
      const RuleInfo* rule = rule_key.IsScalar() ? FindRule(rule_key.Scalar()) : nullptr;
      if (!rule) {
        return report(
            SpanOf(file, rule_key),
            fmt::format("unknown rule `{}`", rule_key.IsScalar() ? rule_key.Scalar() : "?"),
            "`dsc lint --list-rules` lists the rules, by code and by name");
      }
      // `off` stays the string "off": yaml-cpp keeps a scalar's text as written.
      std::optional<LintSeverity> severity =
          value.IsScalar() ? ParseSeverity(value.Scalar()) : std::nullopt;
      constexpr std::string_view kSeverities = "use error, warning, info or off";
      // A missing value has no place of its own: point at its rule.
      if (value.IsNull()) {
        return report(SpanOf(file, rule_key),
                      fmt::format("rule `{}` has no severity", rule_key.Scalar()),
                      std::string(kSeverities));
      }
      if (!severity) {
        return report(
            SpanOf(file, value),
            fmt::format("`{}` is not a severity", value.IsScalar() ? value.Scalar() : "?"),
            std::string(kSeverities));
      }
      result.Set(rule->id, *severity);
    }
  }
  *severities = result;
  return true;
}

}  // namespace dsc::lint
