// SARIF 2.1.0 (OASIS), the shape code hosts read to annotate pull requests:
// one run whose tool.driver lists every lint rule (and each `dsc check` code
// that occurs), and one result per diagnostic.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/diag/render.h"

namespace dsc {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
// No `informationUri`: it is optional, and dsc has no public home to point at yet.

// SARIF levels are `none`, `note`, `warning` and `error`: dsc's names, but for `info`.
std::string_view Level(Severity severity) {
  return severity == Severity::kInfo ? "note" : SeverityName(severity);
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

// lint_rules.def's severities as SARIF levels (and `off`).
constexpr std::string_view Error = "error", Warning = "warning", Info = "note", Off = "off";

// Every lint rule, in lint_rules.def's order, which is the order of their ruleIndex.
Json LintRuleDescriptors() {
  Json rules = Json::array();
  // An `off` rule is disabled; were it enabled, it would warn.
  auto add = [&](std::string_view code, std::string_view name, std::string_view severity,
                 std::string_view summary, std::string_view help) {
    bool off = severity == "off";
    Json configuration = {{"level", off ? "warning" : severity}};
    if (off) configuration["enabled"] = false;
    rules.push_back({{"id", code},
                     {"name", name},
                     {"shortDescription", {{"text", summary}}},
                     {"help", {{"text", help}}},
                     {"defaultConfiguration", configuration}});
  };
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) add(Code, RuleName, Sev, Summary, Help);
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
  return rules;
}

}  // namespace

std::string RenderSarif(const DiagnosticSink& sink, const SourceManager& sources) {
  Json rules = LintRuleDescriptors();
  std::map<std::string, size_t> rule_index;  // by code
  for (size_t i = 0; i < rules.size(); ++i) rule_index.emplace(rules[i]["id"], i);
  Json results = Json::array();
  for (const Diagnostic& d : sink.diagnostics()) {
    const DiagKindInfo& info = InfoFor(d.kind);
    auto [it, fresh] = rule_index.emplace(std::string(info.code), rules.size());
    // `dsc check` codes (a fleet that does not type-check) get a descriptor each, after
    // the lint rules, so every result has its rule.
    if (fresh && !IsLintKind(d.kind)) {
      rules.push_back({{"id", info.code},
                       {"shortDescription", {{"text", "a `dsc check` diagnostic"}}},
                       {"help", {{"text", fmt::format("run `dsc explain {}`", info.code)}}},
                       {"defaultConfiguration", {{"level", Level(info.severity)}}}});
    }
    std::string text = d.message;
    for (const std::string& note : d.notes) text += fmt::format("; {}", note);
    // A lint rule's help is in its descriptor.
    if (!d.help.empty() && !IsLintKind(d.kind)) text += fmt::format("; help: {}", d.help);
    results.push_back({{"ruleId", info.code},
                       {"ruleIndex", it->second},
                       {"level", Level(d.severity)},
                       {"message", {{"text", text}}},
                       {"locations", Locations(sources, d.span)}});
  }
  Json driver = {{"name", "dsc"}, {"version", DSC_VERSION}, {"rules", rules}};
  Json run = {
      {"tool", {{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}, {"results", results}};
  Json log = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  return base::JsonText(log, 2) + "\n";
}

}  // namespace dsc
