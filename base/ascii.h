// ASCII character classes, without the C library's locale: the grammar's names, YAML's
// plain scalars and Kubernetes names are ASCII by definition, and these run for every
// byte of a large fleet (std::isalnum and std::tolower go through the locale's tables).
#pragma once

namespace dsc::base {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiLetter(c); }
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace dsc::base
