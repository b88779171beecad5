#include "compiler/syntax/tree_converter.h"

#include <filesystem>

#include "compiler/syntax/literals.h"

namespace dsc {
namespace {

using dsc_grammar::DsParser;

// Converts the (error-free) parse tree into the AST.
class TreeConverter {
 public:
  TreeConverter(const SourceFile& source, DiagnosticSink& diags) : source_(source), diags_(diags) {}

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
  ast::Name NameOf(antlr4::tree::TerminalNode* node) const {
    Span span = SpanOf(node->getSymbol());
    return {std::string(TextOf(span)), span};
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
  DiagnosticSink& diags_;
};

}  // namespace

std::unique_ptr<ast::Decl> ConvertItem(const SourceFile& source, DiagnosticSink& diags,
                                       DsParser::ItemContext* item) {
  return TreeConverter(source, diags).ConvertItem(item);
}

}  // namespace dsc
