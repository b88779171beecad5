// Finds, for a model entity, the declaration it was written in, so a rule can
// tell a field that was written from one that was defaulted (a feature without
// `ttl`, a route without `port`) and point at the field itself. Internal to lint.
#pragma once

#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"

namespace dsc::lint {

class SyntaxIndex {
 public:
  explicit SyntaxIndex(const sema::ModuleSet& modules);
  // The top-level declaration whose span is `span` (a service's, infra's or
  // feature's span in the model); null if there is none.
  const ast::Decl* DeclAt(Span span) const;
  // Where a service's own fields are written: its declaration or, for a fork,
  // the `fork` block in its feature.
  const ast::Decl* WrittenIn(const model::Model& model, const model::Service& service) const;

 private:
  std::map<std::pair<FileId, uint32_t>, const ast::Decl*> decls_;
};

// The first member `key` of a body, or null.
const ast::Member* FindMember(const ast::Body& body, std::string_view key);
// Every member `key` of a body (a repeatable block such as `route`).
std::vector<const ast::Member*> FindMembers(const ast::Body& body, std::string_view key);
// The body of a block or map member (`env { … }`, `env = { … }`), or null.
const ast::Body* BodyOf(const ast::Member* member);

}  // namespace dsc::lint
