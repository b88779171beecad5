#include "compiler/lsp/field_docs.h"

#include <map>
#include <utility>
#include <vector>

#include "base/lines.h"
#include "compiler/source/embedded_files.h"

namespace dsc::lsp {
namespace {

struct Row {
  std::string section;  // `service` of "## `service`", or `sync` of `sync.from`
  std::string doc;
};

// The cells of a Markdown table row, trimmed; `\|` stays inside a cell.
std::vector<std::string> Cells(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      size_t first = cell.find_first_not_of(' ');
      size_t last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// Every field row of the language reference, by field name.
std::multimap<std::string, Row> ReadRows() {
  std::multimap<std::string, Row> rows;
  std::string_view doc = FindEmbeddedFile("docs/language.md");
  std::string section;
  for (std::string_view line : base::Lines(doc)) {
    if (line.starts_with("## `")) {
      size_t close = line.find('`', 4);
      section = std::string(line.substr(4, close == std::string_view::npos ? 0 : close - 4));
      continue;
    }
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells = Cells(line);
    if (cells.size() < 2) continue;
    std::string doc_text;
    for (size_t i = 1; i < cells.size(); ++i)
      if (!cells[i].empty()) doc_text += (doc_text.empty() ? "" : " — ") + cells[i];
    // The first cell names one field or several: `command`, `args`, `sync.from`.
    const std::string& names = cells[0];
    for (size_t open = names.find('`'); open != std::string::npos;) {
      size_t close = names.find('`', open + 1);
      if (close == std::string::npos) break;
      std::string name = names.substr(open + 1, close - open - 1);
      std::string row_section = section;
      if (size_t dot = name.rfind('.'); dot != std::string::npos) {
        row_section = name.substr(0, dot);
        name = name.substr(dot + 1);
      }
      rows.emplace(name, Row{row_section, doc_text});
      open = names.find('`', close + 1);
    }
  }
  return rows;
}

}  // namespace

std::string FieldDoc(std::string_view schema, std::string_view field) {
  static const std::multimap<std::string, Row> kRows = ReadRows();
  auto [begin, end] = kRows.equal_range(std::string(field));
  for (auto it = begin; it != end; ++it)
    if (it->second.section == schema) return it->second.doc;
  return begin == end ? "" : begin->second.doc;
}

}  // namespace dsc::lsp
