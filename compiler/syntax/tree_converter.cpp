#include "compiler/syntax/tree_converter.h"

#include <typeinfo>

#include "compiler/syntax/literals.h"

namespace dsc {
namespace {

using antlr4::tree::ParseTree;
using dsc_grammar::DsParser;

// The hot paths below read a context's children by their place in the grammar's rule
// (DsParser.g4) rather than through ANTLR's accessors: in the 4.9 runtime, `ctx->member()`
// or `ctx->IDENT()` dynamic_casts every child on every call, a tenth of `dsc check`'s
// time on a large fleet. A tree without errors has exactly the grammar's children, and
// one test per construct (parse_test.cpp, the goldens, the oracle) sees the AST.

// Whether `tree` is a token (the parser makes TerminalNodeImpls; an error-free tree has no
// ErrorNodes).
bool IsToken(ParseTree* tree) { return typeid(*tree) == typeid(antlr4::tree::TerminalNodeImpl); }
antlr4::Token* TokenOf(ParseTree* tree) {
  return static_cast<antlr4::tree::TerminalNode*>(tree)->getSymbol();
}
// A child the grammar says is a `T` rule context.
template <class T>
T* RuleAt(antlr4::ParserRuleContext* ctx, size_t i) {
  return static_cast<T*>(static_cast<antlr4::ParserRuleContext*>(ctx->children[i]));
}
// Whether `ctx` is the labelled alternative `T` (`# assignMember`, …): its exact class.
template <class T>
bool Is(antlr4::ParserRuleContext* ctx) {
  return typeid(*ctx) == typeid(T);
}

// Converts the (error-free) parse tree into the AST.
class TreeConverter {
 public:
  TreeConverter(const SourceFile& source, DiagnosticSink& diags) : source_(source), diags_(diags) {}

  // item : importDecl | fleetDecl | serviceDecl | infraDecl | featureDecl | kindDecl
  std::unique_ptr<ast::Decl> ConvertItem(DsParser::ItemContext* item) {
    auto* decl = RuleAt<antlr4::ParserRuleContext>(item, 0);
    switch (decl->getRuleIndex()) {
      case DsParser::RuleImportDecl:
        return ConvertImport(static_cast<DsParser::ImportDeclContext*>(decl));
      case DsParser::RuleFleetDecl:
        return Simple(ast::DeclKind::kFleet, decl);
      case DsParser::RuleServiceDecl:
        return Simple(ast::DeclKind::kService, decl);
      case DsParser::RuleInfraDecl:
        return ConvertInfra(static_cast<DsParser::InfraDeclContext*>(decl));
      case DsParser::RuleFeatureDecl:
        return Simple(ast::DeclKind::kFeature, decl);
      default:
        return ConvertKind(static_cast<DsParser::KindDeclContext*>(decl));
    }
  }

 private:
  // Token indexes are byte offsets (the lexer reads a ByteCharStream).
  Span SpanOf(antlr4::ParserRuleContext* ctx) const {
    auto begin = static_cast<uint32_t>(ctx->getStart()->getStartIndex());
    auto end = static_cast<uint32_t>(ctx->getStop()->getStopIndex() + 1);
    return {source_.id(), begin, std::max(begin, end)};
  }
  Span SpanOf(antlr4::Token* token) const {
    return {source_.id(), static_cast<uint32_t>(token->getStartIndex()),
            static_cast<uint32_t>(token->getStopIndex() + 1)};
  }
  std::string_view TextOf(Span span) const {
    return std::string_view(source_.text()).substr(span.begin, span.end - span.begin);
  }
  ast::Name NameOf(antlr4::Token* token) const {
    Span span = SpanOf(token);
    return {std::string(TextOf(span)), span};
  }
  ast::Name NameOf(antlr4::tree::TerminalNode* node) const { return NameOf(node->getSymbol()); }

  // fleetDecl, serviceDecl, featureDecl, forkDecl : KEYWORD IDENT body
  std::unique_ptr<ast::Decl> Simple(ast::DeclKind kind, antlr4::ParserRuleContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = kind;
    decl->span = SpanOf(ctx);
    decl->name = NameOf(TokenOf(ctx->children[1]));
    ConvertBody(RuleAt<DsParser::BodyContext>(ctx, 2), &decl->body);
    return decl;
  }

  std::unique_ptr<ast::Decl> ConvertImport(DsParser::ImportDeclContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kImport;
    decl->span = SpanOf(ctx);
    DecodeImportPath(source_.text(), SpanOf(ctx->STRING()->getSymbol()), decl.get(), diags_);
    if (ctx->IDENT()) {
      decl->has_alias = true;
      decl->name = NameOf(ctx->IDENT());
    }
    return decl;
  }

  // infraDecl : INFRA IDENT COLON qualifiedName body?
  std::unique_ptr<ast::Decl> ConvertInfra(DsParser::InfraDeclContext* ctx) {
    auto decl = std::make_unique<ast::Decl>();
    decl->kind = ast::DeclKind::kInfra;
    decl->span = SpanOf(ctx);
    decl->name = NameOf(TokenOf(ctx->children[1]));
    decl->kind_ref = ConvertName(RuleAt<DsParser::QualifiedNameContext>(ctx, 3));
    decl->has_body = ctx->children.size() == 5;
    if (decl->has_body) ConvertBody(RuleAt<DsParser::BodyContext>(ctx, 4), &decl->body);
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

  // body : LBRACE member* RBRACE
  void ConvertBody(DsParser::BodyContext* ctx, ast::Body* out) {
    out->span = SpanOf(ctx);
    size_t members = ctx->children.size() - 2;
    out->members.reserve(members);
    for (size_t i = 1; i <= members; ++i)
      out->members.push_back(ConvertMember(RuleAt<DsParser::MemberContext>(ctx, i)));
  }

  // member : key ASSIGN expr COMMA? | key body COMMA? | forkDecl COMMA? | infraDecl COMMA?
  ast::Member ConvertMember(DsParser::MemberContext* ctx) {
    ast::Member out;
    out.span = SpanOf(ctx);
    if (Is<DsParser::AssignMemberContext>(ctx)) {
      out.kind = ast::MemberKind::kAssign;
      ConvertKey(RuleAt<DsParser::KeyContext>(ctx, 0), &out);
      out.value = ConvertExpr(RuleAt<DsParser::ExprContext>(ctx, 2));
    } else if (Is<DsParser::BlockMemberContext>(ctx)) {
      out.kind = ast::MemberKind::kBlock;
      ConvertKey(RuleAt<DsParser::KeyContext>(ctx, 0), &out);
      auto* body = RuleAt<DsParser::BodyContext>(ctx, 1);
      out.value = std::make_unique<ast::Expr>();
      out.value->kind = ast::ExprKind::kMap;
      out.value->span = SpanOf(body);
      out.value->body = std::make_unique<ast::Body>();
      ConvertBody(body, out.value->body.get());
    } else if (Is<DsParser::ForkMemberContext>(ctx)) {
      out.kind = ast::MemberKind::kDecl;
      out.decl = Simple(ast::DeclKind::kFork, RuleAt<DsParser::ForkDeclContext>(ctx, 0));
      out.key = out.decl->name;
    } else {
      out.kind = ast::MemberKind::kDecl;
      out.decl = ConvertInfra(RuleAt<DsParser::InfraDeclContext>(ctx, 0));
      out.key = out.decl->name;
    }
    return out;
  }

  // key : IDENT | STRING
  void ConvertKey(DsParser::KeyContext* ctx, ast::Member* out) {
    antlr4::Token* token = TokenOf(ctx->children[0]);
    if (token->getType() != DsParser::STRING) {  // a name, or a keyword used as one
      out->key = NameOf(token);
      return;
    }
    out->key = DecodeQuotedKey(source_.text(), SpanOf(token), diags_);
    out->key_quoted = true;
  }

  // qualifiedName : (IDENT | FLEET) (DOT IDENT)*
  ast::QualifiedName ConvertName(DsParser::QualifiedNameContext* ctx) {
    ast::QualifiedName name;
    name.span = SpanOf(ctx);
    for (size_t i = 0; i < ctx->children.size(); i += 2)
      name.parts.push_back(NameOf(TokenOf(ctx->children[i])));
    return name;
  }

  // The expressions among `ctx`'s children (a list's items, a call's arguments): every
  // child that is not a bracket or a comma.
  void ConvertExprChildren(antlr4::ParserRuleContext* ctx, ast::Expr* out) {
    for (ParseTree* child : ctx->children) {
      if (!IsToken(child))
        out->items.push_back(ConvertExpr(static_cast<DsParser::ExprContext*>(child)));
    }
  }

  // expr : STRING | NUMBER | (TRUE | FALSE) | LBRACKET … RBRACKET | body
  //      | IDENT LPAREN … RPAREN | qualifiedName body | qualifiedName
  std::unique_ptr<ast::Expr> ConvertExpr(DsParser::ExprContext* ctx) {
    auto expr = std::make_unique<ast::Expr>();
    expr->span = SpanOf(ctx);
    if (Is<DsParser::StringExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kString;
      DecodeString(TextOf(expr->span), source_.id(), expr->span.begin, expr.get(), diags_);
    } else if (Is<DsParser::RefExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kRef;
      expr->name = ConvertName(RuleAt<DsParser::QualifiedNameContext>(ctx, 0));
    } else if (Is<DsParser::NumberExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kNumber;
      DecodeNumber(TextOf(expr->span), expr->span, expr.get(), diags_);
    } else if (Is<DsParser::BoolExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kBool;
      expr->bool_value = TokenOf(ctx->children[0])->getType() == DsParser::TRUE;
    } else if (Is<DsParser::ListExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kList;
      ConvertExprChildren(ctx, expr.get());
    } else if (Is<DsParser::MapExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kMap;
      expr->body = std::make_unique<ast::Body>();
      ConvertBody(RuleAt<DsParser::BodyContext>(ctx, 0), expr->body.get());
    } else if (Is<DsParser::CallExprContext>(ctx)) {
      expr->kind = ast::ExprKind::kCall;
      expr->name.parts.push_back(NameOf(TokenOf(ctx->children[0])));
      expr->name.span = expr->name.parts[0].span;
      ConvertExprChildren(ctx, expr.get());
    } else {  // InstanceExprContext
      expr->kind = ast::ExprKind::kInstance;
      expr->name = ConvertName(RuleAt<DsParser::QualifiedNameContext>(ctx, 0));
      expr->body = std::make_unique<ast::Body>();
      ConvertBody(RuleAt<DsParser::BodyContext>(ctx, 1), expr->body.get());
    }
    return expr;
  }

  const SourceFile& source_;
  DiagnosticSink& diags_;
};

}  // namespace

std::unique_ptr<ast::Decl> ConvertItem(const SourceFile& source, DiagnosticSink& diags,
                                       DsParser::ItemContext* item) {
  return TreeConverter(source, diags).ConvertItem(item);
}

}  // namespace dsc
