// Diagnostics as data: a kind, a primary span, optional secondary labelled spans, notes
// and a help line. Rendering lives in render.h. The kinds are `dsc check`'s
// (diagnostic_kinds.def, codes DSxxxx) and `dsc lint`'s rules (lint_rules.def, codes
// DLxxx): a lint finding is a diagnostic whose severity the rule's configuration sets.
#pragma once

#include <fmt/format.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_file.h"

namespace dsc {

// kInfo is reported by lint rules set to `info` only: it never fails a run.
enum class Severity { kError, kWarning, kInfo };

enum class DiagKind {
#define DIAG(Name, Code, Sev, Message) k##Name,
#include "compiler/diag/diagnostic_kinds.def"
#undef DIAG
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) kLint##Name,
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
};

struct DiagKindInfo {
  std::string_view code;
  // A lint rule's is the severity it has when enabled (an `off` rule would warn);
  // the configured one is set on each finding.
  Severity severity;
  std::string_view message_template;
  // Lint rules only: the rule's name (`image-latest-tag`), shown beside each finding.
  std::string_view rule_name = {};
};

// A kind of `dsc lint` (a DLxxx rule), not of `dsc check`.
bool IsLintKind(DiagKind kind);

const DiagKindInfo& InfoFor(DiagKind kind);
const std::vector<DiagKindInfo>& AllDiagKinds();
std::string_view SeverityName(Severity severity);

struct DiagLabel {
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
  std::string span_label;  // optional text beside the primary carets
  std::vector<DiagLabel> labels;
  std::vector<std::string> notes;
  std::string help;

  // Builder-style additions; each returns *this for chaining.
  Diagnostic& Label(std::string text) {
    span_label = std::move(text);
    return *this;
  }
  Diagnostic& Secondary(Span at, std::string text) {
    labels.push_back({at, std::move(text)});
    return *this;
  }
  Diagnostic& Note(std::string text) {
    notes.push_back(std::move(text));
    return *this;
  }
  Diagnostic& Help(std::string text) {
    help = std::move(text);
    return *this;
  }
};

// Collects diagnostics for one compilation. Passed to every stage.
class DiagnosticSink {
 public:
  template <typename... Args>
  Diagnostic& Report(DiagKind kind, Span span, const Args&... args) {
    const DiagKindInfo& info = InfoFor(kind);
    return Add(kind, span, fmt::format(fmt::runtime(info.message_template), args...));
  }

  // Adds a diagnostic made elsewhere (e.g. kept from a scratch sink).
  void Append(const Diagnostic& d) { diagnostics_.push_back(d); }
  const std::deque<Diagnostic>& diagnostics() const { return diagnostics_; }
  int error_count() const;
  int warning_count() const;
  int info_count() const;
  bool has_errors() const { return error_count() > 0; }
  // Orders by file, then position, then code, so output is stable.
  void Sort();

 private:
  Diagnostic& Add(DiagKind kind, Span span, std::string message);
  // A deque keeps references returned by Report valid while more are added.
  std::deque<Diagnostic> diagnostics_;
};

}  // namespace dsc
