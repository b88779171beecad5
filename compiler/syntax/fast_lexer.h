// The lexer of parse.cpp's fast path: grammar/DsLexer.g4's tokens, lexed by hand.
//
// ANTLR's generated lexer interprets its ATN a character at a time, through virtual
// calls, std::function actions and a read lock on the DFA per character: ~750
// instructions per byte of input, half of `dsc check`'s time on a large fleet. The
// grammar's tokens are simple enough to match with a loop, so the fast path (a file
// without errors, the common case; fast_parser.h) reads them from here through Next(),
// which makes no token object.
//
// The contract: on any text, FastLexer yields exactly DsLexer's tokens (type, channel,
// start, stop, line, column) up to the first lexical error, and at that error a token
// of the same type (ERROR_CHAR or UNTERMINATED_STRING), after which it yields only EOF.
// The fast path gives way to the full parse at a lexical error, and the full parse
// uses DsLexer, which reports errors and recovers from them: FastLexer need not.
// LexedLikeDsLexer() checks the contract; tests/fuzz/fuzz_lexer.cpp and
// fast_lexer_test.cpp run it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "antlr4-runtime.h"
#include "compiler/syntax/byte_char_stream.h"

namespace dsc {

// One token as Next() yields it: its DsLexer type (antlr4::Token::EOF at the end) and its
// bytes, [begin, end) in the text.
struct Lexeme {
  size_t type;
  uint32_t begin;
  uint32_t end;
};

class FastLexer : public antlr4::TokenSource {
 public:
  // `input` reads the same text as `text`; both must outlive every token made here
  // (a token's text is read from `input` when asked for).
  FastLexer(std::string_view text, ByteCharStream* input) : text_(text), input_(input) {}

  // Whether a lexical error ended the tokens (it did if one was returned).
  bool stopped_at_error() const { return stopped_; }

  // The next token, comments included; EOF for ever after the end or a lexical error.
  Lexeme Next();

  // The same token as an ANTLR token, with its channel, line and column.
  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return position_ - line_start_; }
  antlr4::CharStream* getInputStream() override { return input_; }
  std::string getSourceName() override { return input_->getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  // The type of the token that starts at position_, which it moves past that token.
  size_t Match();
  size_t MatchString();
  size_t MatchNumber();
  size_t MatchWord();
  // Moves past spaces, tabs and line ends, counting lines as DsLexer does (on `\n`).
  void SkipSpace();

  std::string_view text_;
  ByteCharStream* input_;
  size_t position_ = 0;
  size_t line_ = 1;
  size_t line_start_ = 0;  // the offset of the first byte of the current line
  bool stopped_ = false;   // a lexical error was returned: only EOF follows
};

// Empty when FastLexer and DsLexer lex `text` alike (see the contract above), else what
// differs, for a test's message.
std::string LexedLikeDsLexer(std::string_view text);

}  // namespace dsc
