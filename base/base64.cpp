#include "base/base64.h"

#include <openssl/evp.h>

namespace dsc::base {
namespace {

bool InAlphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::string Base64Encode(std::string_view data) {
  std::string out((data.size() + 2) / 3 * 4 + 1, '\0');  // + EVP's terminating NUL
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  // libcrypto decodes whole 4-symbol groups and does not check where padding sits:
  // whitespace is dropped, the alphabet and the padding are checked here, and a
  // missing final padding (which some tools leave out) is added.
  std::string symbols;
  symbols.reserve(text.size());
  size_t padding = 0;
  for (char c : text) {
    if (IsSpace(c)) continue;
    if (c == '=') {
      ++padding;
    } else if (!InAlphabet(c) || padding > 0) {
      return std::nullopt;  // outside the alphabet, or data after padding
    }
    symbols += c;
  }
  if (padding > 2 || (padding > 0 && symbols.size() % 4 != 0)) return std::nullopt;
  // A lone trailing symbol cannot encode a byte.
  if ((symbols.size() - padding) % 4 == 1) return std::nullopt;
  while (symbols.size() % 4 != 0) {
    symbols += '=';
    ++padding;
  }
  std::string out(symbols.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(symbols.data()),
                          static_cast<int>(symbols.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for as zeros.
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace dsc::base
