// The order in which entities are evaluated. Evaluation pulls in what a
// reference names on demand, which recurses once per link of a reference chain;
// evaluating in dependency order first keeps that recursion shallow however
// long the chain (a 20,000-service chain would otherwise overflow the stack).
#include "compiler/sema/analyzer.h"

namespace dsc::sema {

void Analyzer::CollectReferences(const ast::Body& body, const Scope& scope,
                                 std::vector<int>* out) const {
  for (const ast::Member& member : body.members) {
    if (member.value) CollectReferences(*member.value, scope, out);
  }
}

void Analyzer::CollectReferences(const ast::Expr& expr, const Scope& scope,
                                 std::vector<int>* out) const {
  switch (expr.kind) {
    case ast::ExprKind::kRef:
      if (int id = LookupEntity(expr.name, scope).entity; id >= 0) out->push_back(id);
      break;
    case ast::ExprKind::kString:
      for (const ast::StringPart& part : expr.parts) {
        if (!part.is_ref) continue;
        if (int id = LookupEntity(part.ref, scope).entity; id >= 0) out->push_back(id);
      }
      break;
    case ast::ExprKind::kList:
    case ast::ExprKind::kCall:
      for (const auto& item : expr.items) CollectReferences(*item, scope, out);
      break;
    case ast::ExprKind::kMap:
    case ast::ExprKind::kInstance:
      CollectReferences(*expr.body, scope, out);
      break;
    default:
      break;
  }
}

std::vector<int> Analyzer::EvaluationOrder() const {
  size_t n = entities_.size();
  std::vector<std::vector<int>> deps(n);
  for (size_t id = 0; id < n; ++id) {
    const Entity& entity = entities_[id];
    Scope scope = ScopeFor(static_cast<int>(id));
    CollectReferences(entity.decl->body, scope, &deps[id]);
    if (entity.fork)
      CollectReferences(entity.fork->body, ForkScope(static_cast<int>(id)), &deps[id]);
  }
  // Iterative depth-first post-order: dependencies before dependents.
  std::vector<int> order;
  std::vector<char> state(n, 0);  // 0 new, 1 on the path, 2 done
  for (size_t root = 0; root < n; ++root) {
    if (state[root]) continue;
    std::vector<std::pair<int, size_t>> stack = {{static_cast<int>(root), 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < deps[v].size()) {
        int w = deps[v][next++];
        if (state[w] == 0) {
          state[w] = 1;
          stack.push_back({w, 0});
        }
        continue;
      }
      state[v] = 2;
      order.push_back(v);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace dsc::sema
