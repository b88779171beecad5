#include "compiler/lsp/semantic_tokens.h"

#include <algorithm>
#include <vector>

#include "compiler/lsp/navigation.h"

namespace dsc::lsp {
namespace {

using nlohmann::json;

// Indexes into the legend's token types and modifier bits.
enum TokenType { kNamespace, kType, kClass, kVariable, kEvent, kParameter, kProperty };
constexpr int kDeclaration = 1, kDefaultLibrary = 2;

struct Token {
  Span span;
  int type;
  int modifiers;
};

int TypeOf(const Target& target) {
  if (target.member) return kParameter;
  if (!target.decl) return kNamespace;
  switch (target.decl->kind) {
    case ast::DeclKind::kKind:
      return kType;
    case ast::DeclKind::kService:
    case ast::DeclKind::kFork:
      return kClass;
    case ast::DeclKind::kFeature:
      return kEvent;
    case ast::DeclKind::kImport:
    case ast::DeclKind::kFleet:
      return kNamespace;
    case ast::DeclKind::kInfra:
      return kVariable;
  }
  return kVariable;
}

// Field keys (`image`, `resources`, `cpu`): everything written `key = …` or `key { … }`.
void AddKeys(const ast::Body& body, std::vector<Token>& out);

void AddKeysOfExpr(const ast::Expr& expr, std::vector<Token>& out) {
  for (const auto& item : expr.items)
    if (item) AddKeysOfExpr(*item, out);
  if (expr.body) AddKeys(*expr.body, out);
}

void AddKeys(const ast::Body& body, std::vector<Token>& out) {
  for (const ast::Member& member : body.members) {
    if (member.kind == ast::MemberKind::kDecl && member.decl) {
      AddKeys(member.decl->body, out);
      continue;
    }
    if ((member.kind == ast::MemberKind::kAssign || member.kind == ast::MemberKind::kBlock) &&
        !member.key_quoted && !member.key.text.empty())
      out.push_back({member.key.span, kProperty, 0});
    if (member.value) AddKeysOfExpr(*member.value, out);
  }
}

}  // namespace

json SemanticTokensLegend() {
  return {
      {"tokenTypes", {"namespace", "type", "class", "variable", "event", "parameter", "property"}},
      {"tokenModifiers", {"declaration", "defaultLibrary"}}};
}

json SemanticTokens(const sema::ModuleSet& modules, int module, std::string_view text,
                    PositionEncoding encoding) {
  std::vector<Token> tokens;
  const ast::File& file = modules.modules[module].file;
  Resolver resolver(modules);
  for (const NameSite& site : NameSites(file)) {
    if (site.import_decl) continue;  // a string: the grammar's
    std::optional<Target> target = resolver.Resolve(module, site);
    if (!target) {
      // A declaration that resolves to nothing (a fork of a typo) is still a declaration.
      if (site.declared) tokens.push_back({site.span, kClass, kDeclaration});
      continue;
    }
    int modifiers = 0;
    if (site.declared || site.declared_member) modifiers |= kDeclaration;
    if (modules.modules[target->module].is_std) modifiers |= kDefaultLibrary;
    tokens.push_back({site.span, TypeOf(*target), modifiers});
  }
  for (const auto& decl : file.decls)
    if (decl) AddKeys(decl->body, tokens);
  std::sort(tokens.begin(), tokens.end(),
            [](const Token& a, const Token& b) { return a.span.begin < b.span.begin; });
  json data = json::array();
  TextPosition previous;
  size_t last_end = 0;
  PositionWalker positions(text, encoding);
  for (const Token& token : tokens) {
    if (token.span.end <= token.span.begin || token.span.begin < last_end) continue;
    TextPosition start = positions.At(token.span.begin);
    TextPosition end = positions.At(token.span.end);
    if (end.line != start.line) continue;  // names are one line; a token may not span two
    size_t delta_line = start.line - previous.line;
    size_t delta_start = delta_line == 0 ? start.character - previous.character : start.character;
    data.insert(data.end(),
                {delta_line, delta_start, end.character - start.character,
                 static_cast<size_t>(token.type), static_cast<size_t>(token.modifiers)});
    previous = start;
    last_end = token.span.end;
  }
  return data;
}

}  // namespace dsc::lsp
