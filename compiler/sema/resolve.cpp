// References: `param`, `self.name`, `fleet.domain`, `db.url`, `team.svc.url`.
// A reference to an entity is also a dependency of the entity being evaluated.
#include "compiler/sema/analyzer.h"

namespace dsc::sema {
namespace {

std::vector<ast::Name> Rest(const std::vector<ast::Name>& parts, size_t from) {
  return std::vector<ast::Name>(parts.begin() + static_cast<long>(from), parts.end());
}

}  // namespace

int Analyzer::ForkOrSelf(int entity, const Scope& scope) const {
  if (scope.feature < 0) return entity;
  const auto& forks = features_[scope.feature].forks;
  auto it = forks.find(entities_[entity].name);
  if (it != forks.end() && entities_[it->second].base == entity) return it->second;
  return entity;
}

EntityLookup Analyzer::LookupEntity(const ast::QualifiedName& name, const Scope& scope) const {
  const std::string& head = name.parts[0].text;
  if (scope.feature >= 0) {
    const auto& own = features_[scope.feature].infra;
    if (auto it = own.find(head); it != own.end()) return {it->second, -1, 1};
  }
  const auto& local = entities_by_module_[scope.module];
  if (auto it = local.find(head); it != local.end()) return {ForkOrSelf(it->second, scope), -1, 1};
  const auto& imports = modules_.modules[scope.module].imports;
  for (size_t i = 0; i < imports.size(); ++i) {
    if (imports[i].decl->name.text != head) continue;
    EntityLookup found{-1, static_cast<int>(i), 2};
    if (imports[i].module >= 0 && name.parts.size() >= 2) {
      if (int id = EntityOfImport(imports[i].module, name.parts[1].text); id >= 0)
        found.entity = ForkOrSelf(id, scope);
    }
    return found;
  }
  return {};
}

void Analyzer::ReportKindUse(const KindInfo& kind, const std::string& written, Span span) {
  auto& d = diags_->Report(DiagKind::kNotAnEntity, span, written, "a kind");
  if (kind.category == "reload") {
    d.Help(
        fmt::format("a reload kind is used as `dev {{ reload = {} {{ … }} }}`, with braces "
                    "even without arguments",
                    written));
  } else {
    d.Help(fmt::format("instantiate it: `infra NAME: {} {{ … }}`", written));
  }
}

Value Analyzer::EvalRef(const ast::QualifiedName& name, const Type& type, const Scope& scope) {
  const auto& parts = name.parts;
  const std::string& head = parts[0].text;
  if (scope.params) {
    auto param = scope.params->find(head);
    if (param != scope.params->end()) {
      if (parts.size() > 1) {
        diags_->Report(DiagKind::kUnknownExport, parts[1].span, head, parts[1].text)
            .Note(fmt::format("`{}` is a parameter, not an entity", head));
        return ErrorValue(name.span);
      }
      Value v = param->second;
      v.span = name.span;
      return CheckAssignable(std::move(v), type, name.span);
    }
    if (head == "self") {
      if (parts.size() == 2 && parts[1].text == "name") {
        return CheckAssignable(StringValue(*scope.self_name, name.span), type, name.span);
      }
      if (parts.size() == 2 && parts[1].text == "namespace" && scope.self_namespace) {
        return CheckAssignable(StringValue(*scope.self_namespace, name.span), type, name.span);
      }
      Span at = parts.size() > 1 ? parts[1].span : name.span;
      diags_->Report(DiagKind::kUnknownExport, at, "self", parts.size() > 1 ? parts[1].text : "")
          .Help("`self` has two fields: `self.name` and `self.namespace`");
      return ErrorValue(name.span);
    }
  }
  if (head == "fleet") {
    if (parts.size() == 1) {
      if (type.kind == TypeKind::kEntityRef) {
        diags_->Report(DiagKind::kNotAnEntity, name.span, "fleet", "the fleet header")
            .Help("`depends_on` lists services and infra");
      } else {
        diags_->Report(DiagKind::kIncompleteReference, name.span, "fleet", "the fleet header",
                       "fleet", "domain");
      }
      return ErrorValue(name.span);
    }
    const auto& view = module_fleets_[scope.module];
    auto field = view.find(parts[1].text);
    if (field != view.end() && parts.size() > 2) {
      // `fleet.name.x`: the field is found; it is a string, with nothing inside.
      diags_
          ->Report(DiagKind::kUnknownExport, parts[2].span, "fleet." + parts[1].text, parts[2].text)
          .Note(fmt::format("`fleet.{}` is a string", parts[1].text))
          .Help(fmt::format("use `fleet.{}` itself", parts[1].text));
      return ErrorValue(name.span);
    }
    if (field == view.end()) {
      Span at = parts[1].span;
      auto& d = diags_->Report(DiagKind::kUnknownExport, at, "fleet", parts[1].text);
      std::vector<std::string> names;
      for (const auto& [key, value] : view) names.push_back(key);
      ReportDidYouMean(d, parts[1].text, names);
      if (d.help.empty()) d.Help(fmt::format("`fleet` has: {}", fmt::join(names, ", ")));
      return ErrorValue(name.span);
    }
    Value v = field->second;
    v.span = name.span;
    return CheckAssignable(std::move(v), type, name.span);
  }
  if (scope.params) {
    // A kind body sees only its parameters, `self` and `fleet`: what it needs from
    // the fleet comes in as an argument, so a kind means the same wherever it is used.
    auto& d = diags_->Report(DiagKind::kUnknownName, parts[0].span, head);
    bool names_entity = entities_by_module_[scope.module].count(head) > 0;
    for (const ImportRef& import : modules_.modules[scope.module].imports) {
      names_entity |= import.decl->name.text == head;
    }
    if (!names_entity) ReportDidYouMean(d, head, NamesInScope(scope));
    if (d.help.empty()) {
      d.Help(
          "kind bodies only see their parameters, `self` and `fleet`; pass the value as a "
          "parameter instead");
    }
    return ErrorValue(name.span);
  }
  EntityLookup found = LookupEntity(name, scope);
  if (found.import < 0 && found.entity >= 0) {
    if (auto v =
            LookupEntityValue(found.entity, Rest(parts, found.parts_used), type, scope, name.span))
      return *v;
    return ErrorValue(name.span);
  }
  if (found.import >= 0) {
    ImportRef& import = modules_.modules[scope.module].imports[found.import];
    import.used = true;
    if (import.module < 0) return ErrorValue(name.span);
    if (parts.size() == 1) {
      if (type.kind == TypeKind::kEntityRef) {
        diags_->Report(DiagKind::kNotAnEntity, name.span, head, "an imported file")
            .Help(fmt::format("name a service or infra of it, e.g. `{}.NAME`", head));
      } else {
        diags_->Report(DiagKind::kIncompleteReference, name.span, head, "an imported file", head,
                       "NAME");
      }
      return ErrorValue(name.span);
    }
    if (found.entity < 0) {
      auto kind = kinds_by_module_[import.module].find(parts[1].text);
      if (kind != kinds_by_module_[import.module].end()) {
        ReportKindUse(kinds_[kind->second], head + "." + parts[1].text, name.span);
        return ErrorValue(name.span);
      }
      auto& d = diags_->Report(DiagKind::kUnknownName, parts[1].span, head + "." + parts[1].text)
                    .Note(fmt::format("`{}` is `{}`", head, modules_.modules[import.module].path));
      std::vector<std::string> names;
      AppendEntityNames(import.module, names);
      for (int member : fleet_members_[import.module]) AppendEntityNames(member, names);
      ReportDidYouMean(d, parts[1].text, names);
      return ErrorValue(name.span);
    }
    if (auto v =
            LookupEntityValue(found.entity, Rest(parts, found.parts_used), type, scope, name.span))
      return *v;
    return ErrorValue(name.span);
  }
  if (auto kind = kinds_by_module_[scope.module].find(head);
      kind != kinds_by_module_[scope.module].end()) {
    ReportKindUse(kinds_[kind->second], head, name.span);
    return ErrorValue(name.span);
  }
  auto& d = diags_->Report(DiagKind::kUnknownName, parts[0].span, head);
  if (head == "self") {
    d.Note("`self` exists only inside a kind, where it is the instance being made");
    d.Help("write the service's own name, or what you need from it, directly");
    return ErrorValue(name.span);
  }
  ReportDidYouMean(d, head, NamesInScope(scope));
  return ErrorValue(name.span);
}

std::optional<Value> Analyzer::LookupEntityValue(int id, const std::vector<ast::Name>& rest,
                                                 const Type& type, const Scope& scope, Span span) {
  Entity& entity = entities_[id];
  entity.referenced = true;
  if (scope.current >= 0) {
    model_.edges.push_back({scope.current, id, span, type.kind == TypeKind::kEntityRef});
  }
  if (rest.empty()) {
    if (type.kind == TypeKind::kEntityRef) {
      Value v;
      v.kind = ValueKind::kEntity;
      v.number = id;
      v.span = span;
      return v;
    }
    // Suggest `url` when the entity has one, else its first export.
    EnsureEvaluated(id);
    const Value& exports = ExportsOf(id);
    std::string example = "url";
    if (!exports.Get("url") && !exports.entries.empty()) {
      example = exports.entries.front().key;
    }
    auto& d = diags_->Report(DiagKind::kIncompleteReference, span, entity.name,
                             entity.kind == EntityKind::kService ? "a service" : "an infra",
                             entity.name, example);
    std::vector<std::string> names;
    for (const MapEntry& e : exports.entries) names.push_back(e.key);
    if (!names.empty())
      d.Note(fmt::format("`{}` exports: {}", entity.name, fmt::join(names, ", ")));
    return std::nullopt;
  }
  EnsureEvaluated(id);
  // Still in progress: a cycle, which compiler/graph reports with the whole path.
  if (entity.state != EvalState::kDone || entity.poisoned) return std::nullopt;
  const Value& exports = ExportsOf(id);
  const Value* value = exports.Get(rest[0].text);
  if (!value || rest.size() > 1) {
    const ast::Name& wrong = value ? rest[1] : rest[0];
    auto& d = diags_->Report(DiagKind::kUnknownExport, wrong.span,
                             value ? rest[0].text : entity.name, wrong.text);
    if (!value) {
      std::vector<std::string> names;
      for (const MapEntry& e : exports.entries) names.push_back(e.key);
      ReportDidYouMean(d, wrong.text, names);
      if (d.help.empty() && !names.empty()) {
        d.Help(fmt::format("`{}` exports: {}", entity.name, fmt::join(names, ", ")));
      }
      if (entity.kind == EntityKind::kService && (wrong.text == "url" || wrong.text == "port") &&
          !exports.Get("port")) {
        d.Note(
            fmt::format("a service exports `port` and `url` when it declares `ports`; `{}` "
                        "declares none",
                        entity.name));
      }
    }
    return std::nullopt;
  }
  if (!value->ok()) return std::nullopt;
  Value v = *value;
  v.span = span;
  v.origin_entity = id;
  v.origin_export = rest[0].text;
  return CheckAssignable(std::move(v), type, span);
}

}  // namespace dsc::sema
