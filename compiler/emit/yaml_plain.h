// Which strings YAML may print plain (unquoted), as constexpr functions: the YAML
// writer asks this of every key and string value it prints, and the keys written in
// the emitters' source are checked once, at compile time (doc_writer.h, PlainKey).
#pragma once

#include <array>
#include <string_view>

#include "base/ascii.h"

namespace dsc::emit {
namespace yaml_plain {

// Words that some YAML loader reads as something other than a string: YAML 1.1
// booleans and nulls (case-insensitive), plus `.inf`/`.nan` forms.
constexpr bool IsReservedWord(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  switch (base::AsciiLower(text[0])) {  // what the words below start with
    case 'y':
    case 'n':
    case '~':
    case '=':
    case 'o':
    case '<':
    case 't':
    case 'f':
    case '.':
    case '-':
    case '+':
      break;
    default:
      return false;
  }
  char lower[5] = {};
  for (size_t i = 0; i < text.size(); ++i) lower[i] = base::AsciiLower(text[i]);
  std::string_view w(lower, text.size());
  switch (w.size()) {
    case 1:
      return w == "y" || w == "n" || w == "~" || w == "=";
    case 2:
      return w == "no" || w == "on" || w == "<<";
    case 3:
      return w == "yes" || w == "off" || w == "nil";
    case 4:
      return w == "true" || w == "null" || w == ".inf" || w == ".nan";
    case 5:
      return w == "false" || w == "-.inf" || w == "+.inf";
    default:
      return false;
  }
}

// Anything a YAML 1.1 loader could read as a number: digits with optional
// sign, dots, `e`, `x`, `o`, `_` and `:` (sexagesimal `1:30`) is treated as
// numeric-looking and quoted.
constexpr bool LooksNumeric(std::string_view text) {
  if (text.empty()) return false;
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i < text.size() && text[i] == '.') ++i;
  if (i >= text.size() || !base::IsAsciiDigit(text[i])) return false;
  for (char c : text) {
    if (!(base::IsAsciiAlnum(c) || c == '.' || c == '_' || c == ':' || c == '-' || c == '+')) {
      return false;
    }
  }
  return true;
}

// The bytes a plain scalar may hold, as a table: every byte of every string scalar is
// looked up here, and a table is a load where the chain of comparisons was ten.
inline constexpr std::array<bool, 256> kPlainChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    table[static_cast<size_t>(c)] = base::IsAsciiAlnum(ch) || ch == '-' || ch == '_' || ch == '.' ||
                                    ch == '/' || ch == '=' || ch == '+' || ch == '@' || ch == '(' ||
                                    ch == ')' || ch == '$';
  }
  return table;
}();

}  // namespace yaml_plain

// Whether `text` can be printed as a plain (unquoted) scalar and read back as
// the same string by YAML 1.1 and 1.2 loaders.
constexpr bool IsSafePlainScalar(std::string_view text) {
  // The cheap tests first: the byte table rejects most strings that need quotes, only
  // short ones can be reserved words, and only those starting with a digit numbers (a
  // sign or a dot in front is an indicator already).
  if (text.empty()) return false;
  // Indicators that change meaning at the start of a scalar.
  char first = text[0];
  if (first == '-' || first == '.' || first == '=' || first == '+' || first == '@' ||
      first == '(' || first == '$') {
    return false;
  }
  for (char c : text) {
    if (!yaml_plain::kPlainChars[static_cast<unsigned char>(c)]) return false;
  }
  if (base::IsAsciiDigit(first) && yaml_plain::LooksNumeric(text)) return false;
  return !yaml_plain::IsReservedWord(text);
}

}  // namespace dsc::emit
