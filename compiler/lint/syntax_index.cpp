#include "compiler/lint/syntax_index.h"

namespace dsc::lint {

SyntaxIndex::SyntaxIndex(const sema::ModuleSet& modules) {
  for (const sema::Module& module : modules.modules) {
    for (const auto& decl : module.file.decls) {
      decls_[{decl->span.file, decl->span.begin}] = decl.get();
    }
  }
}

const ast::Decl* SyntaxIndex::DeclAt(Span span) const {
  auto it = decls_.find({span.file, span.begin});
  return it == decls_.end() ? nullptr : it->second;
}

const ast::Decl* SyntaxIndex::WrittenIn(const model::Model& model,
                                        const model::Service& service) const {
  if (service.feature < 0) return DeclAt(service.span);
  const ast::Decl* feature = DeclAt(model.features[service.feature].span);
  if (!feature) return nullptr;
  for (const ast::Member& member : feature->body.members) {
    if (member.kind == ast::MemberKind::kDecl && member.decl &&
        member.decl->kind == ast::DeclKind::kFork && member.decl->name.text == service.name) {
      return member.decl.get();
    }
  }
  return nullptr;
}

const ast::Member* FindMember(const ast::Body& body, std::string_view key) {
  for (const ast::Member& member : body.members) {
    if ((member.kind == ast::MemberKind::kAssign || member.kind == ast::MemberKind::kBlock) &&
        member.key.text == key) {
      return &member;
    }
  }
  return nullptr;
}

std::vector<const ast::Member*> FindMembers(const ast::Body& body, std::string_view key) {
  std::vector<const ast::Member*> out;
  for (const ast::Member& member : body.members) {
    if ((member.kind == ast::MemberKind::kAssign || member.kind == ast::MemberKind::kBlock) &&
        member.key.text == key) {
      out.push_back(&member);
    }
  }
  return out;
}

const ast::Body* BodyOf(const ast::Member* member) {
  if (!member || !member->value || member->value->kind != ast::ExprKind::kMap) return nullptr;
  return member->value->body.get();
}

}  // namespace dsc::lint
