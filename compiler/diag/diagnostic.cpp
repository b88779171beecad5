#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace dsc {
namespace {

constexpr Severity Error = Severity::kError;
constexpr Severity Warning = Severity::kWarning;
constexpr Severity Info = Severity::kInfo;
constexpr Severity Off = Severity::kWarning;  // a disabled lint rule, were it enabled

// One count per list, so that IsLintKind needs no table.
constexpr size_t kCheckKindCount = 0
#define DIAG(Name, Code, Sev, Message) +1
#include "compiler/diag/diagnostic_kinds.def"
#undef DIAG
    ;

const std::vector<DiagKindInfo> kDiagKinds = {
#define DIAG(Name, Code, Sev, Message) {Code, Sev, Message},
#include "compiler/diag/diagnostic_kinds.def"
#undef DIAG
// A finding's message is written whole by its rule.
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) {Code, Sev, "{}", RuleName},
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
};

}  // namespace

bool IsLintKind(DiagKind kind) { return static_cast<size_t>(kind) >= kCheckKindCount; }

const DiagKindInfo& InfoFor(DiagKind kind) { return kDiagKinds[static_cast<size_t>(kind)]; }

const std::vector<DiagKindInfo>& AllDiagKinds() { return kDiagKinds; }

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
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

int DiagnosticSink::info_count() const {
  return static_cast<int>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const auto& d) { return d.severity == Severity::kInfo; }));
}

void DiagnosticSink::Sort() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
      });
}

}  // namespace dsc
