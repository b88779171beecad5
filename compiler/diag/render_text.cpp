#include <algorithm>

#include "compiler/diag/display_width.h"
#include "compiler/diag/render.h"
#include "compiler/diag/terminal_text.h"
#include "compiler/source/utf8.h"

namespace dsc {
namespace {

struct Palette {
  std::string_view bold, red, yellow, cyan, blue, reset;
};

Palette PaletteFor(bool color) {
  if (!color) return {};
  return {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m", "\033[1;34m", "\033[0m"};
}

std::string_view SeverityColor(Severity severity, const Palette& p) {
  switch (severity) {
    case Severity::kError:
      return p.red;
    case Severity::kWarning:
      return p.yellow;
    case Severity::kInfo:
      return p.cyan;
  }
  return p.red;
}

// One code point of a source line as shown, and how many terminal columns it takes.
struct Cell {
  std::string text;
  uint32_t width = 1;
};

// A source line as shown: one cell per code point, each as wide as the terminal shows it
// (two columns for East Asian wide characters), so carets line up. Control characters and
// bytes that are not UTF-8 show as U+FFFD rather than reach the terminal.
std::vector<Cell> DisplayCells(std::string_view line) {
  std::vector<Cell> cells;
  for (size_t i = 0; i < line.size();) {
    auto [cp, length, valid] = DecodeUtf8(line.substr(i));
    if (!valid || (cp < 0x20 && cp != '\t') || cp == 0x7F) {
      cells.push_back({"\xEF\xBF\xBD"});
    } else {
      cells.push_back({std::string(line.substr(i, length)), DisplayWidth(cp)});
    }
    i += length;
  }
  return cells;
}

// Lines longer than this are shown as a window around the span.
constexpr uint32_t kMaxShownColumns = 160;
constexpr uint32_t kContextColumns = 60;

// Prints the source line under `span` and a run of `mark` under the span's
// first line (a multi-line span is underlined to the end of its first line).
void AppendSnippet(std::string& out, const SourceFile& file, Span span, char mark,
                   std::string_view label, std::string_view mark_color, const Palette& p) {
  LineCol start = file.LineColAt(span.begin);
  LineCol end = file.LineColAt(span.end);
  std::vector<Cell> cells = DisplayCells(file.Line(start.line));
  uint32_t count = static_cast<uint32_t>(cells.size());
  uint32_t first = start.column - 1;  // 0-based cell of the span
  uint32_t last = end.line == start.line ? std::max(end.column - 1, first + 1) : count;
  last = std::max(std::min(last, count), first + 1);
  // Window: everything, or some context either side of the span's start.
  uint32_t from = 0, to = count;
  if (count > kMaxShownColumns) {
    from = first > kContextColumns ? first - kContextColumns : 0;
    to = std::min(count,
                  std::max(first + 1, std::min(last, first + kContextColumns)) + kContextColumns);
  }
  std::string shown = from > 0 ? "..." : "";
  std::string indent(shown.size(), ' ');
  uint32_t width = 0;  // of the marks, in columns
  for (uint32_t i = from; i < to; ++i) {
    shown += cells[i].text;
    if (i < first) {
      indent += cells[i].text == "\t" ? std::string("\t") : std::string(cells[i].width, ' ');
    } else if (i < last) {
      width += cells[i].width;
    }
  }
  if (to < count) shown += "...";
  std::string gutter = std::to_string(start.line);
  std::string pad(gutter.size(), ' ');
  out += fmt::format(" {}{} |{} {}\n", p.blue, gutter, p.reset, shown);
  out += fmt::format(" {} {}|{} {}{}{}", pad, p.blue, p.reset, indent, mark_color,
                     std::string(std::max<uint32_t>(width, 1), mark));
  if (!label.empty()) out += fmt::format(" {}", label);
  out += fmt::format("{}\n", p.reset);
}

}  // namespace

std::string RenderText(const DiagnosticSink& sink, const SourceManager& sources,
                       const RenderOptions& options) {
  Palette p = PaletteFor(options.color);
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    const DiagKindInfo& info = InfoFor(d.kind);
    std::string_view sev_color = SeverityColor(d.severity, p);
    bool has_file = sources.IsValid(d.span.file);
    if (has_file) {
      const SourceFile& file = sources.Get(d.span.file);
      LineCol at = file.LineColAt(d.span.begin);
      out += fmt::format("{}{}:{}:{}:{} ", p.bold, TerminalSafe(file.path()), at.line, at.column,
                         p.reset);
    } else {
      out += "dsc: ";
    }
    out += fmt::format("{}{}[{}]{}: {}{}{}", sev_color, SeverityName(d.severity), info.code,
                       p.reset, p.bold, TerminalSafe(d.message), p.reset);
    // A lint finding names its rule, the word to turn it off with.
    if (!info.rule_name.empty()) out += fmt::format(" [{}]", info.rule_name);
    out += "\n";
    // An empty span at the very start is about the whole file: no snippet.
    bool file_level = d.span.begin == 0 && d.span.end == 0;
    if (has_file && !file_level) {
      AppendSnippet(out, sources.Get(d.span.file), d.span, '^', TerminalSafe(d.span_label),
                    sev_color, p);
    }
    for (const DiagLabel& label : d.labels) {
      if (!sources.IsValid(label.span.file)) continue;
      const SourceFile& file = sources.Get(label.span.file);
      LineCol at = file.LineColAt(label.span.begin);
      out += fmt::format("{}{}:{}:{}:{} {}note{}: {}\n", p.bold, TerminalSafe(file.path()), at.line,
                         at.column, p.reset, p.cyan, p.reset, TerminalSafe(label.message));
      AppendSnippet(out, file, label.span, '-', "", p.cyan, p);
    }
    for (const std::string& note : d.notes) {
      out += fmt::format("  {}= note:{} {}\n", p.bold, p.reset, TerminalSafe(note));
    }
    if (!d.help.empty()) {
      out += fmt::format("  {}= help:{} {}\n", p.bold, p.reset, TerminalSafe(d.help));
    }
  }
  return out;
}

std::string RenderSummary(const DiagnosticSink& sink) {
  std::vector<std::string> parts;
  auto add = [&](int n, std::string_view one, std::string_view many) {
    if (n) parts.push_back(fmt::format("{} {}", n, n == 1 ? one : many));
  };
  add(sink.error_count(), "error", "errors");
  add(sink.warning_count(), "warning", "warnings");
  add(sink.info_count(), "info", "info");
  if (parts.empty()) return "";
  return fmt::format("{}\n", fmt::join(parts, ", "));
}

}  // namespace dsc
