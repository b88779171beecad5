#include "tests/oracle/source_view.h"

#include <algorithm>
#include <deque>
#include <fstream>
#include <iterator>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/embedded_files.h"
#include "compiler/syntax/parse.h"

namespace dsc::oracle {
namespace {

namespace fs = std::filesystem;

const ast::Member* FindMember(const ast::Body& body, const std::string& key) {
  for (const ast::Member& m : body.members) {
    if (m.kind != ast::MemberKind::kDecl && m.key.text == key) return &m;
  }
  return nullptr;
}

// The entries of a map-valued member (`env { … }` or `env = { … }`).
std::vector<const ast::Member*> MapEntries(const ast::Member& member) {
  std::vector<const ast::Member*> out;
  if (!member.value || !member.value->body) return out;
  for (const ast::Member& m : member.value->body->members) out.push_back(&m);
  return out;
}

void MergeMap(std::vector<std::pair<std::string, Field>>& into, const ast::Member& member,
              Where where) {
  for (const ast::Member* entry : MapEntries(member)) {
    auto same = std::find_if(into.begin(), into.end(),
                             [&](const auto& e) { return e.first == entry->key.text; });
    Field field{entry, where};
    if (same != into.end()) {
      same->second = field;
    } else {
      into.emplace_back(entry->key.text, field);
    }
  }
}

}  // namespace

std::optional<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string LiteralField(const ast::Decl& decl, const std::string& field) {
  const ast::Member* m = FindMember(decl.body, field);
  if (!m || !m->value || !m->value->IsPlainString()) return "";
  return m->value->PlainString();
}

std::optional<int64_t> IntField(const ast::Decl& decl, const std::string& field) {
  const ast::Member* m = FindMember(decl.body, field);
  if (!m || !m->value || m->value->kind != ast::ExprKind::kNumber) return std::nullopt;
  return m->value->int_value;
}

std::string PatternText(const ast::Expr& expr) {
  std::string text;
  if (expr.kind != ast::ExprKind::kString) return text;
  for (const ast::StringPart& part : expr.parts)
    text += part.is_ref ? "${" + part.ref.ToString() + "}" : part.text;
  return text;
}

std::optional<SourceView> SourceView::Load(const fs::path& entry, std::string* error) {
  SourceView view;
  if (view.Load(entry.string(), false, error) < 0) return std::nullopt;
  // Members: the entry and, transitively, what it imports that has no fleet header.
  std::deque<int> queue = {0};
  view.modules_[0].member = true;
  while (!queue.empty()) {
    int m = queue.front();
    queue.pop_front();
    for (const auto& [alias, target] : view.modules_[m].imports) {
      Module& t = view.modules_[target];
      if (t.member || t.is_std || t.fleet) continue;
      t.member = true;
      queue.push_back(target);
    }
  }
  // Another team's fleet file deploys, in turn, the files without a header it imports
  // (the first fleet file to reach one owns it).
  std::vector<bool> owned(view.modules_.size());
  for (size_t m = 0; m < view.modules_.size(); ++m) owned[m] = view.modules_[m].member;
  for (size_t f = 1; f < view.modules_.size(); ++f) {
    if (!view.modules_[f].fleet || view.modules_[f].member) continue;
    std::deque<int> pending = {static_cast<int>(f)};
    while (!pending.empty()) {
      int m = pending.front();
      pending.pop_front();
      for (const auto& [alias, target] : view.modules_[m].imports) {
        Module& t = view.modules_[target];
        if (owned[target] || t.is_std || t.fleet) continue;
        owned[target] = true;
        view.modules_[f].deploys.push_back(target);
        pending.push_back(target);
      }
    }
  }
  for (size_t m = 0; m < view.modules_.size(); ++m) {
    if (!view.modules_[m].member) continue;
    for (const auto& decl : view.modules_[m].file.decls) {
      if (decl->kind != ast::DeclKind::kFeature) continue;
      Feature feature;
      feature.name = decl->name.text;
      feature.module = static_cast<int>(m);
      feature.decl = decl.get();
      std::string label = LiteralField(*decl, "label");
      feature.label = label.empty() ? feature.name : label;
      if (const ast::Member* clones = FindMember(decl->body, "clone_secrets");
          clones && clones->value) {
        for (const auto& item : clones->value->items)
          if (item->IsPlainString()) feature.clones.insert(item->PlainString());
      }
      for (const ast::Member& member : decl->body.members) {
        if (member.kind != ast::MemberKind::kDecl) continue;
        const std::string& name = member.decl->name.text;
        if (member.decl->kind == ast::DeclKind::kInfra) {
          feature.infra[name] = member.decl.get();
        } else if (view.BaselineService(name)) {
          feature.forks[name] = member.decl.get();
        } else if (auto base = view.BaselineInfra(name)) {
          feature.infra[name] = view.modules_[base->module].infra.at(name);
          feature.infra_forks[name] = member.decl.get();
        }
      }
      view.features_.push_back(std::move(feature));
    }
  }
  return view;
}

int SourceView::Load(const std::string& path, bool is_std, std::string* error) {
  std::string key = is_std ? path : fs::weakly_canonical(path).string();
  for (size_t i = 0; i < modules_.size(); ++i) {
    if (modules_[i].key == key) return static_cast<int>(i);
  }
  std::optional<std::string> text;
  if (is_std) {
    std::string_view embedded = FindEmbeddedFile("stdlib/" + path.substr(4) + ".ds");
    if (!embedded.empty()) text = std::string(embedded);
  } else {
    text = ReadText(path);
  }
  if (!text) {
    *error = "cannot read " + path;
    return -1;
  }
  DiagnosticSink diags;
  Module module;
  module.path = path;
  module.key = key;
  module.is_std = is_std;
  module.file = Parse(sources_->Add(path, std::move(*text)), diags);
  if (module.file.has_syntax_errors || diags.has_errors()) {
    *error = path + " does not parse";
    return -1;
  }
  int index = static_cast<int>(modules_.size());
  modules_.push_back(std::move(module));
  // Declarations first, imports after: the module must be registered before the files
  // it imports are read (they may import it back only in a fleet dsc refused).
  std::vector<std::pair<std::string, std::string>> imports;
  for (const auto& decl : modules_[index].file.decls) {
    switch (decl->kind) {
      case ast::DeclKind::kFleet:
        if (!modules_[index].fleet) modules_[index].fleet = decl.get();
        break;
      case ast::DeclKind::kService:
        modules_[index].services[decl->name.text] = decl.get();
        break;
      case ast::DeclKind::kInfra:
        modules_[index].infra[decl->name.text] = decl.get();
        break;
      case ast::DeclKind::kImport:
        imports.emplace_back(decl->name.text, decl->import_path);
        break;
      default:
        break;
    }
  }
  for (const auto& [alias, import_path] : imports) {
    bool std_import = import_path.rfind("std/", 0) == 0;
    std::string target =
        std_import ? import_path
                   : (fs::path(path).parent_path() / import_path).lexically_normal().string();
    int module = Load(target, std_import, error);
    if (module < 0) return -1;
    modules_[index].imports[alias] = module;
  }
  return index;
}

std::optional<Entity> SourceView::BaselineService(const std::string& name) const {
  for (size_t m = 0; m < modules_.size(); ++m) {
    if (modules_[m].member && modules_[m].services.count(name)) {
      return Entity{EntityKind::kService, name, static_cast<int>(m), -1};
    }
  }
  return std::nullopt;
}

std::optional<Entity> SourceView::BaselineInfra(const std::string& name) const {
  for (size_t m = 0; m < modules_.size(); ++m) {
    if (modules_[m].member && modules_[m].infra.count(name)) {
      return Entity{EntityKind::kInfra, name, static_cast<int>(m), -1};
    }
  }
  return std::nullopt;
}

Entity SourceView::ForkOrSelf(Entity entity, int feature) const {
  if (feature < 0 || entity.kind != EntityKind::kService || !modules_[entity.module].member)
    return entity;
  if (features_[feature].forks.count(entity.name)) entity.feature = feature;
  return entity;
}

std::vector<Entity> SourceView::Deployed() const {
  std::vector<Entity> out;
  for (size_t m = 0; m < modules_.size(); ++m) {
    if (!modules_[m].member) continue;
    for (const auto& [name, decl] : modules_[m].services)
      out.push_back({EntityKind::kService, name, static_cast<int>(m), -1});
    for (const auto& [name, decl] : modules_[m].infra)
      out.push_back({EntityKind::kInfra, name, static_cast<int>(m), -1});
  }
  for (size_t f = 0; f < features_.size(); ++f) {
    for (const auto& [name, decl] : features_[f].forks) {
      if (auto base = BaselineService(name)) {
        base->feature = static_cast<int>(f);
        out.push_back(*base);
      }
    }
    for (const auto& [name, decl] : features_[f].infra)
      out.push_back({EntityKind::kInfra, name, features_[f].module, static_cast<int>(f)});
  }
  return out;
}

const ast::Decl* SourceView::Declaration(const Entity& entity) const {
  if (entity.kind == EntityKind::kInfra && entity.feature >= 0)
    return features_[entity.feature].infra.at(entity.name);
  const Module& m = modules_[entity.module];
  return entity.kind == EntityKind::kService ? m.services.at(entity.name) : m.infra.at(entity.name);
}

EffectiveBody SourceView::BodyOf(const Entity& entity) const {
  EffectiveBody body;
  auto add = [&](const ast::Body& members, Where where, bool from_fork) {
    for (const ast::Member& m : members.members) {
      if (m.kind == ast::MemberKind::kDecl) continue;
      if (entity.kind == EntityKind::kService && m.key.text == "env") {
        MergeMap(body.env, m, where);
      } else if (entity.kind == EntityKind::kService && m.key.text == "labels") {
        MergeMap(body.labels, m, where);
      } else {
        // A fork's field replaces the baseline's; a repeatable one (`route`) replaces
        // all of the baseline's.
        if (from_fork) {
          std::erase_if(body.fields, [&](const Field& f) {
            return !f.from_fork && f.member->key.text == m.key.text;
          });
        }
        body.fields.push_back({&m, where, from_fork});
      }
    }
  };
  if (entity.kind == EntityKind::kInfra && entity.feature >= 0 &&
      features_[entity.feature].infra_forks.count(entity.name)) {
    // The baseline's arguments, in the baseline's file as the feature sees it, then the
    // fork's, in the feature's file.
    const Feature& feature = features_[entity.feature];
    add(Declaration(entity)->body, Where{BaselineInfra(entity.name)->module, entity.feature},
        false);
    add(feature.infra_forks.at(entity.name)->body, Where{feature.module, entity.feature}, true);
    return body;
  }
  add(Declaration(entity)->body, Where{entity.module, entity.feature}, false);
  if (entity.kind == EntityKind::kService && entity.feature >= 0) {
    const Feature& feature = features_[entity.feature];
    // Names in the fork block resolve in the file the feature is written in.
    add(feature.forks.at(entity.name)->body, Where{feature.module, entity.feature}, true);
  }
  return body;
}

std::optional<Resolved> SourceView::Resolve(const ast::QualifiedName& name, Where where) const {
  const auto& parts = name.parts;
  if (parts.empty()) return std::nullopt;
  auto rest = [&](size_t from) {
    std::vector<std::string> out;
    for (size_t i = from; i < parts.size(); ++i) out.push_back(parts[i].text);
    return out;
  };
  const std::string& head = parts[0].text;
  if (where.feature >= 0 && features_[where.feature].infra.count(head)) {
    return Resolved{{EntityKind::kInfra, head, features_[where.feature].module, where.feature},
                    rest(1)};
  }
  const Module& module = modules_[where.module];
  auto in_module = [&](int m, const std::string& entity) -> std::optional<Entity> {
    if (modules_[m].services.count(entity))
      return ForkOrSelf({EntityKind::kService, entity, m, -1}, where.feature);
    if (modules_[m].infra.count(entity)) return Entity{EntityKind::kInfra, entity, m, -1};
    return std::nullopt;
  };
  if (auto local = in_module(where.module, head)) return Resolved{*local, rest(1)};
  auto import = module.imports.find(head);
  if (import == module.imports.end() || parts.size() < 2) return std::nullopt;
  if (auto theirs = in_module(import->second, parts[1].text)) return Resolved{*theirs, rest(2)};
  for (int deployed : modules_[import->second].deploys) {
    if (auto theirs = in_module(deployed, parts[1].text)) return Resolved{*theirs, rest(2)};
  }
  return std::nullopt;
}

void SourceView::CollectReferences(const ast::Expr& expr, Where where,
                                   std::vector<Entity>* out) const {
  switch (expr.kind) {
    case ast::ExprKind::kRef:
      if (auto r = Resolve(expr.name, where)) out->push_back(r->entity);
      break;
    case ast::ExprKind::kString:
      for (const ast::StringPart& part : expr.parts) {
        if (!part.is_ref) continue;
        if (auto r = Resolve(part.ref, where)) out->push_back(r->entity);
      }
      break;
    case ast::ExprKind::kList:
    case ast::ExprKind::kCall:
      for (const auto& item : expr.items) CollectReferences(*item, where, out);
      break;
    case ast::ExprKind::kMap:
    case ast::ExprKind::kInstance:
      for (const ast::Member& m : expr.body->members) {
        if (m.value) CollectReferences(*m.value, where, out);
      }
      break;
    default:
      break;
  }
}

std::vector<Entity> SourceView::Dependencies(const Entity& entity) const {
  std::vector<Entity> out;
  EffectiveBody body = BodyOf(entity);
  for (const Field& f : body.fields) {
    if (f.member->value) CollectReferences(*f.member->value, f.where, &out);
  }
  for (const auto* map : {&body.env, &body.labels}) {
    for (const auto& [key, f] : *map) {
      if (f.member->value) CollectReferences(*f.member->value, f.where, &out);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::erase(out, entity);
  return out;
}

std::string SourceView::ExternalNamespace(int module) const {
  for (const Module& m : modules_) {
    if (std::find(m.deploys.begin(), m.deploys.end(), module) != m.deploys.end()) {
      module = static_cast<int>(&m - modules_.data());
      break;
    }
  }
  const ast::Decl* fleet = modules_[module].fleet;
  if (!fleet) return "";
  std::string ns = LiteralField(*fleet, "namespace");
  return ns.empty() ? fleet->name.text : ns;
}

}  // namespace dsc::oracle
