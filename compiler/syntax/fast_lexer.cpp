#include "compiler/syntax/fast_lexer.h"

#include <fmt/format.h>

#include <vector>

#include "DsLexer.h"
#include "compiler/syntax/literals.h"

namespace dsc {
namespace {

using dsc_grammar::DsLexer;

// The grammar's classes are ASCII (base/ascii.h; bytes >= 0x80 are in none of them); a
// name's are literals.h's IsNameStart and IsNameChar.
using base::IsAsciiDigit;
using base::IsAsciiLetter;
bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// The keywords, in the grammar's order: a word equal to one is that keyword (DsLexer
// lists them before IDENT, and ANTLR breaks a tie of lengths by the first rule).
struct Keyword {
  std::string_view text;
  size_t type;
};
constexpr Keyword kKeywords[] = {
    {"import", DsLexer::IMPORT},   {"as", DsLexer::AS},       {"fleet", DsLexer::FLEET},
    {"service", DsLexer::SERVICE}, {"infra", DsLexer::INFRA}, {"feature", DsLexer::FEATURE},
    {"kind", DsLexer::KIND},       {"fork", DsLexer::FORK},   {"param", DsLexer::PARAM},
    {"export", DsLexer::EXPORT},   {"true", DsLexer::TRUE},   {"false", DsLexer::FALSE},
};

size_t PunctuationType(char c) {
  switch (c) {
    case '{':
      return DsLexer::LBRACE;
    case '}':
      return DsLexer::RBRACE;
    case '[':
      return DsLexer::LBRACKET;
    case ']':
      return DsLexer::RBRACKET;
    case '(':
      return DsLexer::LPAREN;
    case ')':
      return DsLexer::RPAREN;
    case '<':
      return DsLexer::LANGLE;
    case '>':
      return DsLexer::RANGLE;
    case '=':
      return DsLexer::ASSIGN;
    case ':':
      return DsLexer::COLON;
    case ',':
      return DsLexer::COMMA;
    case '.':
      return DsLexer::DOT;
    default:
      return antlr4::Token::INVALID_TYPE;
  }
}

}  // namespace

void FastLexer::SkipSpace() {
  while (position_ < text_.size()) {
    char c = text_[position_];
    if (c == '\n') {
      ++line_;
      line_start_ = position_ + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    ++position_;
  }
}

// STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ; anything else that starts with `"` is
// UNTERMINATED_STRING (it reaches a line end or the end of the file).
size_t FastLexer::MatchString() {
  ++position_;  // the opening quote
  while (position_ < text_.size()) {
    char c = text_[position_];
    if (c == '"') {
      ++position_;
      return DsLexer::STRING;
    }
    if (IsLineEnd(c)) break;
    if (c == '\\') {
      // `'\\'?` at the end of UNTERMINATED_STRING takes a backslash before a line end.
      ++position_;
      if (position_ == text_.size() || IsLineEnd(text_[position_])) break;
    }
    ++position_;
  }
  return DsLexer::UNTERMINATED_STRING;
}

// NUMBER : '-'? [0-9]+ ('.' [0-9]+)? ([a-zA-Z]+ [0-9]+ ('.' [0-9]+)?)* [a-zA-Z]* ;
// a `.` not followed by a digit is left for DOT, as ANTLR falls back to the longest match
// it accepted.
size_t FastLexer::MatchNumber() {
  if (text_[position_] == '-') ++position_;
  auto magnitude = [&] {
    while (position_ < text_.size() && IsAsciiDigit(text_[position_])) ++position_;
    if (position_ + 1 < text_.size() && text_[position_] == '.' &&
        IsAsciiDigit(text_[position_ + 1])) {
      ++position_;
      while (position_ < text_.size() && IsAsciiDigit(text_[position_])) ++position_;
    }
  };
  magnitude();
  while (position_ < text_.size() && IsAsciiLetter(text_[position_])) {
    while (position_ < text_.size() && IsAsciiLetter(text_[position_])) ++position_;
    if (position_ < text_.size() && IsAsciiDigit(text_[position_])) magnitude();
  }
  return DsLexer::NUMBER;
}

// IDENT : [a-zA-Z_] [a-zA-Z0-9_-]* ; or the keyword it spells whole.
size_t FastLexer::MatchWord() {
  size_t begin = position_;
  ++position_;
  while (position_ < text_.size() && IsNameChar(text_[position_])) ++position_;
  std::string_view word = text_.substr(begin, position_ - begin);
  for (const Keyword& keyword : kKeywords) {
    if (word == keyword.text) return keyword.type;
  }
  return DsLexer::IDENT;
}

size_t FastLexer::Match() {
  char c = text_[position_];
  if (c == '"') return MatchString();
  if (IsAsciiDigit(c)) return MatchNumber();
  if (c == '-' && position_ + 1 < text_.size() && IsAsciiDigit(text_[position_ + 1])) {
    return MatchNumber();
  }
  if (IsNameStart(c)) return MatchWord();
  if (c == '/' && position_ + 1 < text_.size() && text_[position_ + 1] == '/') {
    while (position_ < text_.size() && !IsLineEnd(text_[position_])) ++position_;
    return DsLexer::LINE_COMMENT;
  }
  ++position_;
  size_t type = PunctuationType(c);
  return type == antlr4::Token::INVALID_TYPE ? size_t{DsLexer::ERROR_CHAR} : type;
}

Lexeme FastLexer::Next() {
  if (!stopped_) SkipSpace();
  size_t begin = stopped_ ? text_.size() : position_;
  size_t type = antlr4::Token::EOF;
  if (begin < text_.size()) type = Match();
  stopped_ = stopped_ || type == DsLexer::ERROR_CHAR || type == DsLexer::UNTERMINATED_STRING;
  size_t end = type == antlr4::Token::EOF ? begin : position_;
  return {type, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  Lexeme lexeme = Next();
  // No token spans a line end (strings and comments stop before one): the line the token
  // ends on is the one it starts on.
  size_t column = lexeme.begin - line_start_;
  size_t channel = lexeme.type == DsLexer::LINE_COMMENT ? size_t{DsLexer::COMMENTS}
                                                        : antlr4::Token::DEFAULT_CHANNEL;
  auto token =
      std::make_unique<antlr4::CommonToken>(std::make_pair(this, input_), lexeme.type, channel,
                                            lexeme.begin, static_cast<size_t>(lexeme.end) - 1);
  token->setLine(line_);
  token->setCharPositionInLine(column);
  return token;
}

namespace {

// What a test compares of a token.
struct LexedToken {
  size_t type, channel, start, stop, line, column;
  bool operator==(const LexedToken& o) const {
    return type == o.type && channel == o.channel && start == o.start && stop == o.stop &&
           line == o.line && column == o.column;
  }
};

std::string Describe(const LexedToken& t) {
  return fmt::format("type {} channel {} [{}, {}] at {}:{}", t.type, t.channel, t.start,
                     static_cast<ssize_t>(t.stop), t.line, t.column);
}

// The tokens of `source` up to EOF or the first lexical error, which is included.
std::vector<LexedToken> Lex(antlr4::TokenSource& source) {
  std::vector<LexedToken> tokens;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = source.nextToken();
    tokens.push_back({token->getType(), token->getChannel(), token->getStartIndex(),
                      token->getStopIndex(), token->getLine(), token->getCharPositionInLine()});
    size_t type = token->getType();
    if (type == antlr4::Token::EOF || type == DsLexer::ERROR_CHAR ||
        type == DsLexer::UNTERMINATED_STRING) {
      return tokens;
    }
  }
}

}  // namespace

std::string LexedLikeDsLexer(std::string_view text) {
  ByteCharStream antlr_input(text);
  DsLexer antlr_lexer(&antlr_input);
  antlr_lexer.removeErrorListeners();
  std::vector<LexedToken> expected = Lex(antlr_lexer);
  ByteCharStream fast_input(text);
  FastLexer fast_lexer(text, &fast_input);
  std::vector<LexedToken> got = Lex(fast_lexer);
  for (size_t i = 0; i < std::max(expected.size(), got.size()); ++i) {
    if (i < expected.size() && i < got.size() && expected[i] == got[i]) continue;
    return fmt::format("token {}: DsLexer {}, FastLexer {}", i,
                       i < expected.size() ? Describe(expected[i]) : "nothing",
                       i < got.size() ? Describe(got[i]) : "nothing");
  }
  // After an error, FastLexer yields EOF only (the fast path stops there).
  if (fast_lexer.nextToken()->getType() != antlr4::Token::EOF) {
    return "FastLexer yields more than EOF after a lexical error";
  }
  return "";
}

}  // namespace dsc
