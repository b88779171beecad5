// A text's lines, as views into it: what walking a Markdown file or a header block needs.
#pragma once

#include <string_view>
#include <vector>

namespace dsc::base {

// The lines of `text` without their `\n` (a `\r` before it stays); a final line without
// one is a line, an empty text has none.
inline std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

}  // namespace dsc::base
