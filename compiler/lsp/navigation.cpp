#include "compiler/lsp/navigation.h"

#include <string>

namespace dsc::lsp {
namespace {

bool Contains(Span span, uint32_t offset) { return span.begin <= offset && offset <= span.end; }

// Walks a file's declarations and expressions, collecting name sites.
class SiteCollector {
 public:
  explicit SiteCollector(std::vector<NameSite>& out) : out_(out) {}

  void File(const ast::File& file) {
    for (const auto& decl : file.decls) {
      if (!decl) continue;
      top_ = decl.get();
      feature_ = decl->kind == ast::DeclKind::kFeature ? decl.get() : nullptr;
      Decl(*decl);
    }
  }

 private:
  void Decl(const ast::Decl& decl) {
    if (decl.kind == ast::DeclKind::kImport) {
      Add({.span = decl.import_path_span, .import_decl = &decl});
      if (decl.has_alias) Add({.span = decl.name.span, .declared = &decl});
      return;
    }
    if (!decl.name.text.empty()) Add({.span = decl.name.span, .declared = &decl});
    if (decl.kind == ast::DeclKind::kInfra) Ref(decl.kind_ref);
    Body(decl.body);
  }

  void Body(const ast::Body& body) {
    for (const ast::Member& member : body.members) {
      if (member.kind == ast::MemberKind::kDecl && member.decl) {
        Decl(*member.decl);
        continue;
      }
      if (member.kind == ast::MemberKind::kParam || member.kind == ast::MemberKind::kExport)
        Add({.span = member.key.span, .declared_member = &member});
      if (member.value) Expr(*member.value);
    }
  }

  void Expr(const ast::Expr& expr) {
    switch (expr.kind) {
      case ast::ExprKind::kRef:
      case ast::ExprKind::kInstance:
        Ref(expr.name);
        break;
      case ast::ExprKind::kString:
        for (const ast::StringPart& part : expr.parts)
          if (part.is_ref) Ref(part.ref);
        break;
      default:
        break;
    }
    for (const auto& item : expr.items)
      if (item) Expr(*item);
    if (expr.body) Body(*expr.body);
  }

  void Ref(const ast::QualifiedName& name) {
    for (size_t i = 0; i < name.parts.size(); ++i)
      if (!name.parts[i].text.empty()) Add({.span = name.parts[i].span, .ref = &name, .part = i});
  }

  void Add(NameSite site) {
    site.top = top_;
    site.feature = feature_;
    out_.push_back(site);
  }

  std::vector<NameSite>& out_;
  const ast::Decl* top_ = nullptr;
  const ast::Decl* feature_ = nullptr;
};

bool IsEntity(ast::DeclKind kind) {
  return kind == ast::DeclKind::kService || kind == ast::DeclKind::kInfra ||
         kind == ast::DeclKind::kKind || kind == ast::DeclKind::kFeature;
}

}  // namespace

Span Target::NameSpan() const {
  if (member) return member->key.span;
  if (decl) return decl->name.span;
  return Span{};
}

std::vector<NameSite> NameSites(const ast::File& file) {
  std::vector<NameSite> sites;
  SiteCollector(sites).File(file);
  return sites;
}

std::optional<NameSite> NameSiteAt(const ast::File& file, uint32_t offset) {
  for (const NameSite& site : NameSites(file))
    if (Contains(site.span, offset)) return site;
  return std::nullopt;
}

Resolver::Resolver(const sema::ModuleSet& modules)
    : modules_(modules), indexes_(modules.modules.size()) {}

const Resolver::Index& Resolver::IndexOf(int module) {
  Index& index = indexes_[module];
  if (index.built) return index;
  index.built = true;
  const sema::Module& m = modules_.modules[module];
  for (const auto& decl : m.file.decls)
    if (decl && IsEntity(decl->kind)) index.entities.emplace(decl->name.text, decl.get());
  for (const sema::ImportRef& import : m.imports)
    if (import.decl && import.module >= 0)
      index.aliases.emplace(import.decl->name.text, import.module);
  return index;
}

std::optional<Target> Resolver::TopLevel(int module, const std::string& name) {
  const Index& index = IndexOf(module);
  if (auto it = index.entities.find(name); it != index.entities.end())
    return Target{module, it->second};
  if (auto it = index.aliases.find(name); it != index.aliases.end()) return Target{it->second};
  return std::nullopt;
}

std::optional<Target> Resolver::KindOf(int module, const ast::QualifiedName& name) {
  std::optional<Target> at;
  for (const ast::Name& part : name.parts) {
    if (!at)
      at = TopLevel(module, part.text);
    else if (!at->decl)
      at = TopLevel(at->module, part.text);
    else
      return std::nullopt;
    if (!at) return std::nullopt;
  }
  if (at && at->decl && at->decl->kind == ast::DeclKind::kKind) return at;
  return std::nullopt;
}

std::optional<Target> Resolver::ExportOf(const Target& of, const std::string& name) {
  if (!of.decl || of.decl->kind != ast::DeclKind::kInfra) return std::nullopt;
  std::optional<Target> kind = KindOf(of.module, of.decl->kind_ref);
  if (!kind) return std::nullopt;
  for (const ast::Member& member : kind->decl->body.members)
    if (member.kind == ast::MemberKind::kExport && member.key.text == name)
      return Target{kind->module, kind->decl, &member};
  return std::nullopt;
}

std::optional<Target> Resolver::LookUp(int module, const NameSite& site, const std::string& name) {
  if (site.top && site.top->kind == ast::DeclKind::kKind) {
    if (name == "self") return Target{module, site.top};
    for (const ast::Member& member : site.top->body.members)
      if ((member.kind == ast::MemberKind::kParam || member.kind == ast::MemberKind::kExport) &&
          member.key.text == name)
        return Target{module, site.top, &member};
  }
  if (site.feature)
    for (const ast::Member& member : site.feature->body.members)
      if (member.kind == ast::MemberKind::kDecl && member.decl &&
          member.decl->kind == ast::DeclKind::kInfra && member.decl->name.text == name)
        return Target{module, member.decl.get()};
  if (name == "fleet") {
    for (int m : {module, 0})
      if (modules_.modules[m].fleet) return Target{m, modules_.modules[m].fleet};
    return std::nullopt;
  }
  return TopLevel(module, name);
}

std::optional<Target> Resolver::ForkTarget(int module, const std::string& name) {
  auto in = [&](int m) -> std::optional<Target> {
    const Index& index = IndexOf(m);
    auto it = index.entities.find(name);
    if (it != index.entities.end() &&
        (it->second->kind == ast::DeclKind::kService || it->second->kind == ast::DeclKind::kInfra))
      return Target{m, it->second};
    return std::nullopt;
  };
  if (auto here = in(module)) return here;
  for (int m = 0; m < static_cast<int>(modules_.modules.size()); ++m)
    if (m != module && !modules_.modules[m].is_std)
      if (auto there = in(m)) return there;
  return std::nullopt;
}

std::optional<Target> Resolver::Resolve(int module, const NameSite& site) {
  if (module < 0 || module >= static_cast<int>(modules_.modules.size())) return std::nullopt;
  if (site.import_decl || (site.declared && site.declared->kind == ast::DeclKind::kImport)) {
    const ast::Decl* decl = site.import_decl ? site.import_decl : site.declared;
    for (const sema::ImportRef& import : modules_.modules[module].imports)
      if (import.decl == decl && import.module >= 0) return Target{import.module};
    return std::nullopt;
  }
  if (site.declared_member) return Target{module, site.top, site.declared_member};
  if (site.declared) {
    if (site.declared->kind == ast::DeclKind::kFork)
      return ForkTarget(module, site.declared->name.text);
    return Target{module, site.declared};
  }
  if (!site.ref) return std::nullopt;
  std::optional<Target> at;
  for (size_t i = 0; i <= site.part; ++i) {
    const std::string& name = site.ref->parts[i].text;
    if (i == 0)
      at = LookUp(module, site, name);
    else if (!at->decl)  // a file: its declaration
      at = TopLevel(at->module, name);
    else  // an entity: an export its kind declares (a built-in one names nothing)
      at = ExportOf(*at, name);
    if (!at) return std::nullopt;
  }
  return at;
}

std::optional<Target> Resolve(const sema::ModuleSet& modules, int module, const NameSite& site) {
  return Resolver(modules).Resolve(module, site);
}

std::vector<std::pair<int, NameSite>> References(const sema::ModuleSet& modules,
                                                 const Target& target) {
  Resolver resolver(modules);
  std::vector<std::pair<int, NameSite>> out;
  for (int m = 0; m < static_cast<int>(modules.modules.size()); ++m) {
    for (const NameSite& site : NameSites(modules.modules[m].file)) {
      if (site.import_decl) continue;  // a path, not a name
      std::optional<Target> named = resolver.Resolve(m, site);
      if (named && *named == target) out.emplace_back(m, site);
    }
  }
  return out;
}

int ModuleOfPath(const sema::ModuleSet& modules, const std::string& path) {
  for (int m = 0; m < static_cast<int>(modules.modules.size()); ++m)
    if (modules.modules[m].canonical == path || modules.modules[m].path == path) return m;
  return -1;
}

}  // namespace dsc::lsp
