#include "compiler/source/utf8.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc {
namespace {

bool Decodes(std::string_view text, char32_t code_point, size_t length) {
  DecodedCodePoint d = DecodeUtf8(text);
  return d.valid && d.code_point == code_point && d.length == length;
}

bool RefusesOneByte(std::string_view text) {
  DecodedCodePoint d = DecodeUtf8(text);
  return !d.valid && d.code_point == 0xFFFD && d.length == 1;
}

TEST_CASE("DecodeUtf8 reads one code point") {
  CHECK(Decodes("a", 'a', 1));
  CHECK(Decodes("\xC3\xA9x", 0xE9, 2));
  CHECK(Decodes("\xE2\x82\xAC", 0x20AC, 3));
  CHECK(Decodes("\xF0\x9F\x9A\x80", 0x1F680, 4));
  CHECK(Decodes("\xEF\xBF\xBD", 0xFFFD, 3));  // a real U+FFFD is valid
  CHECK(Decodes(std::string_view("\0", 1), 0, 1));
  CHECK(DecodeUtf8("").length == 0);
}

TEST_CASE("DecodeUtf8 refuses what is not UTF-8, one byte at a time") {
  CHECK(RefusesOneByte("\xC0\xAF"));          // overlong `/`
  CHECK(RefusesOneByte("\xE0\x80\xAF"));      // overlong, three bytes
  CHECK(RefusesOneByte("\xED\xA0\x80"));      // UTF-16 surrogate
  CHECK(RefusesOneByte("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK(RefusesOneByte("\xF5\x80\x80\x80"));
  CHECK(RefusesOneByte("\xE2\x82"));  // cut short
  CHECK(RefusesOneByte("\xE2\x82x"));
  CHECK(RefusesOneByte("\x80"));  // a continuation byte alone
  CHECK(RefusesOneByte("\xFF"));
}

TEST_CASE("FindInvalidUtf8 accepts UTF-8 and finds the first bad byte") {
  CHECK_FALSE(FindInvalidUtf8("").has_value());
  CHECK_FALSE(FindInvalidUtf8("plain ascii").has_value());
  CHECK_FALSE(FindInvalidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80").has_value());
  CHECK(FindInvalidUtf8("ab\xff").value() == 2);
  CHECK(FindInvalidUtf8("\xc3").value() == 0);              // truncated sequence
  CHECK(FindInvalidUtf8("x\xc0\xaf").value() == 1);         // overlong `/`
  CHECK(FindInvalidUtf8("\xed\xa0\x80").value() == 0);      // UTF-16 surrogate
  CHECK(FindInvalidUtf8("\xf4\x90\x80\x80").value() == 0);  // past U+10FFFF
  CHECK(FindInvalidUtf8("\xc3\xa9\x80").value() == 2);      // a stray continuation byte
}

TEST_CASE("FindInvalidUtf8 finds a bad byte wherever it falls among eight-byte words") {
  // ASCII is skipped eight bytes at a time: a bad byte, or a sequence straddling two
  // words, at each offset.
  for (size_t at = 0; at < 40; ++at) {
    CAPTURE(at);
    std::string text(40, 'a');
    text[at] = '\xff';
    CHECK(FindInvalidUtf8(text).value() == at);
    std::string euro = std::string(at, 'a') + "\xe2\x82\xac" + std::string(9, 'b');
    CHECK_FALSE(FindInvalidUtf8(euro).has_value());
    std::string cut = std::string(at, 'a') + "\xe2\x82" + std::string(9, 'b');
    CHECK(FindInvalidUtf8(cut).value() == at);
  }
}

TEST_CASE("CountCodePoints counts each invalid byte as one") {
  CHECK(CountCodePoints("") == 0);
  CHECK(CountCodePoints("abc") == 3);
  CHECK(CountCodePoints("e\xCC\x81") == 2);  // a combining mark is a code point of its own
  CHECK(CountCodePoints("\xE6\x97\xA5\xF0\x9F\x9A\x80") == 2);
  CHECK(CountCodePoints("a\x80"
                        "b") == 3);  // a stray continuation byte counts too
  CHECK(CountCodePoints("\xE2\x82") == 2);
}

TEST_CASE("AppendUtf8 writes each length of sequence") {
  std::string out;
  for (char32_t cp : {U'a', U'\u00E9', U'\u20AC', U'\U0001F680', U'\U0010FFFF'})
    AppendUtf8(cp, out);
  CHECK(out == "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9A\x80\xF4\x8F\xBF\xBF");
}

}  // namespace
}  // namespace dsc
