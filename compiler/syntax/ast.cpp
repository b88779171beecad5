#include "compiler/syntax/ast.h"

namespace dsc::ast {

std::string QualifiedName::ToString() const {
  std::string out;
  for (const Name& part : parts) {
    if (!out.empty()) out += '.';
    out += part.text;
  }
  return out;
}

bool Expr::IsPlainString() const {
  if (kind != ExprKind::kString) return false;
  for (const StringPart& part : parts) {
    if (part.is_ref) return false;
  }
  return true;
}

std::string Expr::PlainString() const {
  std::string out;
  for (const StringPart& part : parts) {
    if (!part.is_ref) out += part.text;
  }
  return out;
}

std::string TypeExpr::ToString() const {
  return arg ? name.text + "<" + arg->ToString() + ">" : name.text;
}

std::string_view DeclKindKeyword(DeclKind kind) {
  switch (kind) {
    case DeclKind::kImport:
      return "import";
    case DeclKind::kFleet:
      return "fleet";
    case DeclKind::kService:
      return "service";
    case DeclKind::kInfra:
      return "infra";
    case DeclKind::kFeature:
      return "feature";
    case DeclKind::kFork:
      return "fork";
    case DeclKind::kKind:
      return "kind";
  }
  return "";
}

}  // namespace dsc::ast
