#include "compiler/lsp/symbols.h"

#include <algorithm>

namespace dsc::lsp {
namespace {

using nlohmann::json;

// LSP SymbolKind values.
constexpr int kModule = 2, kNamespace = 3, kClass = 5, kField = 8, kInterface = 11, kVariable = 13,
              kObject = 19, kEvent = 24;

int SymbolKindOf(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::kImport:
      return kModule;
    case ast::DeclKind::kFleet:
      return kNamespace;
    case ast::DeclKind::kService:
    case ast::DeclKind::kFork:
      return kClass;
    case ast::DeclKind::kInfra:
      return kObject;
    case ast::DeclKind::kFeature:
      return kEvent;
    case ast::DeclKind::kKind:
      return kInterface;
  }
  return kVariable;
}

std::string DetailOf(const ast::Decl& decl) {
  switch (decl.kind) {
    case ast::DeclKind::kImport:
      return "import \"" + decl.import_path + "\"";
    case ast::DeclKind::kInfra:
      return "infra: " + decl.kind_ref.ToString();
    case ast::DeclKind::kKind:
      return "kind: " + decl.category.text;
    default:
      return std::string(ast::DeclKindKeyword(decl.kind));
  }
}

json SymbolOf(const ast::Decl& decl, std::string_view text, PositionEncoding encoding) {
  // An empty name (a declaration cut short by a syntax error) still needs a name: LSP
  // clients reject an empty one.
  std::string name =
      decl.name.text.empty() ? std::string(ast::DeclKindKeyword(decl.kind)) : decl.name.text;
  json symbol = {{"name", name},
                 {"detail", DetailOf(decl)},
                 {"kind", SymbolKindOf(decl.kind)},
                 {"range", RangeOf(text, decl.span, encoding)},
                 {"selectionRange",
                  RangeOf(text, decl.name.text.empty() ? decl.span : decl.name.span, encoding)}};
  json children = json::array();
  for (const ast::Member& member : decl.body.members) {
    if (member.kind == ast::MemberKind::kDecl && member.decl) {
      children.push_back(SymbolOf(*member.decl, text, encoding));
    } else if (member.kind == ast::MemberKind::kParam || member.kind == ast::MemberKind::kExport) {
      std::string keyword = member.kind == ast::MemberKind::kParam ? "param" : "export";
      children.push_back({{"name", member.key.text.empty() ? keyword : member.key.text},
                          {"detail", keyword + (member.type ? ": " + member.type->ToString() : "")},
                          {"kind", member.kind == ast::MemberKind::kParam ? kField : kVariable},
                          {"range", RangeOf(text, member.span, encoding)},
                          {"selectionRange", RangeOf(text, member.key.span, encoding)}});
    }
  }
  if (!children.empty()) symbol["children"] = std::move(children);
  return symbol;
}

}  // namespace

json RangeOf(std::string_view text, Span span, PositionEncoding encoding) {
  TextPosition start = PositionAt(text, span.begin, encoding);
  TextPosition end = PositionAt(text, std::max(span.begin, span.end), encoding);
  return {{"start", {{"line", start.line}, {"character", start.character}}},
          {"end", {{"line", end.line}, {"character", end.character}}}};
}

json DocumentSymbols(const ast::File& file, std::string_view text, PositionEncoding encoding) {
  json symbols = json::array();
  for (const auto& decl : file.decls)
    if (decl) symbols.push_back(SymbolOf(*decl, text, encoding));
  return symbols;
}

}  // namespace dsc::lsp
