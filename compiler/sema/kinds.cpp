// User-defined kinds: their declarations (typed params, exports, templates)
// and their instances (`infra x: aws.sqs { … }`, `reload.go { … }`).
#include "compiler/sema/analyzer.h"

namespace dsc::sema {
namespace {

TypePtr ResolveType(const ast::TypeExpr& expr, DiagnosticSink& diags) {
  const std::string& name = expr.name.text;
  if (name == "list" || name == "map") {
    if (!expr.arg) {
      diags.Report(DiagKind::kUnknownType, expr.span, name)
          .Help(fmt::format("say what it holds: `{}<string>`", name));
      return nullptr;
    }
    TypePtr elem = ResolveType(*expr.arg, diags);
    if (!elem) return nullptr;
    return name == "list" ? Type::ListOf(elem) : Type::MapOf(elem);
  }
  TypePtr type = TypeFromName(name);
  if (!type || expr.arg) {
    diags.Report(DiagKind::kUnknownType, expr.span, expr.ToString())
        .Help(
            "types are `string`, `int`, `bool`, `duration`, `quantity`, `secret`, `list<T>` "
            "and `map<T>`");
    return nullptr;
  }
  return type;
}

}  // namespace

void Analyzer::CollectKinds() {
  for (size_t m = 0; m < modules_.modules.size(); ++m) {
    for (const auto& decl : modules_.modules[m].file.decls) {
      if (decl->kind != ast::DeclKind::kKind) continue;
      KindInfo kind;
      kind.decl = decl.get();
      kind.module = static_cast<int>(m);
      kind.qualified_name = decl->name.text;
      kind.category = decl->category.text;
      if (kind.category != "infra" && kind.category != "reload") {
        diags_->Report(DiagKind::kUnknownKindCategory, decl->category.span, kind.category)
            .Help("a kind is either `infra` or `reload`");
        kind.valid = false;
      }
      // Parameters and exports are separate namespaces: `param region` may feed
      // `export region`, as only parameters are visible inside the kind.
      std::map<std::string, Span> seen_params, seen_exports;
      for (const ast::Member& member : decl->body.members) {
        if (member.kind == ast::MemberKind::kParam || member.kind == ast::MemberKind::kExport) {
          auto& seen = member.kind == ast::MemberKind::kParam ? seen_params : seen_exports;
          auto [it, fresh] = seen.emplace(member.key.text, member.key.span);
          if (!fresh) {
            diags_->Report(DiagKind::kDuplicateField, member.key.span, member.key.text)
                .Secondary(it->second, "first declared here");
            continue;
          }
          TypePtr type = ResolveType(*member.type, *diags_);
          if (!type) {
            kind.valid = false;
            continue;
          }
          auto& list = member.kind == ast::MemberKind::kParam ? kind.params : kind.exports;
          list.push_back({member.key.text, type, &member});
          continue;
        }
        bool is_template = (member.key.text == "provision" || member.key.text == "workload") &&
                           member.kind == ast::MemberKind::kBlock && kind.category == "infra";
        if (!is_template) {
          diags_
              ->Report(DiagKind::kUnknownField, member.key.span, member.key.text,
                       fmt::format("kind `{}`", decl->name.text))
              .Help(kind.category == "infra"
                        ? "an infra kind holds `param`, `export`, `provision { … }` and "
                          "`workload { … }`"
                        : "a reload kind holds `param` and `export`");
          continue;
        }
        kind.templates.push_back(&member);
      }
      if (kind.category == "reload") {
        bool has_command = false;
        for (const KindParam& e : kind.exports) {
          has_command |= e.name == "command" && e.type->kind == TypeKind::kList &&
                         e.type->elem->kind == TypeKind::kString;
        }
        if (!has_command) {
          diags_->Report(DiagKind::kMissingReloadCommand, decl->name.span, decl->name.text)
              .Help("add `export command: list<string> = [\"…\"]`");
          kind.valid = false;
        }
      }
      kinds_by_module_[m][decl->name.text] = static_cast<int>(kinds_.size());
      kinds_.push_back(std::move(kind));
    }
  }
}

const KindInfo* Analyzer::LookupKind(const ast::QualifiedName& name, int module, Span span) {
  const std::map<std::string, int>* table = &kinds_by_module_[module];
  std::string leaf = name.parts.back().text;
  std::vector<std::string> candidates;
  for (const auto& [kind, index] : kinds_by_module_[module]) candidates.push_back(kind);
  bool found_table = name.parts.size() == 1;
  for (ImportRef& import : modules_.modules[module].imports) {
    if (import.module < 0) continue;
    for (const auto& [kind, index] : kinds_by_module_[import.module]) {
      candidates.push_back(import.decl->name.text + "." + kind);
    }
    if (name.parts.size() == 2 && import.decl->name.text == name.parts[0].text) {
      import.used = true;
      table = &kinds_by_module_[import.module];
      found_table = true;
    }
  }
  if (found_table && name.parts.size() <= 2) {
    auto it = table->find(leaf);
    if (it != table->end()) {
      KindInfo& kind = kinds_[it->second];
      kind.used = true;
      return kind.valid ? &kind : nullptr;
    }
  }
  if (name.parts.size() == 2 && !found_table) {
    // An import that failed has been reported already.
    for (const ImportRef& import : modules_.modules[module].imports) {
      if (import.decl->name.text == name.parts[0].text) return nullptr;
    }
  }
  auto& d = diags_->Report(DiagKind::kUnknownKind, span, name.ToString());
  ReportDidYouMean(d, name.ToString(), candidates);
  if (d.help.empty() && name.parts.size() == 1) {
    d.Help(
        "kinds from the standard library are qualified, e.g. `aws.sqs` after `import \"std/aws\"`");
  }
  return nullptr;
}

std::optional<KindInstance> Analyzer::Instantiate(const KindInfo& kind, const std::string& written,
                                                  const ast::Body* args, const Scope& caller,
                                                  const std::string& self_name,
                                                  const std::string& self_namespace, Span at,
                                                  const ast::Body* overrides,
                                                  const Scope* overrides_scope) {
  KindInstance instance;
  instance.kind_name = written;
  // Each parameter's argument, and the scope it is evaluated in: a fork's arguments
  // replace the baseline's one by one.
  std::map<std::string, std::pair<const ast::Member*, const Scope*>> given;
  for (const ast::Body* body : {args, overrides}) {
    if (!body) continue;
    const Scope* body_scope = body == overrides ? overrides_scope : &caller;
    std::map<std::string, const ast::Member*> in_body;
    for (const ast::Member& member : body->members) {
      if (member.kind == ast::MemberKind::kDecl) {
        diags_->Report(DiagKind::kBlockNotAllowed, member.key.span,
                       DeclKindKeyword(member.decl->kind), "features");
        continue;
      }
      bool known = false;
      for (const KindParam& p : kind.params) known |= p.name == member.key.text;
      if (!known) {
        auto& d =
            diags_->Report(DiagKind::kUnknownParameter, member.key.span, written, member.key.text);
        std::vector<std::string> names;
        for (const KindParam& p : kind.params) names.push_back(p.name);
        ReportDidYouMean(d, member.key.text, names);
        if (d.help.empty()) {
          d.Help(names.empty() ? fmt::format("`{}` takes no parameters", written)
                               : fmt::format("`{}` takes: {}", written, fmt::join(names, ", ")));
        }
        continue;
      }
      if (auto first = in_body.find(member.key.text); first != in_body.end()) {
        diags_->Report(DiagKind::kDuplicateField, member.key.span, member.key.text)
            .Secondary(first->second->key.span, "first set here");
        continue;
      }
      in_body[member.key.text] = &member;
      given[member.key.text] = {&member, body_scope};
    }
  }
  // Kind bodies see the parameters evaluated so far, `self` and their own
  // module's `fleet`; no entity, of the caller's module or their own (see EvalRef).
  Scope inner = ModuleScope(kind.module);
  inner.params = &instance.params;
  inner.self_name = &self_name;
  inner.self_namespace = &self_namespace;
  inner.current = caller.current;
  bool ok = true;
  for (const KindParam& param : kind.params) {
    Value value;
    if (auto it = given.find(param.name); it != given.end()) {
      Scope arg_scope = *it->second.second;
      arg_scope.field = param.name;
      value = Eval(*it->second.first->value, *param.type, arg_scope);
    } else if (param.member->value) {
      value = Eval(*param.member->value, *param.type, inner);
    } else {
      diags_->Report(DiagKind::kMissingArgument, at, written, param.name)
          .Help(fmt::format("add `{} = …` ({})", param.name, Describe(*param.type)));
      value = ErrorValue(at);
    }
    ok &= value.ok();
    instance.params[param.name] = std::move(value);
  }
  instance.exports.kind = ValueKind::kMap;
  for (const KindParam& e : kind.exports) {
    instance.exports.entries.push_back(
        {e.name, e.member->key.span, Eval(*e.member->value, *e.type, inner)});
  }
  for (const ast::Member* t : kind.templates) {
    const RecordSchema& schema =
        t->key.text == "provision" ? schemas_.provision : schemas_.workload;
    Value fields = EvalRecord(*t->value->body, schema, inner, true, t->span);
    (t->key.text == "provision" ? instance.provision : instance.workload) = std::move(fields);
  }
  // With a bad argument the exports hold error values, which silence every
  // use of them downstream instead of cascading.
  (void)ok;
  return instance;
}

}  // namespace dsc::sema
