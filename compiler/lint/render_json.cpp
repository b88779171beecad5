#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/diag/render.h"
#include "compiler/lint/render.h"

namespace dsc::lint {
namespace {

using Json = nlohmann::json;

Json Location(const SourceManager& sources, Span span) {
  if (!sources.IsValid(span.file)) return nullptr;
  const SourceFile& file = sources.Get(span.file);
  LineCol begin = file.LineColAt(span.begin);
  LineCol end = file.LineColAt(span.end);
  return {{"file", file.path()},
          {"line", begin.line},
          {"column", begin.column},
          {"end_line", end.line},
          {"end_column", end.column}};
}

}  // namespace

std::string RenderJson(const std::vector<Finding>& findings, const DiagnosticSink& check,
                       const SourceManager& sources) {
  Json list = Json::array();
  for (const Finding& f : findings) {
    const RuleInfo& rule = InfoFor(f.rule);
    list.push_back({{"rule", rule.code},
                    {"name", rule.name},
                    {"severity", SeverityName(f.severity)},
                    {"message", f.message},
                    {"note", f.note.empty() ? Json() : Json(f.note)},
                    {"help", rule.help},
                    {"location", Location(sources, f.span)}});
  }
  // The same objects as `dsc check --format json`, so one reader handles both.
  Json diagnostics = Json::parse(dsc::RenderJson(check, sources))["diagnostics"];
  FindingCounts counts = Count(findings);
  Json doc = {{"findings", list},
              {"diagnostics", diagnostics},
              {"errors", counts.errors + check.error_count()},
              {"warnings", counts.warnings + check.warning_count()},
              {"infos", counts.infos}};
  return base::JsonText(doc, 2) + "\n";
}

std::string RenderRuleList(bool json) {
  if (json) {
    Json list = Json::array();
    for (const RuleInfo& rule : AllRules()) {
      list.push_back({{"rule", rule.code},
                      {"name", rule.name},
                      {"severity", SeverityName(rule.default_severity)},
                      {"summary", rule.summary},
                      {"help", rule.help}});
    }
    return base::JsonText(Json{{"rules", list}}, 2) + "\n";
  }
  size_t name_width = 4;
  for (const RuleInfo& rule : AllRules()) name_width = std::max(name_width, rule.name.size());
  std::string out =
      fmt::format("{:<6} {:<8} {:<{}} {}\n", "CODE", "DEFAULT", "NAME", name_width, "FINDS");
  for (const RuleInfo& rule : AllRules()) {
    out += fmt::format("{:<6} {:<8} {:<{}} {}\n", rule.code, SeverityName(rule.default_severity),
                       rule.name, name_width, rule.summary);
  }
  return out;
}

}  // namespace dsc::lint
