#include <fmt/format.h>

#include "compiler/diag/display_width.h"
#include "compiler/diag/terminal_text.h"
#include "compiler/lint/render.h"

namespace dsc::lint {
namespace {

struct Palette {
  std::string_view bold, red, yellow, cyan, blue, reset;
};

Palette PaletteFor(bool color) {
  if (!color) return {};
  return {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m", "\033[1;34m", "\033[0m"};
}

std::string_view SeverityColor(LintSeverity severity, const Palette& p) {
  switch (severity) {
    case LintSeverity::kError:
      return p.red;
    case LintSeverity::kWarning:
      return p.yellow;
    default:
      return p.cyan;
  }
}

// Columns a run of UTF-8 text takes on a terminal. Tabs count as one, and are
// kept as tabs in the indent below so the caret still lines up.
uint32_t Width(std::string_view text) {
  uint32_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    uint32_t code_point = length == 1 ? c : c & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < text.size(); ++k)
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += DisplayWidth(code_point);
    i += length;
  }
  return width;
}

// Byte offset of a 1-based column (in code points) in a line.
size_t ByteOfColumn(std::string_view line, uint32_t column) {
  size_t i = 0;
  for (uint32_t seen = 1; seen < column && i < line.size(); ++seen) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// The source line under the span, and carets under the span's part of it.
void AppendSnippet(std::string& out, const SourceFile& file, Span span, std::string_view color,
                   const Palette& p) {
  LineCol start = file.LineColAt(span.begin);
  LineCol end = file.LineColAt(span.end);
  std::string_view line = file.Line(start.line);
  size_t from = ByteOfColumn(line, start.column);
  size_t to = end.line == start.line ? ByteOfColumn(line, end.column) : line.size();
  // Spaces as wide as the text before the span; its tabs stay tabs.
  std::string indent;
  for (size_t i = 0; i < from;) {
    size_t next = ByteOfColumn(line.substr(i), 2) + i;
    indent +=
        line[i] == '\t' ? std::string("\t") : std::string(Width(line.substr(i, next - i)), ' ');
    i = next;
  }
  uint32_t width = std::max<uint32_t>(1, Width(line.substr(from, to > from ? to - from : 0)));
  std::string gutter = std::to_string(start.line);
  out += fmt::format(" {}{} |{} {}\n", p.blue, gutter, p.reset, TerminalSafe(line));
  out += fmt::format(" {} {}|{} {}{}{}{}\n", std::string(gutter.size(), ' '), p.blue, p.reset,
                     indent, color, std::string(width, '^'), p.reset);
}

}  // namespace

FindingCounts Count(const std::vector<Finding>& findings) {
  FindingCounts counts;
  for (const Finding& f : findings) {
    if (f.severity == LintSeverity::kError) ++counts.errors;
    if (f.severity == LintSeverity::kWarning) ++counts.warnings;
    if (f.severity == LintSeverity::kInfo) ++counts.infos;
  }
  return counts;
}

std::string RenderText(const std::vector<Finding>& findings, const SourceManager& sources,
                       bool color) {
  Palette p = PaletteFor(color);
  std::string out;
  for (const Finding& f : findings) {
    const RuleInfo& rule = InfoFor(f.rule);
    std::string_view sev_color = SeverityColor(f.severity, p);
    if (sources.IsValid(f.span.file)) {
      const SourceFile& file = sources.Get(f.span.file);
      LineCol at = file.LineColAt(f.span.begin);
      out += fmt::format("{}{}:{}:{}:{} ", p.bold, TerminalSafe(file.path()), at.line, at.column,
                         p.reset);
    } else {
      out += "dsc: ";
    }
    out += fmt::format("{}{}[{}]{}: {}{}{} [{}]\n", sev_color, SeverityName(f.severity), rule.code,
                       p.reset, p.bold, TerminalSafe(f.message), p.reset, rule.name);
    if (sources.IsValid(f.span.file)) {
      AppendSnippet(out, sources.Get(f.span.file), f.span, sev_color, p);
    }
    if (!f.note.empty())
      out += fmt::format("  {}= note:{} {}\n", p.bold, p.reset, TerminalSafe(f.note));
    out += fmt::format("  {}= help:{} {}\n", p.bold, p.reset, rule.help);
  }
  FindingCounts counts = Count(findings);
  std::vector<std::string> parts;
  auto add = [&](int n, std::string_view one, std::string_view many) {
    if (n) parts.push_back(fmt::format("{} {}", n, n == 1 ? one : many));
  };
  add(counts.errors, "error", "errors");
  add(counts.warnings, "warning", "warnings");
  add(counts.infos, "info", "info");
  if (!parts.empty()) out += fmt::format("lint: {}\n", fmt::join(parts, ", "));
  return out;
}

}  // namespace dsc::lint
