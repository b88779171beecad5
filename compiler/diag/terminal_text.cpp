#include "compiler/diag/terminal_text.h"

#include <fmt/format.h>

#include "compiler/source/utf8.h"

namespace dsc {

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto [cp, length, valid] = DecodeUtf8(text);
    if (!valid) {
      out += "\xEF\xBF\xBD";
    } else if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
      out += fmt::format("\\x{:02x}", static_cast<uint32_t>(cp));
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      out += fmt::format("<U+{:04X}>", static_cast<uint32_t>(cp));
    } else {
      out += text.substr(0, length);
    }
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace dsc
