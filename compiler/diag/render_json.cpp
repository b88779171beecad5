#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/diag/render.h"

namespace dsc {
namespace {

nlohmann::json Location(const SourceManager& sources, Span span) {
  if (!sources.IsValid(span.file)) return nullptr;
  const SourceFile& file = sources.Get(span.file);
  LineCol begin = file.LineColAt(span.begin);
  LineCol end = file.LineColAt(span.end);
  return {{"file", file.path()},
          {"line", begin.line},
          {"column", begin.column},
          {"end_line", end.line},
          {"end_column", end.column},
          {"offset", span.begin},
          {"length", span.end - span.begin}};
}

}  // namespace

std::string RenderJson(const DiagnosticSink& sink, const SourceManager& sources, bool count_infos) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : sink.diagnostics()) {
    nlohmann::json labels = nlohmann::json::array();
    for (const DiagLabel& label : d.labels) {
      labels.push_back({{"message", label.message}, {"location", Location(sources, label.span)}});
    }
    nlohmann::json entry = {
        {"code", InfoFor(d.kind).code},
        {"severity", SeverityName(d.severity)},
        {"message", d.message},
        {"location", Location(sources, d.span)},
        {"label", d.span_label.empty() ? nlohmann::json() : nlohmann::json(d.span_label)},
        {"labels", labels},
        {"notes", d.notes},
        {"help", d.help.empty() ? nlohmann::json() : nlohmann::json(d.help)}};
    // A lint finding also names its rule.
    if (IsLintKind(d.kind)) entry["name"] = InfoFor(d.kind).rule_name;
    list.push_back(std::move(entry));
  }
  nlohmann::json doc = {
      {"diagnostics", list}, {"errors", sink.error_count()}, {"warnings", sink.warning_count()}};
  if (count_infos) doc["infos"] = sink.info_count();
  return base::JsonText(doc, 2) + "\n";
}

}  // namespace dsc
