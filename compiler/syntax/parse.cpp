// ANTLR stays inside this file: it lexes and parses, and the parse tree is
// converted to the AST at once. See parse.h for the contract.
#include "compiler/syntax/parse.h"

#include <filesystem>

#include "DsLexer.h"
#include "DsParser.h"
#include "antlr4-runtime.h"
#include "compiler/source/unicode_names.h"
#include "compiler/source/utf8.h"
#include "compiler/syntax/literals.h"

namespace dsc {
namespace {

using dsc_grammar::DsLexer;
using dsc_grammar::DsParser;

// ANTLR indexes code points; spans are byte offsets. This maps one to the other.
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view text) {
    bool ascii = true;
    for (unsigned char c : text) ascii &= c < 0x80;
    if (ascii) return;
    for (size_t i = 0; i < text.size(); i += DecodeUtf8(text.substr(i)).length) {
      byte_of_.push_back(static_cast<uint32_t>(i));
    }
    byte_of_.push_back(static_cast<uint32_t>(text.size()));
  }
  uint32_t Byte(size_t code_point) const {
    if (byte_of_.empty()) return static_cast<uint32_t>(code_point);
    return byte_of_[std::min(code_point, byte_of_.size() - 1)];
  }

 private:
  std::vector<uint32_t> byte_of_;
};

// +1 for an opening bracket the parser sees, -1 for a closing one, else 0.
int BracketDelta(const antlr4::Token& token) {
  if (token.getChannel() != antlr4::Token::DEFAULT_CHANNEL) return 0;
  switch (token.getType()) {
    case DsLexer::LBRACE:
    case DsLexer::LBRACKET:
    case DsLexer::LPAREN:
      return 1;
    case DsLexer::RBRACE:
    case DsLexer::RBRACKET:
    case DsLexer::RPAREN:
      return -1;
    default:
      return 0;
  }
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
  for (ssize_t type : expected.toList()) {
    if (type == -1) {
      names.push_back("end of file");
      continue;
    }
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
  SyntaxErrorReporter(FileId file, const OffsetMap& offsets, antlr4::CommonTokenStream& tokens,
                      DiagnosticSink& diags, bool unterminated_string)
      : file_(file),
        offsets_(offsets),
        tokens_(tokens),
        diags_(diags),
        unterminated_string_(unterminated_string) {}

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
    uint32_t begin = offsets_.Byte(offending->getStartIndex());
    uint32_t end = offending->getType() == antlr4::Token::EOF
                       ? begin
                       : offsets_.Byte(offending->getStopIndex() + 1);
    auto& d = diags_.Report(DiagKind::kSyntaxError, {file_, begin, end}, message);
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
        uint32_t at = offsets_.Byte(open->getStartIndex());
        d.Secondary({file_, at, at + 1}, fmt::format("this `{}` is never closed", open->getText()))
            .Help("add the missing closing bracket");
      }
    }
  }
  int count() const { return count_; }

  Span SpanOf(antlr4::Token* token) const {
    return {file_, offsets_.Byte(token->getStartIndex()), offsets_.Byte(token->getStopIndex() + 1)};
  }

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
  const OffsetMap& offsets_;
  antlr4::CommonTokenStream& tokens_;
  DiagnosticSink& diags_;
  bool unterminated_string_;
  bool suppressed_ = false;
  size_t last_error_token_ = 0;
  int count_ = 0;
  int reported_ = 0;
};

// Converts the (error-free) parse tree into the AST.
class TreeConverter {
 public:
  TreeConverter(const SourceFile& source, const OffsetMap& offsets, DiagnosticSink& diags)
      : source_(source), offsets_(offsets), diags_(diags) {}

  void ConvertFile(DsParser::FileContext* ctx, ast::File* out) {
    for (auto* item : ctx->item()) out->decls.push_back(ConvertItem(item));
  }

 private:
  Span SpanOf(antlr4::ParserRuleContext* ctx) const {
    uint32_t begin = offsets_.Byte(ctx->getStart()->getStartIndex());
    uint32_t end = offsets_.Byte(ctx->getStop()->getStopIndex() + 1);
    return {source_.id(), begin, std::max(begin, end)};
  }
  Span SpanOf(antlr4::Token* token) const {
    return {source_.id(), offsets_.Byte(token->getStartIndex()),
            offsets_.Byte(token->getStopIndex() + 1)};
  }
  std::string_view TextOf(Span span) const {
    return std::string_view(source_.text()).substr(span.begin, span.end - span.begin);
  }
  ast::Name NameOf(antlr4::tree::TerminalNode* node) const {
    Span span = SpanOf(node->getSymbol());
    return {std::string(TextOf(span)), span};
  }

  std::unique_ptr<ast::Decl> ConvertItem(DsParser::ItemContext* item) {
    if (auto* c = item->importDecl()) return ConvertImport(c);
    if (auto* c = item->fleetDecl()) return Simple(ast::DeclKind::kFleet, c, c->IDENT(), c->body());
    if (auto* c = item->serviceDecl()) {
      return Simple(ast::DeclKind::kService, c, c->IDENT(), c->body());
    }
    if (auto* c = item->infraDecl()) return ConvertInfra(c);
    if (auto* c = item->featureDecl()) {
      return Simple(ast::DeclKind::kFeature, c, c->IDENT(), c->body());
    }
    return ConvertKind(item->kindDecl());
  }

  std::unique_ptr<ast::Decl> Simple(ast::DeclKind kind, antlr4::ParserRuleContext* ctx,
                                    antlr4::tree::TerminalNode* name, DsParser::BodyContext* body) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = kind;
    decl->span = SpanOf(ctx);
    decl->name = NameOf(name);
    ConvertBody(body, &decl->body);
    return decl;
  }

  std::unique_ptr<ast::Decl> ConvertImport(DsParser::ImportDeclContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kImport;
    decl->span = SpanOf(ctx);
    decl->import_path_span = SpanOf(ctx->STRING()->getSymbol());
    ast::Expr path;
    DecodeString(TextOf(decl->import_path_span), source_.id(), decl->import_path_span.begin, &path,
                 diags_);
    decl->import_path = path.PlainString();
    if (ctx->IDENT()) {
      decl->has_alias = true;
      decl->name = NameOf(ctx->IDENT());
    } else {
      // The alias defaults to the file's stem: "std/aws" -> aws, "./a/b-c.ds" -> b-c.
      decl->name = {std::filesystem::path(decl->import_path).stem().string(),
                    decl->import_path_span};
    }
    return decl;
  }

  std::unique_ptr<ast::Decl> ConvertInfra(DsParser::InfraDeclContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kInfra;
    decl->span = SpanOf(ctx);
    decl->name = NameOf(ctx->IDENT());
    decl->kind_ref = ConvertName(ctx->qualifiedName());
    decl->has_body = ctx->body() != nullptr;
    if (decl->has_body) ConvertBody(ctx->body(), &decl->body);
    return decl;
  }

  std::unique_ptr<ast::Decl> ConvertKind(DsParser::KindDeclContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kKind;
    decl->span = SpanOf(ctx);
    decl->name = NameOf(ctx->IDENT(0));
    Span category = SpanOf(ctx->category);
    decl->category = {std::string(TextOf(category)), category};
    decl->body.span = {source_.id(), SpanOf(ctx->LBRACE()->getSymbol()).begin,
                       SpanOf(ctx->RBRACE()->getSymbol()).end};
    for (auto* member : ctx->kindMember()) {
      if (auto* m = dynamic_cast<DsParser::TemplateMemberContext*>(member)) {
        decl->body.members.push_back(ConvertMember(m->member()));
        continue;
      }
      ast::Member out;
      out.span = SpanOf(member);
      if (auto* m = dynamic_cast<DsParser::ParamMemberContext*>(member)) {
        out.kind = ast::MemberKind::kParam;
        out.key = NameOf(m->IDENT());
        out.type = ConvertType(m->typeExpr());
        if (m->expr()) out.value = ConvertExpr(m->expr());
      } else {
        auto* e = dynamic_cast<DsParser::ExportMemberContext*>(member);
        out.kind = ast::MemberKind::kExport;
        out.key = NameOf(e->IDENT());
        out.type = ConvertType(e->typeExpr());
        out.value = ConvertExpr(e->expr());
      }
      decl->body.members.push_back(std::move(out));
    }
    return decl;
  }

  std::unique_ptr<ast::TypeExpr> ConvertType(DsParser::TypeExprContext* ctx) {
    auto type = std::make_unique<ast::TypeExpr>();
    type->name = NameOf(ctx->IDENT());
    type->span = SpanOf(ctx);
    if (ctx->typeExpr()) type->arg = ConvertType(ctx->typeExpr());
    return type;
  }

  void ConvertBody(DsParser::BodyContext* ctx, ast::Body* out) {
    out->span = SpanOf(ctx);
    for (auto* member : ctx->member()) out->members.push_back(ConvertMember(member));
  }

  ast::Member ConvertMember(DsParser::MemberContext* ctx) {
    ast::Member out;
    out.span = SpanOf(ctx);
    if (auto* m = dynamic_cast<DsParser::AssignMemberContext*>(ctx)) {
      out.kind = ast::MemberKind::kAssign;
      ConvertKey(m->key(), &out);
      out.value = ConvertExpr(m->expr());
    } else if (auto* m = dynamic_cast<DsParser::BlockMemberContext*>(ctx)) {
      out.kind = ast::MemberKind::kBlock;
      ConvertKey(m->key(), &out);
      out.value = std::make_unique<ast::Expr>();
      out.value->kind = ast::ExprKind::kMap;
      out.value->span = SpanOf(m->body());
      out.value->body = std::make_unique<ast::Body>();
      ConvertBody(m->body(), out.value->body.get());
    } else if (auto* m = dynamic_cast<DsParser::ForkMemberContext*>(ctx)) {
      out.kind = ast::MemberKind::kDecl;
      auto* f = m->forkDecl();
      out.decl = Simple(ast::DeclKind::kFork, f, f->IDENT(), f->body());
      out.key = out.decl->name;
    } else {
      auto* i = dynamic_cast<DsParser::InfraMemberContext*>(ctx);
      out.kind = ast::MemberKind::kDecl;
      out.decl = ConvertInfra(i->infraDecl());
      out.key = out.decl->name;
    }
    return out;
  }

  void ConvertKey(DsParser::KeyContext* ctx, ast::Member* out) {
    if (ctx->IDENT()) {
      out->key = NameOf(ctx->IDENT());
      return;
    }
    Span span = SpanOf(ctx->STRING()->getSymbol());
    ast::Expr decoded;
    DecodeString(TextOf(span), source_.id(), span.begin, &decoded, diags_);
    out->key = {decoded.PlainString(), span};
    out->key_quoted = true;
  }

  ast::QualifiedName ConvertName(DsParser::QualifiedNameContext* ctx) {
    ast::QualifiedName name;
    name.span = SpanOf(ctx);
    if (ctx->FLEET()) name.parts.push_back(NameOf(ctx->FLEET()));
    for (auto* part : ctx->IDENT()) name.parts.push_back(NameOf(part));
    return name;
  }

  std::unique_ptr<ast::Expr> ConvertExpr(DsParser::ExprContext* ctx) {
    auto expr = std::make_unique<ast::Expr>();
    expr->span = SpanOf(ctx);
    if (dynamic_cast<DsParser::StringExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kString;
      DecodeString(TextOf(expr->span), source_.id(), expr->span.begin, expr.get(), diags_);
    } else if (dynamic_cast<DsParser::NumberExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kNumber;
      DecodeNumber(TextOf(expr->span), expr->span, expr.get(), diags_);
    } else if (auto* b = dynamic_cast<DsParser::BoolExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kBool;
      expr->bool_value = b->TRUE() != nullptr;
    } else if (auto* l = dynamic_cast<DsParser::ListExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kList;
      for (auto* item : l->expr()) expr->items.push_back(ConvertExpr(item));
    } else if (auto* m = dynamic_cast<DsParser::MapExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kMap;
      expr->body = std::make_unique<ast::Body>();
      ConvertBody(m->body(), expr->body.get());
    } else if (auto* c = dynamic_cast<DsParser::CallExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kCall;
      expr->name.parts.push_back(NameOf(c->IDENT()));
      expr->name.span = expr->name.parts[0].span;
      for (auto* arg : c->expr()) expr->items.push_back(ConvertExpr(arg));
    } else if (auto* i = dynamic_cast<DsParser::InstanceExprContext*>(ctx)) {
      expr->kind = ast::ExprKind::kInstance;
      expr->name = ConvertName(i->qualifiedName());
      expr->body = std::make_unique<ast::Body>();
      ConvertBody(i->body(), expr->body.get());
    } else {
      auto* r = dynamic_cast<DsParser::RefExprContext*>(ctx);
      expr->kind = ast::ExprKind::kRef;
      expr->name = ConvertName(r->qualifiedName());
    }
    return expr;
  }

  const SourceFile& source_;
  const OffsetMap& offsets_;
  DiagnosticSink& diags_;
};

// Reports stray characters and unterminated strings from the token stream, and
// hides them from the parser so they cause no second, confusing error. Returns
// whether a string was unterminated.
bool ReportLexicalErrors(antlr4::CommonTokenStream& tokens, const SourceFile& source,
                         const OffsetMap& offsets, DiagnosticSink& diags) {
  bool unterminated = false;
  for (antlr4::Token* token : tokens.getTokens()) {
    auto* common = dynamic_cast<antlr4::CommonToken*>(token);
    Span span{source.id(), offsets.Byte(token->getStartIndex()),
              offsets.Byte(token->getStopIndex() + 1)};
    if (token->getType() == DsLexer::ERROR_CHAR) {
      std::string_view text = std::string_view(source.text()).substr(span.begin);
      auto& d = diags.Report(DiagKind::kUnexpectedCharacter, span, DescribeCharacter(text));
      // A letter of another script drawn like a Latin one, a typographic quote or dash:
      // what a copy from a document or a chat brings in.
      if (char ascii = AsciiLookalike(DecodeUtf8(text).code_point)) {
        d.Help(fmt::format("it looks like `{}` but is not ASCII: type it again", ascii));
      }
      common->setChannel(antlr4::Token::HIDDEN_CHANNEL);
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

// Brackets nested past the limit would make the recursive-descent parser (and
// every later stage) recurse too deep; refuse them before parsing. Entity
// declarations are counted here too, against the whole fleet's limit
// (`*entities` holds the files read before this one): a fleet over it is
// refused before a parse tree, an AST or a model takes the memory it would.
bool CheckTokenLimits(antlr4::CommonTokenStream& tokens, const SourceFile& source,
                      const OffsetMap& offsets, const InputLimits& limits, uint64_t* entities,
                      DiagnosticSink& diags) {
  // Token by token, so that the lexer stops where a limit is crossed: the rest of a
  // hostile file is never lexed. Comments are off the channel LT() reads.
  uint32_t depth = 0;
  size_t previous = antlr4::Token::INVALID_TYPE;
  for (; tokens.LA(1) != antlr4::Token::EOF; tokens.consume()) {
    antlr4::Token* token = tokens.LT(1);
    int delta = BracketDelta(*token);
    if (delta < 0 && depth > 0) --depth;
    if (delta > 0 && ++depth > limits.max_nesting) {
      uint32_t begin = offsets.Byte(token->getStartIndex());
      diags.Report(DiagKind::kNestingTooDeep, {source.id(), begin, begin + 1}, limits.max_nesting)
          .Help("flatten the structure; fleets never need this much nesting");
      return false;
    }
    // `service NAME`, `infra NAME: KIND`, `fork NAME`; not the `infra` of `kind k: infra`.
    size_t type = token->getType();
    bool declares = type == DsLexer::SERVICE || type == DsLexer::FORK ||
                    (type == DsLexer::INFRA && previous != DsLexer::COLON);
    previous = type;
    if (!entities || !declares || ++*entities <= limits.max_entities) continue;
    if (*entities > uint64_t{limits.max_entities} + 1) return false;  // reported in a file before
    antlr4::Token* at = tokens.LT(2)->getType() == DsLexer::IDENT ? tokens.LT(2) : token;
    diags
        .Report(
            DiagKind::kTooManyEntities,
            {source.id(), offsets.Byte(at->getStartIndex()), offsets.Byte(at->getStopIndex() + 1)},
            limits.max_entities)
        .Help("split the fleet, or pass --max-entities");
    return false;
  }
  tokens.seek(0);
  return true;
}

}  // namespace

bool MentionsFleetKeyword(std::string_view text) {
  if (text.find("fleet") == std::string_view::npos || FindInvalidUtf8(text)) return false;
  antlr4::ANTLRInputStream input(text.data(), text.size());
  DsLexer lexer(&input);
  lexer.removeErrorListeners();
  for (std::unique_ptr<antlr4::Token> token = lexer.nextToken();
       token->getType() != antlr4::Token::EOF; token = lexer.nextToken()) {
    if (token->getType() == DsLexer::FLEET) return true;
  }
  return false;
}

ast::File Parse(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits,
                uint64_t* entities) {
  ast::File file;
  file.file = source.id();
  const std::string& text = source.text();
  if (text.size() > limits.max_file_bytes) {
    diags.Report(DiagKind::kFileTooLarge, {source.id(), 0, 0}, text.size(), limits.max_file_bytes);
    file.has_syntax_errors = true;
    return file;
  }
  if (auto bad = FindInvalidUtf8(text)) {
    diags.Report(DiagKind::kInvalidUtf8, {source.id(), *bad, *bad + 1})
        .Label(fmt::format("byte 0x{:02x} here", static_cast<unsigned char>(text[*bad])))
        .Help("save the file as UTF-8");
    file.has_syntax_errors = true;
    return file;
  }

  // The lexer's text: a leading byte order mark becomes three spaces. The ANTLR runtime
  // would drop the mark itself and shift every position by one code point; three spaces are
  // as many bytes as the mark, so positions stay byte offsets into the file as read.
  std::string blanked_bom;
  if (StartsWithBom(text))
    blanked_bom = std::string(kUtf8Bom.size(), ' ') + text.substr(kUtf8Bom.size());
  const std::string& lexed = blanked_bom.empty() ? text : blanked_bom;
  OffsetMap offsets(lexed);
  antlr4::ANTLRInputStream input(lexed);
  DsLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  if (!CheckTokenLimits(tokens, source, offsets, limits, entities, diags)) {
    file.has_syntax_errors = true;
    return file;
  }
  tokens.fill();
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getChannel() == DsLexer::COMMENTS) {
      Span span{source.id(), offsets.Byte(token->getStartIndex()),
                offsets.Byte(token->getStopIndex() + 1)};
      file.comments.push_back({span, text.substr(span.begin, span.end - span.begin)});
    }
  }
  bool unterminated_string = ReportLexicalErrors(tokens, source, offsets, diags);

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
    SyntaxErrorReporter reporter(source.id(), offsets, tokens, diags, unterminated_string);
    parser.addErrorListener(&reporter);
    parser.addParseListener(&reporter);
    tree = parser.file();
    parser.removeErrorListeners();
    parser.removeParseListeners();
    if (reporter.count() > 0) {
      file.has_syntax_errors = true;
      return file;
    }
  }
  TreeConverter(source, offsets, diags).ConvertFile(tree, &file);
  return file;
}

}  // namespace dsc
