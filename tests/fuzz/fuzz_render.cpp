// Fuzz target: every renderer that turns text into JSON or a terminal's text — the
// diagnostics and lint findings (text, JSON, SARIF) and `dsc graph --format json` —
// with arbitrary bytes wherever a file name, a source line, a message, a label or a name
// can carry them. Nothing may throw or abort, and every JSON output must parse back
// (strictly: valid UTF-8).
//
// The input is split at NUL bytes into: path, source text, message, label, note, help,
// a name. Spans are derived from the parts' lengths, so they land anywhere in the text,
// mid-character included.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compiler/diag/render.h"
#include "compiler/review/graph_render.h"

namespace {

std::vector<std::string> Split(const uint8_t* data, size_t size) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && parts.size() < 7) {
      parts.emplace_back();
    } else {
      parts.back() += static_cast<char>(data[i]);
    }
  }
  parts.resize(7);
  return parts;
}

void MustParse(const std::string& json) {
  if (!nlohmann::json::accept(json)) std::abort();  // invalid JSON or invalid UTF-8
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> part = Split(data, size);
  const std::string &path = part[0], &text = part[1], &message = part[2], &label = part[3],
                    &note = part[4], &help = part[5], &name = part[6];
  dsc::SourceManager sources;
  const dsc::SourceFile& file = sources.Add(path, text);
  uint32_t length = static_cast<uint32_t>(text.size());
  uint32_t begin = length ? static_cast<uint32_t>(message.size() % (length + 1)) : 0;
  uint32_t end = begin + static_cast<uint32_t>(label.size() % (length - begin + 1));
  dsc::Span span{file.id(), begin, end};
  dsc::Span other{file.id(), static_cast<uint32_t>(note.size() % (length + 1)),
                  static_cast<uint32_t>(note.size() % (length + 1))};

  dsc::DiagnosticSink diags;
  const auto& kinds = dsc::AllDiagKinds();
  auto kind = static_cast<dsc::DiagKind>(help.size() % kinds.size());
  diags.Append(dsc::Diagnostic{kind,
                               kinds[static_cast<size_t>(kind)].severity,
                               span,
                               message,
                               label,
                               {{other, note}},
                               {note},
                               help});
  for (bool color : {false, true}) (void)dsc::RenderText(diags, sources, {color});
  MustParse(dsc::RenderJson(diags, sources));

  MustParse(dsc::RenderJson(diags, sources, true));
  MustParse(dsc::RenderSarif(diags, sources));

  dsc::review::FleetGraph graph;
  graph.fleet = name;
  graph.nodes.push_back({path + "/" + name, name, label, note, true, "", -1, false});
  graph.nodes.push_back({help, message, name, path, false, label, -1, true});
  graph.edges.push_back({0, 1, true, true, {label, path}});
  MustParse(dsc::review::RenderGraphJson(graph));
  (void)dsc::review::RenderDot(graph);
  (void)dsc::review::RenderMermaid(graph);
  return 0;
}
