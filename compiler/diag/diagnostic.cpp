#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace dsc {
namespace {

constexpr Severity Error = Severity::kError;
constexpr Severity Warning = Severity::kWarning;

const std::vector<DiagKindInfo> kDiagKinds = {
#define DIAG(Name, Code, Sev, Message) {Code, Sev, Message},
#include "compiler/diag/diagnostic_kinds.def"
#undef DIAG
};

}  // namespace

const DiagKindInfo& InfoFor(DiagKind kind) { return kDiagKinds[static_cast<size_t>(kind)]; }

const std::vector<DiagKindInfo>& AllDiagKinds() { return kDiagKinds; }

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

Diagnostic& DiagnosticSink::Add(DiagKind kind, Span span, std::string message) {
  Diagnostic d;
  d.kind = kind;
  d.severity = InfoFor(kind).severity;
  d.span = span;
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
  return diagnostics_.back();
}

int DiagnosticSink::error_count() const {
  return static_cast<int>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const auto& d) { return d.severity == Severity::kError; }));
}

int DiagnosticSink::warning_count() const {
  return static_cast<int>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const auto& d) { return d.severity == Severity::kWarning; }));
}

void DiagnosticSink::Sort() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
      });
}

}  // namespace dsc
