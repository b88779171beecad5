#include "compiler/source/unicode_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "compiler/source/utf8.h"

namespace dsc {
namespace {

struct NamedCodePoint {
  char32_t cp;
  bool invisible;
  const char* name;
};

constexpr NamedCodePoint kNames[] = {
#include "compiler/source/unicode_names.inc"
};

const NamedCodePoint* Find(char32_t cp) {
  auto it = std::lower_bound(std::begin(kNames), std::end(kNames), cp,
                             [](const NamedCodePoint& n, char32_t c) { return n.cp < c; });
  return it != std::end(kNames) && it->cp == cp ? it : nullptr;
}

// Letters of other scripts drawn like Latin ones, and fullwidth forms: what a copy from a
// chat or a document turns ASCII into.
constexpr std::pair<char32_t, char> kLookalikes[] = {
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'},  {0x0397, 'H'},  {0x0399, 'I'},
    {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'},  {0x03A1, 'P'},  {0x03A4, 'T'},
    {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B1, 'a'}, {0x03BF, 'o'},  {0x03BD, 'v'},  {0x0405, 'S'},
    {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'},  {0x0415, 'E'},  {0x041A, 'K'},
    {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'},  {0x0421, 'C'},  {0x0422, 'T'},
    {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'}, {0x0435, 'e'},  {0x043E, 'o'},  {0x0440, 'p'},
    {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'},  {0x0456, 'i'},  {0x0458, 'j'},
    {0x04BB, 'h'}, {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'},  {0x2010, '-'},  {0x2011, '-'},
    {0x2012, '-'}, {0x2013, '-'}, {0x2014, '-'}, {0x2018, '\''}, {0x2019, '\''}, {0x201C, '"'},
    {0x201D, '"'}, {0x2212, '-'}, {0x2024, '.'}, {0x2236, ':'},  {0x00A0, ' '},
};

}  // namespace

std::string CodePointName(char32_t cp) {
  std::string number = fmt::format("U+{:04X}", static_cast<uint32_t>(cp));
  const NamedCodePoint* named = Find(cp);
  return named ? number + " " + named->name : number;
}

bool IsInvisible(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;
  const NamedCodePoint* named = Find(cp);
  return named && named->invisible;
}

char AsciiLookalike(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char>(cp - 0xFF01 + 0x21);  // fullwidth
  for (const auto& [from, to] : kLookalikes) {
    if (from == cp) return to;
  }
  return 0;
}

std::string DescribeCharacter(std::string_view utf8) {
  auto [cp, length, valid] = DecodeUtf8(utf8);
  if (cp >= 0x21 && cp < 0x7F) return fmt::format("`{}`", static_cast<char>(cp));
  if (IsInvisible(cp) || !valid || cp == 0xFFFD) return CodePointName(cp);
  return fmt::format("`{}` ({})", utf8.substr(0, length), CodePointName(cp));
}

}  // namespace dsc
