// The order of work: symbols, fleet, kinds, features, then every entity is
// evaluated on demand (references pull in what they name), then the checks
// that need the whole fleet.
#include "compiler/sema/analyzer.h"

#include <algorithm>
#include <deque>
#include <set>
#include <string_view>
#include <unordered_map>

#include "compiler/sema/analyze.h"
#include "compiler/sema/names.h"

namespace dsc::sema {

Analyzer::Analyzer(ModuleSet& modules, DiagnosticSink& diags, const InputLimits& limits,
                   AnalyzeAs as)
    : modules_(modules), diags_(&diags), limits_(limits), as_(as), entry_(modules.modules[0]) {
  size_t count = modules_.modules.size();
  entities_by_module_.resize(count);
  kinds_by_module_.resize(count);
  module_fleets_.resize(count);
  is_member_ = MemberModules(modules_);
  // Another team's fleet file deploys what it imports through files without a header:
  // the first fleet file that reaches a file owns it.
  fleet_members_.resize(count);
  std::vector<bool> owned = is_member_;
  for (size_t f = 1; f < count; ++f) {
    if (!modules_.modules[f].fleet || is_member_[f]) continue;
    std::deque<size_t> queue = {f};
    while (!queue.empty()) {
      size_t m = queue.front();
      queue.pop_front();
      for (const ImportRef& import : modules_.modules[m].imports) {
        if (import.module < 0) continue;
        size_t target = static_cast<size_t>(import.module);
        const Module& t = modules_.modules[target];
        if (owned[target] || t.is_std || t.fleet) continue;
        owned[target] = true;
        fleet_members_[f].push_back(static_cast<int>(target));
        queue.push_back(target);
      }
    }
  }
}

int Analyzer::EntityOfImport(int module, const std::string& name) const {
  const auto& own = entities_by_module_[module];
  if (auto it = own.find(name); it != own.end()) return it->second;
  for (int member : fleet_members_[module]) {
    const auto& theirs = entities_by_module_[member];
    if (auto it = theirs.find(name); it != theirs.end()) return it->second;
  }
  return -1;
}

model::Model Analyzer::Run() {
  DeclareSymbols();
  CheckFleet();
  CollectKinds();
  DeclareFeatures();
  AssignModelSlots();
  for (int id : EvaluationOrder()) EnsureEvaluated(id);
  CheckFeatures();
  CheckKubernetesNames();
  CheckRouteConflicts();
  CheckPreviewHostConflicts();
  FindTraefikCalls();
  CheckNameCollisions();
  CheckUnused();
  for (const Entity& entity : entities_) {
    model::Node node;
    node.kind = entity.kind == EntityKind::kService ? model::Node::Kind::kService
                                                    : model::Node::Kind::kInfra;
    node.index = entity.model_index;
    node.display_name = entity.kind == EntityKind::kService
                            ? model_.services[entity.model_index].k8s_name
                            : model_.infra[entity.model_index].k8s_name;
    model_.nodes.push_back(std::move(node));
  }
  return std::move(model_);
}

// Every entity's place in the model is fixed before anything is evaluated: the
// model lists services and infra in the order they were declared (what people
// expect to read), and an index taken while evaluating (an env value's infra)
// stays true. Evaluation follows dependencies, so filling the model as entities
// finish would order it by evaluation, and renumbering it afterwards would leave
// the indexes already taken pointing at other entities.
void Analyzer::AssignModelSlots() {
  int services = 0, infra = 0;
  for (Entity& entity : entities_) {
    entity.model_index = entity.kind == EntityKind::kService ? services++ : infra++;
  }
  model_.services.resize(static_cast<size_t>(services));
  model_.infra.resize(static_cast<size_t>(infra));
}

int Analyzer::AddEntity(Entity entity) {
  entities_.push_back(std::move(entity));
  return static_cast<int>(entities_.size()) - 1;
}

void Analyzer::DeclareSymbols() {
  size_t decls = 0;
  for (const Module& module : modules_.modules) decls += module.file.decls.size();
  entities_.reserve(decls);
  // Entity names of all member files share one Kubernetes namespace. (Keyed by views of
  // the names in the syntax trees, which outlive the analysis.)
  std::unordered_map<std::string_view, const ast::Decl*> fleet_wide;
  fleet_wide.reserve(decls);
  for (size_t m = 0; m < modules_.modules.size(); ++m) {
    Module& module = modules_.modules[m];
    std::unordered_map<std::string_view, Span> declared;
    declared.reserve(module.file.decls.size() + module.imports.size());
    entities_by_module_[m].reserve(module.file.decls.size());
    // Names declared twice across member files (reported): in this file the name keeps
    // meaning the first declaration, so its uses here raise nothing more.
    std::vector<std::pair<std::string, const ast::Decl*>> redeclared;
    std::set<std::string> aliases;
    // Reports a name declared twice. Returns false when the declaration must be
    // dropped; an entity that only clashes with an import alias is kept, so its
    // uses resolve and the one clash is the only error.
    auto declare = [&](const ast::Name& name) {
      auto [it, fresh] = declared.emplace(name.text, name.span);
      if (!fresh) {
        diags_->Report(DiagKind::kDuplicateName, name.span, name.text)
            .Label("declared again here")
            .Secondary(it->second, fmt::format("`{}` first declared here", name.text));
      }
      return fresh || aliases.count(name.text) > 0;
    };
    for (const ImportRef& import : module.imports) {
      // An import that failed (reported) declares nothing to collide with.
      if (import.module < 0) continue;
      declare(import.decl->name);
      aliases.insert(import.decl->name.text);
    }
    for (const auto& decl : module.file.decls) {
      switch (decl->kind) {
        case ast::DeclKind::kService:
        case ast::DeclKind::kInfra: {
          if (!declare(decl->name)) break;
          if (is_member_[m]) {
            auto [it, fresh] = fleet_wide.emplace(decl->name.text, decl.get());
            if (!fresh) {
              diags_->Report(DiagKind::kDuplicateName, decl->name.span, decl->name.text)
                  .Label("declared again here")
                  .Secondary(it->second->name.span, "first declared here")
                  .Note(
                      "services and infra of one fleet share a Kubernetes namespace, so their "
                      "names must be unique across files");
              redeclared.emplace_back(decl->name.text, it->second);
              break;
            }
          }
          Entity entity;
          entity.kind =
              decl->kind == ast::DeclKind::kService ? EntityKind::kService : EntityKind::kInfra;
          entity.name = decl->name.text;
          entity.decl = decl.get();
          entity.module = static_cast<int>(m);
          entity.external = !is_member_[m];
          entities_by_module_[m].emplace(decl->name.text, AddEntity(std::move(entity)));
          break;
        }
        case ast::DeclKind::kKind:
        case ast::DeclKind::kFeature:
          declare(decl->name);
          break;
        default:
          break;
      }
    }
    for (const auto& [name, first] : redeclared) {
      for (size_t id = 0; id < entities_.size(); ++id) {
        if (entities_[id].decl == first) entities_by_module_[m].emplace(name, static_cast<int>(id));
      }
    }
  }
}

void Analyzer::DeclareFeatures() {
  for (size_t m = 0; m < modules_.modules.size(); ++m) {
    if (!is_member_[m]) continue;
    for (const auto& decl : modules_.modules[m].file.decls) {
      if (decl->kind != ast::DeclKind::kFeature) continue;
      int feature_index = static_cast<int>(features_.size());
      FeatureInfo info;
      info.decl = decl.get();
      info.module = static_cast<int>(m);
      features_.push_back(info);
      model::Feature feature;
      feature.name = decl->name.text;
      feature.span = decl->span;
      Scope scope = ModuleScope(static_cast<int>(m));
      scope.feature = feature_index;
      Value fields = EvalRecord(decl->body, schemas_.feature, scope, false, decl->span);
      const Value* label = fields.Get("label");
      feature.label = label && label->ok() ? label->text : decl->name.text;
      features_.back().label = feature.label;
      const Value* ttl = fields.Get("ttl");
      feature.ttl_ms = ttl && ttl->ok() ? ttl->number : model_.fleet.ttl_ms;
      CheckTtl(ttl, "feature TTL");
      const Value* ns = fields.Get("namespace");
      feature.namespace_ = ns && ns->ok() ? ns->text : model_.fleet.namespace_;
      if (ns && ns->ok()) CheckK8sName(ns->text, ns->span, "namespace", false);
      if (const Value* clones = fields.Get("clone_secrets"); clones && clones->ok()) {
        for (const Value& item : clones->items) {
          if (!item.ok()) continue;
          std::string problem = SubdomainProblem(item.text);
          if (problem.empty()) problem = SubdomainProblem(item.text + "-" + feature.label);
          if (!problem.empty()) {
            diags_->Report(DiagKind::kInvalidSecretRef, item.span, item.text, "name", problem)
                .Note(
                    fmt::format("the feature's clone is named `{}-{}`", item.text, feature.label));
            continue;
          }
          if (features_.back().clones.emplace(item.text, item.span).second)
            feature.cloned_secrets.push_back(item.text);
        }
      }
      if (label && label->ok())
        CheckK8sName(label->text, label->span, "feature label", false);
      else
        CheckK8sName(decl->name.text, decl->name.span, "feature label", false);
      model_.features.push_back(std::move(feature));

      for (const ast::Member& member : decl->body.members) {
        if (member.kind != ast::MemberKind::kDecl) continue;
        const ast::Decl& inner = *member.decl;
        Entity entity;
        entity.module = static_cast<int>(m);
        entity.feature = feature_index;
        entity.name = inner.name.text;
        if (inner.kind == ast::DeclKind::kInfra) {
          entity.kind = EntityKind::kInfra;
          entity.decl = &inner;
          if (features_[feature_index].infra.count(inner.name.text)) {
            diags_->Report(DiagKind::kDuplicateName, inner.name.span, inner.name.text);
            continue;
          }
          features_[feature_index].infra[inner.name.text] = AddEntity(std::move(entity));
          continue;
        }
        // A fork: find the baseline service, or infra, among the fleet's members.
        int base = -1;
        std::vector<std::string> candidates;
        for (size_t id = 0; id < entities_.size(); ++id) {
          const Entity& e = entities_[id];
          if (e.external || e.feature >= 0 || e.base >= 0) continue;
          candidates.push_back(e.name);
          if (e.name == inner.name.text && (base < 0 || e.kind == EntityKind::kService))
            base = static_cast<int>(id);
        }
        if (base < 0) {
          auto& d = diags_->Report(DiagKind::kUnknownForkTarget, inner.name.span, decl->name.text,
                                   inner.name.text);
          for (const Entity& e : entities_) {
            if (e.external && e.kind == EntityKind::kService && e.name == inner.name.text) {
              const Module& theirs = modules_.modules[e.module];
              d.Note(
                  fmt::format("`{}` belongs to another fleet (`{}`); a feature forks only its "
                              "own fleet's services",
                              e.name, theirs.path));
              break;
            }
          }
          if (d.notes.empty()) ReportDidYouMean(d, inner.name.text, candidates);
          continue;
        }
        if (entities_[base].kind == EntityKind::kInfra) {
          DeclareInfraFork(feature_index, base, inner, static_cast<int>(m));
          continue;
        }
        auto& forks = features_[feature_index].forks;
        if (auto first = forks.find(inner.name.text); first != forks.end()) {
          diags_
              ->Report(DiagKind::kDuplicateFork, inner.name.span, inner.name.text, decl->name.text)
              .Secondary(entities_[first->second].fork->name.span, "first forked here")
              .Help("merge the two `fork` blocks into one");
          continue;
        }
        entity.decl = entities_[base].decl;
        entity.fork = &inner;
        entity.base = base;
        entity.module = entities_[base].module;
        entity.fork_module = static_cast<int>(m);
        entities_[base].referenced = true;
        forks[inner.name.text] = AddEntity(std::move(entity));
      }
    }
  }
}

void Analyzer::DeclareInfraFork(int feature, int base, const ast::Decl& fork, int module) {
  // The feature's own instance of a baseline infra: an infra of the feature, named
  // like the baseline (so the feature's forks reference it by that name), whose
  // arguments are the baseline's merged with the fork's (EvaluateInfra).
  FeatureInfo& info = features_[feature];
  if (auto first = info.infra.find(fork.name.text); first != info.infra.end()) {
    const Entity& earlier = entities_[first->second];
    if (earlier.fork) {
      diags_->Report(DiagKind::kDuplicateFork, fork.name.span, fork.name.text, info.decl->name.text)
          .Secondary(earlier.fork->name.span, "first forked here")
          .Help("merge the two `fork` blocks into one");
    } else {
      diags_->Report(DiagKind::kDuplicateName, fork.name.span, fork.name.text)
          .Secondary(earlier.decl->name.span, "declared in the feature here")
          .Help("keep one: `fork` starts from the baseline's arguments, `infra` from none");
    }
    return;
  }
  Entity entity;
  entity.kind = EntityKind::kInfra;
  entity.name = fork.name.text;
  entity.decl = entities_[base].decl;
  entity.fork = &fork;
  entity.base = base;
  entity.feature = feature;
  entity.module = entities_[base].module;
  entity.fork_module = module;
  entities_[base].referenced = true;
  info.infra[fork.name.text] = AddEntity(std::move(entity));
}

void Analyzer::AppendEntityNames(int module, std::vector<std::string>& names) const {
  size_t first = names.size();
  for (const auto& [name, id] : entities_by_module_[module]) names.push_back(name);
  std::sort(names.begin() + static_cast<long>(first), names.end());
}

std::vector<std::string> Analyzer::NamesInScope(const Scope& scope) const {
  std::vector<std::string> names = {"fleet"};
  if (scope.params) {
    names.push_back("self");
    for (const auto& [name, value] : *scope.params) names.push_back(name);
    return names;  // a kind body sees nothing else
  }
  AppendEntityNames(scope.module, names);
  for (const ImportRef& import : modules_.modules[scope.module].imports) {
    names.push_back(import.decl->name.text);
  }
  if (scope.feature >= 0) {
    for (const auto& [name, id] : features_[scope.feature].infra) names.push_back(name);
  }
  return names;
}

void Analyzer::ReportDidYouMean(Diagnostic& d, std::string_view wrong,
                                const std::vector<std::string>& candidates) {
  // Accept up to a third of the name's length in edits; ties go to the first in order.
  const std::string* best = nullptr;
  size_t best_distance = std::max<size_t>(1, wrong.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = EditDistance(wrong, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = &candidate;
    }
  }
  // No close spelling: try a name that ends with the wrong one as its last
  // component (`postgres` -> `db.postgres`) or extends it (`orders` -> `orders-db`).
  for (const std::string& candidate : candidates) {
    if (best) break;
    std::string_view c = candidate;
    bool affix =
        c.size() > wrong.size() &&
        ((c.substr(c.size() - wrong.size()) == wrong &&
          (c[c.size() - wrong.size() - 1] == '.' || c[c.size() - wrong.size() - 1] == '-')) ||
         (c.substr(0, wrong.size()) == wrong && c[wrong.size()] == '-'));
    if (affix) best = &candidate;
  }
  if (best) d.Help(fmt::format("did you mean `{}`?", *best));
}

// Unused imports, kinds and infra. Skipped after an error: the only use of a
// name is often inside the declaration that failed, and a warning to delete it
// would be wrong.
void Analyzer::CheckUnused() {
  if (diags_->has_errors()) return;
  for (size_t m = 0; m < modules_.modules.size(); ++m) {
    const Module& module = modules_.modules[m];
    if (!is_member_[m]) continue;
    for (const ImportRef& import : module.imports) {
      // A member file is deployed with the fleet whether or not it is referenced.
      if (import.module >= 0 && is_member_[import.module]) continue;
      if (!import.used && import.module >= 0) {
        diags_->Report(DiagKind::kUnusedImport, import.decl->span, import.decl->name.text)
            .Help("remove the import");
      }
    }
  }
  // A module checked on its own declares its kinds and infra for the fleets that import it.
  if (as_ == AnalyzeAs::kModule) return;
  for (const KindInfo& kind : kinds_) {
    if (!kind.used && !modules_.modules[kind.module].is_std && is_member_[kind.module]) {
      diags_->Report(DiagKind::kUnusedKind, kind.decl->name.span, kind.decl->name.text);
    }
  }
  for (const Entity& entity : entities_) {
    if (entity.kind == EntityKind::kInfra && !entity.referenced && !entity.external &&
        !entity.poisoned) {
      diags_->Report(DiagKind::kUnusedInfra, entity.decl->name.span, entity.name)
          .Help(
              "reference one of its exports from a service (or list it in `depends_on`), "
              "or remove it");
    }
  }
}

model::Model Analyze(ModuleSet& modules, DiagnosticSink& diags, const InputLimits& limits,
                     AnalyzeAs as) {
  // The entity limit (DS2022) was checked as the files were parsed (LoadModules).
  if (!modules.ok || modules.any_syntax_errors) return {};
  return Analyzer(modules, diags, limits, as).Run();
}

}  // namespace dsc::sema
