#include "compiler/syntax/ast_dump.h"

#include <fmt/format.h>

namespace dsc {
namespace {

class Dumper {
 public:
  std::string Take() { return std::move(out_); }

  void File(const ast::File& file) {
    Line(0, fmt::format("file {} syntax_errors={}", file.file, file.has_syntax_errors));
    for (const auto& decl : file.decls) Decl(1, *decl);
    for (const ast::Comment& comment : file.comments)
      Line(1, fmt::format("comment {} {:?}", SpanText(comment.span), comment.text));
  }

 private:
  static std::string SpanText(Span span) {
    return fmt::format("{}[{},{})", span.file, span.begin, span.end);
  }
  static std::string NameText(const ast::Name& name) {
    return fmt::format("{:?}@{}", name.text, SpanText(name.span));
  }
  static std::string QualifiedText(const ast::QualifiedName& name) {
    std::string text = SpanText(name.span);
    for (const ast::Name& part : name.parts) text += " " + NameText(part);
    return text;
  }
  void Line(int depth, std::string_view text) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_.append(text);
    out_.push_back('\n');
  }

  void Decl(int depth, const ast::Decl& decl) {
    Line(depth,
         fmt::format("decl {} {} name {} path {:?} {} alias={} kind_ref {} has_body={} "
                     "category {}",
                     ast::DeclKindKeyword(decl.kind), SpanText(decl.span), NameText(decl.name),
                     decl.import_path, SpanText(decl.import_path_span), decl.has_alias,
                     QualifiedText(decl.kind_ref), decl.has_body, NameText(decl.category)));
    Body(depth + 1, decl.body);
  }

  void Body(int depth, const ast::Body& body) {
    Line(depth, fmt::format("body {} members={}", SpanText(body.span), body.members.size()));
    for (const ast::Member& member : body.members) Member(depth + 1, member);
  }

  void Member(int depth, const ast::Member& member) {
    Line(depth, fmt::format("member {} {} key {} quoted={}", static_cast<int>(member.kind),
                            SpanText(member.span), NameText(member.key), member.key_quoted));
    if (member.type) Type(depth + 1, *member.type);
    if (member.value) Expr(depth + 1, *member.value);
    if (member.decl) Decl(depth + 1, *member.decl);
  }

  void Type(int depth, const ast::TypeExpr& type) {
    Line(depth, fmt::format("type {} {}", SpanText(type.span), NameText(type.name)));
    if (type.arg) Type(depth + 1, *type.arg);
  }

  void Expr(int depth, const ast::Expr& expr) {
    Line(depth,
         fmt::format("expr {} {} malformed={} number {:?} integer={} {} {} unit {:?} bool={} "
                     "name {}",
                     static_cast<int>(expr.kind), SpanText(expr.span), expr.malformed,
                     expr.number_text, expr.is_integer, expr.int_value, expr.float_value, expr.unit,
                     expr.bool_value, QualifiedText(expr.name)));
    for (const ast::StringPart& part : expr.parts) {
      Line(depth + 1, fmt::format("part {} ref={} {:?} {}", SpanText(part.span), part.is_ref,
                                  part.text, QualifiedText(part.ref)));
    }
    for (const auto& item : expr.items) Expr(depth + 1, *item);
    if (expr.body) Body(depth + 1, *expr.body);
  }

  std::string out_;
};

}  // namespace

std::string DumpAst(const ast::File& file) {
  Dumper dumper;
  dumper.File(file);
  return dumper.Take();
}

}  // namespace dsc
