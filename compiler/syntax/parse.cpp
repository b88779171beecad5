// Stage 1's entry: a file without errors is read by the fast path (fast_parser.h); any
// other by ANTLR, whose parse tree is converted to the AST at once and whose errors are
// reported here. See parse.h for the contract.
#include "compiler/syntax/parse.h"

#include <filesystem>
#include <optional>

#include "DsLexer.h"
#include "DsParser.h"
#include "antlr4-runtime.h"
#include "compiler/source/unicode_names.h"
#include "compiler/source/utf8.h"
#include "compiler/syntax/byte_char_stream.h"
#include "compiler/syntax/fast_lexer.h"
#include "compiler/syntax/fast_parser.h"
#include "compiler/syntax/literals.h"
#include "compiler/syntax/token_limits.h"
#include "compiler/syntax/tree_converter.h"

namespace dsc {
namespace {

using dsc_grammar::DsLexer;
using dsc_grammar::DsParser;

// Tokens come from a ByteCharStream: their indexes are byte offsets into the text.
uint32_t StartOf(const antlr4::Token& token) {
  return static_cast<uint32_t>(token.getStartIndex());
}
Span SpanOfToken(FileId file, const antlr4::Token& token) {
  return {file, StartOf(token), static_cast<uint32_t>(token.getStopIndex() + 1)};
}

std::string DescribeToken(const antlr4::Token* token, const antlr4::dfa::Vocabulary& vocabulary) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  switch (token->getType()) {
    case DsLexer::IDENT:
      return fmt::format("name `{}`", token->getText());
    case DsLexer::STRING:
    case DsLexer::UNTERMINATED_STRING:
      return "a string";
    case DsLexer::NUMBER:
      return fmt::format("number `{}`", token->getText());
    default:
      break;
  }
  std::string literal = vocabulary.getLiteralName(token->getType());
  if (literal.size() >= 2) literal = literal.substr(1, literal.size() - 2);
  return fmt::format("`{}`", literal.empty() ? token->getText() : literal);
}

std::string DescribeExpected(const antlr4::misc::IntervalSet& expected,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  std::vector<std::string> names;
  bool any_expr = false;
  // Where a name is expected, so is a keyword used as a key (`labels { fleet = "x" }`):
  // "a name" says it, and only the keywords that declare (`infra`, `fork`) are listed.
  bool name_expected = expected.contains(static_cast<ssize_t>(DsLexer::IDENT));
  for (ssize_t type : expected.toList()) {
    if (type == -1) {
      names.push_back("end of file");
      continue;
    }
    bool key_keyword = type == DsLexer::IMPORT || type == DsLexer::AS || type == DsLexer::FLEET ||
                       type == DsLexer::SERVICE || type == DsLexer::FEATURE ||
                       type == DsLexer::KIND || type == DsLexer::PARAM || type == DsLexer::EXPORT ||
                       type == DsLexer::TRUE || type == DsLexer::FALSE;
    if (name_expected && key_keyword && !expected.contains(static_cast<ssize_t>(DsLexer::NUMBER)))
      continue;
    switch (type) {
      case DsLexer::IDENT:
        names.push_back("a name");
        break;
      case DsLexer::STRING:
        names.push_back("a string");
        break;
      case DsLexer::NUMBER:
      case DsLexer::TRUE:
      case DsLexer::FALSE:
        any_expr = true;
        break;
      default: {
        std::string literal = vocabulary.getLiteralName(type);
        if (literal.size() >= 2)
          names.push_back(fmt::format("`{}`", literal.substr(1, literal.size() - 2)));
      }
    }
  }
  if (any_expr) return "a value";
  if (names.empty()) return "something else";
  if (names.size() == 1) return names[0];
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} or {}", fmt::join(names, ", "), last);
}

// Reports syntax errors as DS1005 with friendly token names.
class SyntaxErrorReporter : public antlr4::BaseErrorListener,
                            public antlr4::tree::ParseTreeListener {
 public:
  // `unterminated_string`: a string ran to the end of its line (DS1004, reported), taking
  // the brackets after it along.
  SyntaxErrorReporter(FileId file, antlr4::CommonTokenStream& tokens, DiagnosticSink& diags,
                      bool unterminated_string)
      : file_(file), tokens_(tokens), diags_(diags), unterminated_string_(unterminated_string) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    ++count_;
    // A bracket closed inside an unterminated string is missing at the end of the file:
    // DS1004 said so already.
    if (unterminated_string_ && offending->getType() == antlr4::Token::EOF) return;
    if (suppressed_ || reported_ >= kMaxReported) return;
    suppressed_ = true;
    last_error_token_ = offending->getTokenIndex();
    ++reported_;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    const auto& vocabulary = parser->getVocabulary();
    std::string message = fmt::format("expected {}, found {}",
                                      DescribeExpected(parser->getExpectedTokens(), vocabulary),
                                      DescribeToken(offending, vocabulary));
    // After a field's name the parser could not tell a field from a block, and its expected
    // set is the one of a new member: say what a name is followed by instead.
    antlr4::Token* key = PreviousOnChannel(offending);
    bool after_key =
        key && (key->getType() == DsLexer::IDENT || key->getType() == DsLexer::STRING) &&
        parser->getExpectedTokens().contains(static_cast<ssize_t>(DsLexer::IDENT)) &&
        offending->getType() != DsLexer::ASSIGN && offending->getType() != DsLexer::LBRACE;
    if (after_key) {
      message = fmt::format("expected `=` or `{{` after `{}`, found {}", key->getText(),
                            DescribeToken(offending, vocabulary));
    }
    Span at = SpanOfToken(file_, *offending);
    if (offending->getType() == antlr4::Token::EOF) at.end = at.begin;
    auto& d = diags_.Report(DiagKind::kSyntaxError, at, message);
    antlr4::Token* before_key = after_key ? PreviousOnChannel(key) : nullptr;
    bool value_before =
        before_key && before_key->getLine() == key->getLine() &&
        (before_key->getType() == DsLexer::STRING || before_key->getType() == DsLexer::NUMBER ||
         before_key->getType() == DsLexer::IDENT);
    if (value_before) {
      // `image = "x" "y"`: the second value reads as the name of a new item.
      d.Secondary(SpanOf(key), "read as the name of a new item")
          .Help("one field takes one value; items on one line are separated by a comma");
    } else if (after_key || offending->getType() == DsLexer::ASSIGN ||
               offending->getType() == DsLexer::COLON) {
      d.Help("a field is written `name = value`; blocks are written `name { … }`");
    }
    if (offending->getType() == antlr4::Token::EOF) {
      if (antlr4::Token* open = InnermostUnclosed()) {
        uint32_t at = StartOf(*open);
        d.Secondary({file_, at, at + 1}, fmt::format("this `{}` is never closed", open->getText()))
            .Help("add the missing closing bracket");
      }
    }
  }
  int count() const { return count_; }

  Span SpanOf(antlr4::Token* token) const { return SpanOfToken(file_, *token); }

  // The token before `token` on the parser's channel, or null.
  antlr4::Token* PreviousOnChannel(antlr4::Token* token) {
    const std::vector<antlr4::Token*>& all = tokens_.getTokens();
    for (size_t i = token->getTokenIndex(); i-- > 0;) {
      if (all[i]->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return all[i];
    }
    return nullptr;
  }

  // How many brackets are open before the token with this index.
  int DepthBefore(size_t index) {
    int depth = 0;
    const std::vector<antlr4::Token*>& all = tokens_.getTokens();
    for (size_t i = 0; i < index && i < all.size(); ++i)
      depth = std::max(0, depth + BracketDelta(*all[i]));
    return depth;
  }

  // The opening bracket left unmatched at the end of the file, if any.
  antlr4::Token* InnermostUnclosed() {
    std::vector<antlr4::Token*> open;
    for (antlr4::Token* token : tokens_.getTokens()) {
      int delta = BracketDelta(*token);
      if (delta > 0) open.push_back(token);
      if (delta < 0 && !open.empty()) open.pop_back();
    }
    return open.empty() ? nullptr : open.back();
  }

  // After an error, ANTLR's recovery produces follow-on errors until it is back
  // in step. A declaration after the error that starts outside every bracket is a
  // fresh start (however it is indented): errors from there on are independent and
  // reported again.
  void enterEveryRule(antlr4::ParserRuleContext* ctx) override {
    if (!suppressed_ || !dynamic_cast<DsParser::ItemContext*>(ctx)) return;
    antlr4::Token* start = ctx->getStart();
    if (start->getTokenIndex() > last_error_token_ && DepthBefore(start->getTokenIndex()) == 0) {
      suppressed_ = false;
    }
  }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}
  void exitEveryRule(antlr4::ParserRuleContext*) override {}

 private:
  static constexpr int kMaxReported = 20;
  FileId file_;
  antlr4::CommonTokenStream& tokens_;
  DiagnosticSink& diags_;
  bool unterminated_string_;
  bool suppressed_ = false;
  size_t last_error_token_ = 0;
  int count_ = 0;
  int reported_ = 0;
};

// Reports stray characters and unterminated strings from the token stream, and
// hides them from the parser so they cause no second, confusing error. Returns
// whether a string was unterminated.
bool ReportLexicalErrors(antlr4::CommonTokenStream& tokens, const SourceFile& source,
                         DiagnosticSink& diags) {
  bool unterminated = false;
  uint32_t character_end = 0;  // where the last stray character reported ends
  for (antlr4::Token* token : tokens.getTokens()) {
    // The lexer's token factory (CommonTokenFactory) makes CommonTokens only.
    auto* common = static_cast<antlr4::CommonToken*>(token);
    Span span = SpanOfToken(source.id(), *token);
    if (token->getType() == DsLexer::ERROR_CHAR) {
      common->setChannel(antlr4::Token::HIDDEN_CHANNEL);
      // The lexer reads bytes: a stray non-ASCII character is one token per byte. The
      // first names the whole character; the rest are hidden without a word.
      if (span.begin < character_end) continue;
      std::string_view text = std::string_view(source.text()).substr(span.begin);
      span.end = span.begin + static_cast<uint32_t>(DecodeUtf8(text).length);
      character_end = span.end;
      auto& d = diags.Report(DiagKind::kUnexpectedCharacter, span, DescribeCharacter(text));
      // A letter of another script drawn like a Latin one, a typographic quote or dash:
      // what a copy from a document or a chat brings in.
      if (char ascii = AsciiLookalike(DecodeUtf8(text).code_point)) {
        d.Help(fmt::format("it looks like `{}` but is not ASCII: type it again", ascii));
      }
    } else if (token->getType() == DsLexer::UNTERMINATED_STRING) {
      diags.Report(DiagKind::kUnterminatedString, span)
          .Label("this string has no closing `\"`")
          .Help("close the string on the same line; strings cannot span lines");
      common->setType(DsLexer::STRING);
      unterminated = true;
    }
  }
  return unterminated;
}

// The input limits, counted over the whole file before the parser sees it (the full
// parse; the fast path counts them as the parser reads).
bool CheckTokenLimits(antlr4::CommonTokenStream& tokens, TokenLimits& limits) {
  // Token by token, so that the lexer stops where a limit is crossed. Comments are off
  // the channel LT() reads.
  for (; tokens.LA(1) != antlr4::Token::EOF; tokens.consume()) {
    if (!limits.Admit(*tokens.LT(1), [&] { return tokens.LT(2); })) return false;
  }
  tokens.seek(0);
  return true;
}

// The parse of a file the fast path could not take: every token buffered, lexical
// errors reported, then SLL and, on an error, full LL with error recovery.
void ParseFull(const SourceFile& source, std::string_view lexed, TokenLimits& limits,
               DiagnosticSink& diags, ast::File* file) {
  ByteCharStream input(lexed);
  DsLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  if (!CheckTokenLimits(tokens, limits)) {
    file->has_syntax_errors = true;
    return;
  }
  tokens.fill();
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getChannel() == DsLexer::COMMENTS) {
      Span span = SpanOfToken(source.id(), *token);
      file->comments.push_back(
          {span, std::string(lexed.substr(span.begin, span.end - span.begin))});
    }
  }
  bool unterminated_string = ReportLexicalErrors(tokens, source, diags);

  // Two-stage parse: fast SLL first; only a file with an error (or a rare
  // SLL conflict) is parsed again in full LL mode, which reports the errors.
  DsParser parser(&tokens);
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  DsParser::FileContext* tree = nullptr;
  try {
    tree = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    SyntaxErrorReporter reporter(source.id(), tokens, diags, unterminated_string);
    parser.addErrorListener(&reporter);
    parser.addParseListener(&reporter);
    tree = parser.file();
    parser.removeErrorListeners();
    parser.removeParseListeners();
    if (reporter.count() > 0) {
      file->has_syntax_errors = true;
      return;
    }
  }
  for (DsParser::ItemContext* item : tree->item())
    file->decls.push_back(ConvertItem(source, diags, item));
}

}  // namespace

bool MentionsFleetKeyword(std::string_view text) {
  if (text.find("fleet") == std::string_view::npos || FindInvalidUtf8(text)) return false;
  auto mentions = [](antlr4::TokenSource& lexer) {
    for (std::unique_ptr<antlr4::Token> token = lexer.nextToken();
         token->getType() != antlr4::Token::EOF; token = lexer.nextToken()) {
      if (token->getType() == DsLexer::FLEET) return true;
    }
    return false;
  };
  ByteCharStream input(text);
  FastLexer fast(text, &input);
  if (mentions(fast)) return true;
  if (!fast.stopped_at_error()) return false;
  // FastLexer stops at a lexical error; DsLexer goes on past it.
  input.seek(0);
  DsLexer lexer(&input);
  lexer.removeErrorListeners();
  return mentions(lexer);
}

namespace {

// The checks before either parser sees the text: its size and UTF-8. Returns the text the
// lexer reads (`*blanked_bom` holds it when it differs from the file's), or nothing when
// the file is refused.
std::optional<std::string_view> AdmitText(const SourceFile& source, DiagnosticSink& diags,
                                          const InputLimits& limits, std::string* blanked_bom) {
  const std::string& text = source.text();
  if (text.size() > limits.max_file_bytes) {
    diags.Report(DiagKind::kFileTooLarge, {source.id(), 0, 0}, text.size(), limits.max_file_bytes);
    return std::nullopt;
  }
  if (auto bad = FindInvalidUtf8(text)) {
    diags.Report(DiagKind::kInvalidUtf8, {source.id(), *bad, *bad + 1})
        .Label(fmt::format("byte 0x{:02x} here", static_cast<unsigned char>(text[*bad])))
        .Help("save the file as UTF-8");
    return std::nullopt;
  }
  // A leading byte order mark becomes three spaces. The ANTLR runtime would drop the mark
  // itself and shift every position by one code point; three spaces are as many bytes as
  // the mark, so positions stay byte offsets into the file as read.
  if (!StartsWithBom(text)) return std::string_view(text);
  *blanked_bom = std::string(kUtf8Bom.size(), ' ') + text.substr(kUtf8Bom.size());
  return std::string_view(*blanked_bom);
}

// Parse() and ParseWithAntlr(): `fast` says whether the fast path is tried first.
ast::File ParseText(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits,
                    uint64_t* entities, bool fast) {
  ast::File file;
  file.file = source.id();
  std::string blanked_bom;
  std::optional<std::string_view> lexed = AdmitText(source, diags, limits, &blanked_bom);
  if (!lexed) {
    file.has_syntax_errors = true;
    return file;
  }
  if (fast) {
    // Its literals' diagnostics are kept only if it parses the whole file.
    uint64_t entities_before = entities ? *entities : 0;
    DiagnosticSink decoded;
    TokenLimits limits_counted(source, limits, entities, diags);
    switch (ParseFast(source, *lexed, limits_counted, decoded, &file)) {
      case FastParse::kParsed:
        for (const Diagnostic& d : decoded.diagnostics()) diags.Append(d);
        return file;
      case FastParse::kRefused:  // nothing of a refused file is kept, as in ParseFull
        file.decls.clear();
        file.comments.clear();
        file.has_syntax_errors = true;
        return file;
      case FastParse::kDeclined:
        break;
    }
    // Start again with ANTLR: what the fast path read is read again, and reported.
    if (entities) *entities = entities_before;
    file.decls.clear();
    file.comments.clear();
  }
  TokenLimits limits_counted(source, limits, entities, diags);
  ParseFull(source, *lexed, limits_counted, diags, &file);
  return file;
}

}  // namespace

ast::File Parse(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits,
                uint64_t* entities) {
  return ParseText(source, diags, limits, entities, /*fast=*/true);
}

ast::File ParseWithAntlr(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits,
                         uint64_t* entities) {
  return ParseText(source, diags, limits, entities, /*fast=*/false);
}

}  // namespace dsc
