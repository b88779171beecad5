// ASCII character classes, without the C library's locale: the grammar's names, YAML's
// plain scalars and Kubernetes names are ASCII by definition, and these run for every
// byte of a large fleet (std::isalnum and std::tolower go through the locale's tables).
#pragma once

#include <string>
#include <string_view>

namespace dsc::base {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiLetter(c); }
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
// Host names compare without case (RFC 4343): route hosts are kept and matched lowered.
inline std::string AsciiLowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

}  // namespace dsc::base
