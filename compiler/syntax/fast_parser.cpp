#include "compiler/syntax/fast_parser.h"

#include <fmt/format.h>

#include <deque>
#include <utility>
#include <vector>

#include "DsLexer.h"
#include "compiler/source/utf8.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/byte_char_stream.h"
#include "compiler/syntax/fast_lexer.h"
#include "compiler/syntax/literals.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/token_limits.h"

namespace dsc {
namespace {

using dsc_grammar::DsLexer;

// Thrown where the fast path gives way to the full parse, and where a limit refuses the
// file; caught in ParseFast only.
struct Declined {};
struct Refused {};

// Each function reads one rule of DsParser.g4 (its text in the comment above it) and
// builds what tree_converter.cpp builds from that rule's context: the same nodes, the same
// spans (a rule's span runs from its first token to its last), literals decoded in the
// same order.
class FastParser {
 public:
  FastParser(const SourceFile& source, std::string_view lexed, TokenLimits& limits,
             DiagnosticSink& diags, ast::File* file)
      : source_(source),
        input_(lexed),
        lexer_(lexed, &input_),
        limits_(limits),
        diags_(diags),
        file_(file) {}

  // file : item* EOF
  void ParseFile() {
    next_ = LexNonComment();
    Advance();
    while (current_.type != antlr4::Token::EOF) file_->decls.push_back(ParseItem());
  }

 private:
  // --- tokens ---------------------------------------------------------------------
  // The parser sees `current_` and one token of lookahead, `next_`; comments go to the
  // file's list as they are lexed, and every token is counted against the limits there.
  // A crossed limit refuses the file as the full parse would: ANTLR counts every token
  // before it parses, so a limit crossed anywhere comes before any syntax error.
  Lexeme LexNonComment() {
    for (;;) {
      Lexeme lexeme = lexer_.Next();
      switch (lexeme.type) {
        case DsLexer::LINE_COMMENT:
          file_->comments.push_back({SpanOf(lexeme), std::string(TextOf(SpanOf(lexeme)))});
          continue;
        case DsLexer::ERROR_CHAR:
        case DsLexer::UNTERMINATED_STRING:
          throw Declined{};
        default:
          if (!limits_.Admit({lexeme.type, SpanOf(lexeme)}, [this] { return TokenAfter(); }))
            throw Refused{};
          return lexeme;
      }
    }
  }

  // The token after the one being counted, which names the entity that crossed the limit.
  LimitToken TokenAfter() {
    Lexeme lexeme = lexer_.Next();
    while (lexeme.type == DsLexer::LINE_COMMENT) lexeme = lexer_.Next();
    return {lexeme.type, SpanOf(lexeme)};
  }

  void Advance() {
    previous_end_ = current_.end;
    current_ = next_;
    if (current_.type != antlr4::Token::EOF) next_ = LexNonComment();
  }

  Lexeme Expect(size_t type) {
    if (current_.type != type) throw Declined{};
    Lexeme taken = current_;
    Advance();
    return taken;
  }

  bool Accept(size_t type) {
    if (current_.type != type) return false;
    Advance();
    return true;
  }

  Span SpanOf(Lexeme lexeme) const { return {source_.id(), lexeme.begin, lexeme.end}; }
  // From `begin` to the end of the last token taken.
  Span SpanFrom(uint32_t begin) const { return {source_.id(), begin, previous_end_}; }
  std::string_view TextOf(Span span) const {
    return std::string_view(source_.text()).substr(span.begin, span.end - span.begin);
  }
  ast::Name NameOf(Lexeme lexeme) const {
    Span span = SpanOf(lexeme);
    return {std::string(TextOf(span)), span};
  }

  // --- declarations ---------------------------------------------------------------
  // item : importDecl | fleetDecl | serviceDecl | infraDecl | featureDecl | kindDecl
  std::unique_ptr<ast::Decl> ParseItem() {
    switch (current_.type) {
      case DsLexer::IMPORT:
        return ParseImport();
      case DsLexer::FLEET:
        return ParseSimple(ast::DeclKind::kFleet);
      case DsLexer::SERVICE:
        return ParseSimple(ast::DeclKind::kService);
      case DsLexer::INFRA:
        return ParseInfra();
      case DsLexer::FEATURE:
        return ParseSimple(ast::DeclKind::kFeature);
      case DsLexer::KIND:
        return ParseKind();
      default:
        throw Declined{};
    }
  }

  // importDecl : IMPORT STRING (AS IDENT)?
  std::unique_ptr<ast::Decl> ParseImport() {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kImport;
    uint32_t begin = Expect(DsLexer::IMPORT).begin;
    DecodeImportPath(source_.text(), SpanOf(Expect(DsLexer::STRING)), decl.get(), diags_);
    if (Accept(DsLexer::AS)) {
      decl->has_alias = true;
      decl->name = NameOf(Expect(DsLexer::IDENT));
    }
    decl->span = SpanFrom(begin);
    return decl;
  }

  // fleetDecl, serviceDecl, featureDecl, forkDecl : KEYWORD IDENT body
  std::unique_ptr<ast::Decl> ParseSimple(ast::DeclKind kind) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = kind;
    uint32_t begin = current_.begin;
    Advance();  // the keyword, which the caller matched
    decl->name = NameOf(Expect(DsLexer::IDENT));
    ParseBody(&decl->body);
    decl->span = SpanFrom(begin);
    return decl;
  }

  // infraDecl : INFRA IDENT COLON qualifiedName body?
  std::unique_ptr<ast::Decl> ParseInfra() {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kInfra;
    uint32_t begin = Expect(DsLexer::INFRA).begin;
    decl->name = NameOf(Expect(DsLexer::IDENT));
    Expect(DsLexer::COLON);
    decl->kind_ref = ParseQualifiedName();
    decl->has_body = current_.type == DsLexer::LBRACE;
    if (decl->has_body) ParseBody(&decl->body);
    decl->span = SpanFrom(begin);
    return decl;
  }

  // kindDecl : KIND IDENT COLON category=(INFRA | IDENT) LBRACE kindMember* RBRACE
  std::unique_ptr<ast::Decl> ParseKind() {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kKind;
    uint32_t begin = Expect(DsLexer::KIND).begin;
    decl->name = NameOf(Expect(DsLexer::IDENT));
    Expect(DsLexer::COLON);
    if (current_.type != DsLexer::INFRA && current_.type != DsLexer::IDENT) throw Declined{};
    decl->category = NameOf(current_);
    Advance();
    uint32_t body_begin = Expect(DsLexer::LBRACE).begin;
    std::vector<ast::Member>& members = Scratch();
    while (current_.type != DsLexer::RBRACE) members.push_back(ParseKindMember());
    Advance();
    TakeScratch(&decl->body.members);
    decl->body.span = SpanFrom(body_begin);
    decl->span = SpanFrom(begin);
    return decl;
  }

  // kindMember : PARAM IDENT COLON typeExpr (ASSIGN expr)? COMMA?
  //            | EXPORT IDENT COLON typeExpr ASSIGN expr COMMA?
  //            | member
  ast::Member ParseKindMember() {
    bool param = current_.type == DsLexer::PARAM;
    if ((!param && current_.type != DsLexer::EXPORT) || next_.type != DsLexer::IDENT)
      return ParseMember();
    ast::Member out;
    out.kind = param ? ast::MemberKind::kParam : ast::MemberKind::kExport;
    uint32_t begin = current_.begin;
    Advance();
    out.key = NameOf(Expect(DsLexer::IDENT));
    Expect(DsLexer::COLON);
    out.type = ParseType();
    if (!param) Expect(DsLexer::ASSIGN);  // an export's value is required, a param's optional
    if (!param || Accept(DsLexer::ASSIGN)) out.value = ParseExpr();
    Accept(DsLexer::COMMA);
    out.span = SpanFrom(begin);
    return out;
  }

  // typeExpr : IDENT (LANGLE typeExpr RANGLE)?
  std::unique_ptr<ast::TypeExpr> ParseType() {
    auto type = std::make_unique<ast::TypeExpr>();
    type->name = NameOf(Expect(DsLexer::IDENT));
    if (Accept(DsLexer::LANGLE)) {
      type->arg = ParseType();
      Expect(DsLexer::RANGLE);
    }
    type->span = SpanFrom(type->name.span.begin);
    return type;
  }

  // --- bodies and members ---------------------------------------------------------
  // body : LBRACE member* RBRACE
  void ParseBody(ast::Body* out) {
    uint32_t begin = Expect(DsLexer::LBRACE).begin;
    std::vector<ast::Member>& members = Scratch();
    while (current_.type != DsLexer::RBRACE) members.push_back(ParseMember());
    Advance();
    TakeScratch(&out->members);
    out->span = SpanFrom(begin);
  }

  // A body's members are read into a vector per nesting level, kept between bodies, and
  // moved into one of exactly their number: a vector grown member by member would keep up
  // to twice their memory for as long as the AST lives.
  std::vector<ast::Member>& Scratch() {
    if (scratch_depth_ == scratch_.size()) scratch_.emplace_back();
    return scratch_[scratch_depth_++];
  }
  void TakeScratch(std::vector<ast::Member>* members) {
    std::vector<ast::Member>& taken = scratch_[--scratch_depth_];
    members->reserve(taken.size());
    for (ast::Member& member : taken) members->push_back(std::move(member));
    taken.clear();
  }

  // member : key ASSIGN expr COMMA?   # assignMember
  //        | key body COMMA?          # blockMember
  //        | forkDecl COMMA?          # forkMember
  //        | infraDecl COMMA?         # infraMember
  ast::Member ParseMember() {
    ast::Member out;
    uint32_t begin = current_.begin;
    size_t type = current_.type;
    // `fork NAME` and `infra NAME` declare; any other keyword before `=` or `{` is a key.
    bool declares =
        (type == DsLexer::FORK || type == DsLexer::INFRA) && next_.type == DsLexer::IDENT;
    if (!declares && IsKeyword(type) &&
        (next_.type == DsLexer::ASSIGN || next_.type == DsLexer::LBRACE))
      type = DsLexer::IDENT;
    switch (type) {
      case DsLexer::IDENT:
      case DsLexer::STRING:
        ParseKey(&out);
        if (Accept(DsLexer::ASSIGN)) {
          out.kind = ast::MemberKind::kAssign;
          out.value = ParseExpr();
        } else if (current_.type == DsLexer::LBRACE) {
          out.kind = ast::MemberKind::kBlock;
          out.value = std::make_unique<ast::Expr>();
          out.value->kind = ast::ExprKind::kMap;
          out.value->body = std::make_unique<ast::Body>();
          ParseBody(out.value->body.get());
          out.value->span = out.value->body->span;
        } else {
          throw Declined{};
        }
        break;
      case DsLexer::FORK:
        out.kind = ast::MemberKind::kDecl;
        out.decl = ParseSimple(ast::DeclKind::kFork);
        out.key = out.decl->name;
        break;
      case DsLexer::INFRA:
        out.kind = ast::MemberKind::kDecl;
        out.decl = ParseInfra();
        out.key = out.decl->name;
        break;
      default:
        throw Declined{};
    }
    Accept(DsLexer::COMMA);
    out.span = SpanFrom(begin);
    return out;
  }

  static bool IsKeyword(size_t type) {
    switch (type) {
      case DsLexer::IMPORT:
      case DsLexer::AS:
      case DsLexer::FLEET:
      case DsLexer::SERVICE:
      case DsLexer::INFRA:
      case DsLexer::FEATURE:
      case DsLexer::KIND:
      case DsLexer::FORK:
      case DsLexer::PARAM:
      case DsLexer::EXPORT:
      case DsLexer::TRUE:
      case DsLexer::FALSE:
        return true;
      default:
        return false;
    }
  }

  // key : IDENT | STRING | a keyword
  void ParseKey(ast::Member* out) {
    Lexeme key = current_;
    Advance();
    if (key.type != DsLexer::STRING) {
      out->key = NameOf(key);
      return;
    }
    out->key = DecodeQuotedKey(source_.text(), SpanOf(key), diags_);
    out->key_quoted = true;
  }

  // --- expressions ----------------------------------------------------------------
  // qualifiedName : (IDENT | FLEET) (DOT IDENT)*
  ast::QualifiedName ParseQualifiedName() {
    if (current_.type != DsLexer::IDENT && current_.type != DsLexer::FLEET) throw Declined{};
    ast::QualifiedName name;
    uint32_t begin = current_.begin;
    name.parts.push_back(NameOf(current_));
    Advance();
    while (Accept(DsLexer::DOT)) name.parts.push_back(NameOf(Expect(DsLexer::IDENT)));
    name.span = SpanFrom(begin);
    return name;
  }

  // The items of a list or the arguments of a call, up to the closing `close`:
  // (expr (COMMA expr)* COMMA?)? close
  void ParseItems(size_t close, ast::Expr* out) {
    while (current_.type != close) {
      out->items.push_back(ParseExpr());
      if (!Accept(DsLexer::COMMA)) break;
    }
    Expect(close);
  }

  // expr : STRING | NUMBER | (TRUE | FALSE) | LBRACKET … RBRACKET | body
  //      | IDENT LPAREN … RPAREN | qualifiedName body | qualifiedName
  std::unique_ptr<ast::Expr> ParseExpr() {
    auto expr = std::make_unique<ast::Expr>();
    uint32_t begin = current_.begin;
    switch (current_.type) {
      case DsLexer::STRING: {
        expr->kind = ast::ExprKind::kString;
        expr->span = SpanOf(current_);
        Advance();
        DecodeString(TextOf(expr->span), source_.id(), expr->span.begin, expr.get(), diags_);
        return expr;
      }
      case DsLexer::NUMBER:
        expr->kind = ast::ExprKind::kNumber;
        expr->span = SpanOf(current_);
        Advance();
        DecodeNumber(TextOf(expr->span), expr->span, expr.get(), diags_);
        return expr;
      case DsLexer::TRUE:
      case DsLexer::FALSE:
        expr->kind = ast::ExprKind::kBool;
        expr->bool_value = current_.type == DsLexer::TRUE;
        expr->span = SpanOf(current_);
        Advance();
        return expr;
      case DsLexer::LBRACKET:
        expr->kind = ast::ExprKind::kList;
        Advance();
        ParseItems(DsLexer::RBRACKET, expr.get());
        break;
      case DsLexer::LBRACE:
        expr->kind = ast::ExprKind::kMap;
        expr->body = std::make_unique<ast::Body>();
        ParseBody(expr->body.get());
        break;
      case DsLexer::IDENT:
      case DsLexer::FLEET:
        if (current_.type == DsLexer::IDENT && next_.type == DsLexer::LPAREN) {
          expr->kind = ast::ExprKind::kCall;
          expr->name.parts.push_back(NameOf(current_));
          expr->name.span = expr->name.parts[0].span;
          Advance();
          Advance();
          ParseItems(DsLexer::RPAREN, expr.get());
          break;
        }
        expr->name = ParseQualifiedName();
        expr->kind = ast::ExprKind::kRef;
        if (current_.type == DsLexer::LBRACE) {
          expr->kind = ast::ExprKind::kInstance;
          expr->body = std::make_unique<ast::Body>();
          ParseBody(expr->body.get());
        }
        break;
      default:
        throw Declined{};
    }
    expr->span = SpanFrom(begin);
    return expr;
  }

  const SourceFile& source_;
  ByteCharStream input_;  // FastLexer's ANTLR side, unused here: Next() makes no token
  FastLexer lexer_;
  TokenLimits& limits_;
  DiagnosticSink& diags_;
  ast::File* file_;

  Lexeme current_{antlr4::Token::INVALID_TYPE, 0, 0};
  Lexeme next_{antlr4::Token::INVALID_TYPE, 0, 0};
  uint32_t previous_end_ = 0;                     // where the last token taken ends
  std::deque<std::vector<ast::Member>> scratch_;  // a deque: Scratch()'s references stay valid
  size_t scratch_depth_ = 0;
};

}  // namespace

FastParse ParseFast(const SourceFile& source, std::string_view lexed, TokenLimits& limits,
                    DiagnosticSink& diags, ast::File* file) {
  try {
    FastParser(source, lexed, limits, diags, file).ParseFile();
    return FastParse::kParsed;
  } catch (const Declined&) {
    return FastParse::kDeclined;
  } catch (const Refused&) {
    return FastParse::kRefused;
  }
}

namespace {

std::string DumpDiagnostics(const DiagnosticSink& diags) {
  std::string out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out += fmt::format("{} [{},{}) {} | {} | {}\n", static_cast<int>(d.kind), d.span.begin,
                       d.span.end, d.message, d.span_label, d.help);
  }
  return out;
}

// What only the full parse reports, and so may make the fast path decline.
bool ReportsAnError(const DiagnosticSink& diags) {
  for (const Diagnostic& d : diags.diagnostics()) {
    switch (d.kind) {
      case DiagKind::kSyntaxError:
      case DiagKind::kUnexpectedCharacter:
      case DiagKind::kUnterminatedString:
      case DiagKind::kNestingTooDeep:
      case DiagKind::kTooManyEntities:
        return true;
      default:
        break;
    }
  }
  return false;
}

// The first line where two dumps differ, with its neighbours.
std::string FirstDifference(std::string_view expected, std::string_view got) {
  size_t at = 0;
  while (at < expected.size() && at < got.size() && expected[at] == got[at]) ++at;
  size_t line = expected.rfind('\n', at == 0 ? 0 : at - 1);
  line = line == std::string_view::npos ? 0 : line + 1;
  return fmt::format("ANTLR: {:?}\nfast:  {:?}", expected.substr(line, 300),
                     got.substr(std::min(line, got.size()), 300));
}

}  // namespace

std::string ParsedLikeAntlr(std::string_view text, const InputLimits& limits) {
  SourceManager sources;
  const SourceFile& source = sources.Add("fast.ds", std::string(text));
  DiagnosticSink antlr_diags;
  uint64_t antlr_entities = 0;
  ast::File expected = ParseWithAntlr(source, antlr_diags, limits, &antlr_entities);
  // Parse() refuses these before either parser sees the text.
  if (text.size() > limits.max_file_bytes || FindInvalidUtf8(text)) return "";

  std::string blanked;
  if (StartsWithBom(text)) blanked = std::string(kUtf8Bom.size(), ' ') + source.text().substr(3);
  std::string_view lexed = blanked.empty() ? std::string_view(source.text()) : blanked;
  ast::File got;
  got.file = source.id();
  DiagnosticSink fast_diags;
  uint64_t fast_entities = 0;
  TokenLimits fast_limits(source, limits, &fast_entities, fast_diags);
  std::string expected_diags = DumpDiagnostics(antlr_diags);
  switch (ParseFast(source, lexed, fast_limits, fast_diags, &got)) {
    case FastParse::kDeclined:
      if (ReportsAnError(antlr_diags)) return "";
      return "the fast parser declined a file ANTLR parses without error";
    case FastParse::kRefused:
      // Only the limit's diagnostic: a refused file is parsed no further.
      if (DumpDiagnostics(fast_diags) == expected_diags && fast_entities == antlr_entities) {
        return "";
      }
      return fmt::format("the fast parser refused the file:\n{}ANTLR:\n{}",
                         DumpDiagnostics(fast_diags), expected_diags);
    case FastParse::kParsed:
      break;
  }
  if (expected.has_syntax_errors || ReportsAnError(antlr_diags)) {
    return "the fast parser accepted a file ANTLR reports an error in:\n" + expected_diags;
  }
  std::string expected_dump = DumpAst(expected);
  std::string got_dump = DumpAst(got);
  if (expected_dump != got_dump) {
    return "the ASTs differ:\n" + FirstDifference(expected_dump, got_dump);
  }
  std::string got_diags = DumpDiagnostics(fast_diags);
  if (expected_diags != got_diags) {
    return fmt::format("the diagnostics differ:\nANTLR:\n{}fast:\n{}", expected_diags, got_diags);
  }
  if (antlr_entities != fast_entities) {
    return fmt::format("entities counted: ANTLR {}, fast {}", antlr_entities, fast_entities);
  }
  return "";
}

}  // namespace dsc
