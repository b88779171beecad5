#include "compiler/syntax/parse.h"

#include <doctest/doctest.h>

#include "DsLexer.h"
#include "compiler/syntax/byte_char_stream.h"

namespace dsc {
namespace {

std::string_view TextAt(const SourceFile& file, Span span) {
  return std::string_view(file.text()).substr(span.begin, span.end - span.begin);
}

TEST_CASE("Parse: spans are byte offsets after non-ASCII strings and comments") {
  SourceManager sources;
  const SourceFile& file = sources.Add("f.ds",
                                       "// grüße, 世界\n"
                                       "service a { env { X = \"ü→✓\" } }\n"
                                       "service b { image = \"x:1\" } // café\n");
  DiagnosticSink diags;
  ast::File ast = Parse(file, diags);
  CHECK(diags.diagnostics().empty());
  REQUIRE(ast.decls.size() == 2);
  CHECK(TextAt(file, ast.decls[0]->name.span) == "a");
  CHECK(TextAt(file, ast.decls[1]->name.span) == "b");
  CHECK(TextAt(file, ast.decls[1]->body.members[0].value->span) == "\"x:1\"");
  REQUIRE(ast.comments.size() == 2);
  CHECK(ast.comments[0].text == "// grüße, 世界");
  CHECK(ast.comments[1].text == "// café");
  CHECK(TextAt(file, ast.comments[1].span) == "// café");
}

TEST_CASE("Parse: an error after valid declarations is reported once, and nothing is kept") {
  SourceManager sources;
  // The fast path converts `a` and `b` (and decodes the bad escape in `a`) before it meets
  // the error; the full parse that reports the error must not see them twice.
  const SourceFile& file = sources.Add("f.ds",
                                       "service a { image = \"x\\q\" }\n"
                                       "service b { image = \"y\" }\n"
                                       "service c { image = }\n");
  DiagnosticSink diags;
  uint64_t entities = 0;
  ast::File ast = Parse(file, diags, {}, &entities);
  CHECK(ast.has_syntax_errors);
  CHECK(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kSyntaxError);
  CHECK(entities == 3);
}

TEST_CASE("Parse: a stray non-ASCII character is one diagnostic over the whole character") {
  SourceManager sources;
  const SourceFile& file = sources.Add("f.ds", "service a { image = \"x\" } → \n");
  DiagnosticSink diags;
  Parse(file, diags);
  REQUIRE(diags.diagnostics().size() == 1);
  const Diagnostic& d = diags.diagnostics()[0];
  CHECK(d.kind == DiagKind::kUnexpectedCharacter);
  CHECK(TextAt(file, d.span) == "→");
}

TEST_CASE("Parse: the entity limit is counted across files and refuses the file that crosses it") {
  SourceManager sources;
  const SourceFile& one = sources.Add("a.ds", "service a {}\nservice b {}\n");
  const SourceFile& two = sources.Add("b.ds", "service c {}\nservice d {}\n");
  InputLimits limits;
  limits.max_entities = 3;
  uint64_t entities = 0;
  DiagnosticSink diags;
  CHECK_FALSE(Parse(one, diags, limits, &entities).has_syntax_errors);
  ast::File refused = Parse(two, diags, limits, &entities);
  CHECK(refused.has_syntax_errors);
  CHECK(refused.decls.empty());
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kTooManyEntities);
  CHECK(TextAt(two, diags.diagnostics()[0].span) == "d");
}

TEST_CASE("ByteCharStream: LA reads bytes around the position, EOF past either end") {
  ByteCharStream stream("aé");
  CHECK(stream.size() == 3);
  CHECK(stream.LA(1) == 'a');
  CHECK(stream.LA(-1) == antlr4::IntStream::EOF);
  stream.consume();
  CHECK(stream.LA(1) == 0xC3);
  CHECK(stream.LA(2) == 0xA9);
  CHECK(stream.LA(3) == antlr4::IntStream::EOF);
  CHECK(stream.LA(-1) == 'a');
  CHECK(stream.getText(antlr4::misc::Interval(size_t{0}, size_t{2})) == "aé");
  stream.seek(3);
  CHECK_THROWS(stream.consume());
}

// The fleet files of a project are found by this: lexed with FastLexer, and past a lexical
// error (where FastLexer stops) with DsLexer, which goes on.
TEST_CASE("MentionsFleetKeyword: the keyword as a token, past lexical errors too") {
  CHECK(MentionsFleetKeyword("fleet shop {}"));
  CHECK(MentionsFleetKeyword("// header\nimport \"x.ds\"\nfleet shop { namespace = \"s\" }"));
  CHECK_FALSE(MentionsFleetKeyword("service api { image = \"fleet\" }"));  // in a string
  CHECK_FALSE(MentionsFleetKeyword("// the fleet file imports this\nservice api {}"));
  CHECK_FALSE(MentionsFleetKeyword("service fleets {}"));  // a longer name
  CHECK_FALSE(MentionsFleetKeyword("service api { x = fleet-name }"));
  CHECK(MentionsFleetKeyword("@ fleet shop {}"));            // after a stray character
  CHECK(MentionsFleetKeyword("x = \"open\nfleet shop {}"));  // after an unterminated string
  CHECK_FALSE(MentionsFleetKeyword("@ service api {}"));
}

}  // namespace
}  // namespace dsc
