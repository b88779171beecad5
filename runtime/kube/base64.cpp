#include "runtime/kube/base64.h"

#include <array>
#include <cstdint>

namespace dsc::kube {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// -1: not in the alphabet.
int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::string Base64Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 0) return out;
  uint32_t n = uint8_t(data[i]) << 16;
  if (rest == 2) n |= uint8_t(data[i + 1]) << 8;
  out += kAlphabet[(n >> 18) & 63];
  out += kAlphabet[(n >> 12) & 63];
  out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
  out += '=';
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t bits = 0;
  int nbits = 0;
  int padding = 0;
  size_t symbols = 0;
  for (char c : text) {
    if (IsSpace(c)) continue;
    ++symbols;
    if (c == '=') {
      ++padding;
      continue;
    }
    int value = DecodeChar(c);
    // Data after padding, or outside the alphabet.
    if (value < 0 || padding > 0) return std::nullopt;
    bits = (bits << 6) | uint32_t(value);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += char((bits >> nbits) & 0xFF);
    }
  }
  if (padding > 2 || (padding > 0 && symbols % 4 != 0)) return std::nullopt;
  // A lone trailing symbol cannot encode a byte.
  if ((symbols - padding) % 4 == 1) return std::nullopt;
  return out;
}

}  // namespace dsc::kube
