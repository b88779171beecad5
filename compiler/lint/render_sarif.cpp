// SARIF 2.1.0 (OASIS), the shape code hosts read to annotate pull requests:
// one run whose tool.driver lists every rule, and one result per finding.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/lint/render.h"

namespace dsc::lint {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
// No `informationUri`: it is optional, and dsc has no public home to point at yet.

// SARIF levels: `none`, `note`, `warning`, `error`; `info` is a `note`.
const char* Level(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kError:
      return "error";
    case LintSeverity::kWarning:
      return "warning";
    default:
      return "note";
  }
}

// A path as a relative URI reference: unreserved and path characters stay, the
// rest (spaces, `%`, `#`, `?`, non-ASCII bytes) is percent-encoded.
std::string UriOf(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) !=
                               std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Json Locations(const SourceManager& sources, Span span) {
  if (!sources.IsValid(span.file)) return Json::array();
  const SourceFile& file = sources.Get(span.file);
  LineCol begin = file.LineColAt(span.begin);
  LineCol end = file.LineColAt(span.end);
  Json region = {{"startLine", begin.line}, {"startColumn", begin.column}};
  if (span.end > span.begin) {
    region["endLine"] = end.line;
    region["endColumn"] = end.column;
  }
  return Json::array(
      {{{"physicalLocation",
         {{"artifactLocation", {{"uri", UriOf(file.path())}}}, {"region", region}}}}});
}

Json RuleDescriptor(const RuleInfo& rule) {
  // An `off` rule is disabled; were it enabled, it would warn.
  Json configuration = {{"level", rule.default_severity == LintSeverity::kOff
                                      ? "warning"
                                      : Level(rule.default_severity)}};
  if (rule.default_severity == LintSeverity::kOff) configuration["enabled"] = false;
  return {{"id", rule.code},
          {"name", rule.name},
          {"shortDescription", {{"text", rule.summary}}},
          {"help", {{"text", rule.help}}},
          {"defaultConfiguration", configuration}};
}

}  // namespace

std::string RenderSarif(const std::vector<Finding>& findings, const DiagnosticSink& check,
                        const SourceManager& sources) {
  Json rules = Json::array();
  for (const RuleInfo& rule : AllRules()) rules.push_back(RuleDescriptor(rule));
  Json results = Json::array();
  // `dsc check` diagnostics (a fleet that does not type-check) get a
  // descriptor each, after the lint rules, so every result has its rule.
  std::map<std::string_view, size_t> check_rules;
  for (const Diagnostic& d : check.diagnostics()) {
    std::string_view code = InfoFor(d.kind).code;
    auto [it, fresh] = check_rules.emplace(code, rules.size());
    if (fresh) {
      rules.push_back({{"id", code},
                       {"shortDescription", {{"text", "a `dsc check` diagnostic"}}},
                       {"help", {{"text", fmt::format("run `dsc explain {}`", code)}}},
                       {"defaultConfiguration",
                        {{"level", std::string(SeverityName(InfoFor(d.kind).severity))}}}});
    }
    std::string text = d.message;
    if (!d.help.empty()) text += fmt::format("; help: {}", d.help);
    results.push_back(
        {{"ruleId", code},
         {"ruleIndex", it->second},
         {"level", std::string(SeverityName(d.severity))},  // SARIF's level names are dsc's
         {"message", {{"text", text}}},
         {"locations", Locations(sources, d.span)}});
  }
  for (const Finding& f : findings) {
    const RuleInfo& rule = InfoFor(f.rule);
    std::string text = f.note.empty() ? f.message : fmt::format("{}; {}", f.message, f.note);
    results.push_back({{"ruleId", rule.code},
                       {"ruleIndex", static_cast<size_t>(f.rule)},
                       {"level", Level(f.severity)},
                       {"message", {{"text", text}}},
                       {"locations", Locations(sources, f.span)}});
  }
  Json driver = {{"name", "dsc"}, {"version", DSC_VERSION}, {"rules", rules}};
  Json run = {
      {"tool", {{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}, {"results", results}};
  Json log = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  return base::JsonText(log, 2) + "\n";
}

}  // namespace dsc::lint
