#include "compiler/syntax/literals.h"

#include <doctest/doctest.h>

namespace dsc {
namespace {

ast::Expr DecodeStr(std::string_view token, DiagnosticSink& diags) {
  ast::Expr expr;
  DecodeString(token, 1, 0, &expr, diags);
  return expr;
}

TEST_CASE("DecodeString splits text and references, with exact spans") {
  DiagnosticSink diags;
  ast::Expr e = DecodeStr(R"("http://${api.host}:${ api.port }/x")", diags);
  REQUIRE(e.parts.size() == 5);
  CHECK(e.parts[0].text == "http://");
  CHECK(e.parts[1].is_ref);
  CHECK(e.parts[1].ref.ToString() == "api.host");
  CHECK(e.parts[1].ref.parts[0].span.begin == 10);
  CHECK(e.parts[3].ref.ToString() == "api.port");
  CHECK(e.parts[4].text == "/x");
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("DecodeString handles escapes and reports unknown ones") {
  DiagnosticSink diags;
  ast::Expr e = DecodeStr(R"("a\"b\\c\n\$x")", diags);
  CHECK(e.PlainString() == "a\"b\\c\n$x");
  CHECK(diags.diagnostics().empty());
  DecodeStr(R"("bad\q")", diags);
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kInvalidEscape);
  CHECK(diags.diagnostics()[0].span.begin == 4);
  CHECK(diags.diagnostics()[0].span.end == 6);
}

TEST_CASE("DecodeString finds the closing quote after escaped backslashes") {
  DiagnosticSink diags;
  CHECK(DecodeStr(R"("x\\")", diags).PlainString() == "x\\");
  CHECK(DecodeStr(R"("\\")", diags).PlainString() == "\\");
  CHECK(DecodeStr(R"("a\\\\")", diags).PlainString() == "a\\\\");
  CHECK(DecodeStr(R"("a\"")", diags).PlainString() == "a\"");
  CHECK(DecodeStr(R"("a\\\"")", diags).PlainString() == "a\\\"");
  // Unterminated (the lexer's UNTERMINATED_STRING): everything after the quote is text.
  CHECK(DecodeStr(R"("a\")", diags).PlainString() == "a\"");
  CHECK(DecodeStr(R"("a\\)", diags).PlainString() == "a\\");
  CHECK(diags.diagnostics().empty());
  ast::Expr e = DecodeStr(R"("x\\")", diags);
  REQUIRE(e.parts.size() == 1);
  CHECK(e.parts[0].span.begin == 1);
  CHECK(e.parts[0].span.end == 4);
}

TEST_CASE("DecodeString reports broken interpolations") {
  for (std::string_view bad : {R"("${")", R"("${}")", R"("${a b}")", R"("${1x}")", R"("${a.}")"}) {
    DiagnosticSink diags;
    DecodeStr(bad, diags);
    REQUIRE(diags.diagnostics().size() == 1);
    CHECK(diags.diagnostics()[0].kind == DiagKind::kBadInterpolation);
  }
}

TEST_CASE("DecodeString of an empty and an unterminated string") {
  DiagnosticSink diags;
  CHECK(DecodeStr(R"("")", diags).parts.empty());
  CHECK(DecodeStr(R"("abc)", diags).PlainString() == "abc");
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("DecodeNumber splits magnitude and unit") {
  DiagnosticSink diags;
  ast::Expr e;
  DecodeNumber("256Mi", {1, 0, 5}, &e, diags);
  CHECK(e.is_integer);
  CHECK(e.int_value == 256);
  CHECK(e.unit == "Mi");
  ast::Expr f;
  DecodeNumber("0.5", {1, 0, 3}, &f, diags);
  CHECK_FALSE(f.is_integer);
  CHECK(f.float_value == doctest::Approx(0.5));
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("DecodeNumber adds up a compound duration, in milliseconds") {
  DiagnosticSink diags;
  auto ms = [&](std::string_view text) {
    ast::Expr e;
    DecodeNumber(text, {1, 0, static_cast<uint32_t>(text.size())}, &e, diags);
    CHECK(e.unit == "ms");
    CHECK(e.number_text == text);  // as written, for messages and `dsc fmt`
    return e.is_integer ? e.int_value : -1;
  };
  CHECK(ms("1h30m") == 5400000);
  CHECK(ms("2d12h") == 216000000);
  CHECK(ms("1m30s500ms") == 90500);
  CHECK(ms("1h0.5m") == 3630000);
  CHECK(ms("-1h30m") == -5400000);  // sema reports it negative
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("DecodeNumber explains a compound duration it cannot read") {
  for (const char* text : {"1h30", "30m1h", "1h1h", "1h30x", "1h30Mi", "2Mi3"}) {
    DiagnosticSink diags;
    ast::Expr e;
    DecodeNumber(text, {1, 0, 4}, &e, diags);
    INFO(text);
    CHECK(e.malformed);
    REQUIRE(diags.diagnostics().size() == 1);
    CHECK(diags.diagnostics()[0].kind == DiagKind::kMalformedDuration);
  }
}

TEST_CASE("DecodeNumber rejects unknown units and overflow") {
  DiagnosticSink diags;
  ast::Expr e;
  DecodeNumber("5parsecs", {1, 0, 8}, &e, diags);
  ast::Expr f;
  DecodeNumber("99999999999999999999", {1, 0, 20}, &f, diags);
  REQUIRE(diags.diagnostics().size() == 2);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kUnknownUnit);
  CHECK(diags.diagnostics()[1].kind == DiagKind::kIntegerOutOfRange);
}

}  // namespace
}  // namespace dsc
