#include "compiler/lsp/navigation.h"

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

// A top-level declaration of `module` named `name` (an entity, or an import alias).
std::optional<Target> TopLevel(const sema::ModuleSet& modules, int module,
                               const std::string& name) {
  const sema::Module& m = modules.modules[module];
  for (const auto& decl : m.file.decls)
    if (decl && IsEntity(decl->kind) && decl->name.text == name) return Target{module, decl.get()};
  for (const sema::ImportRef& import : m.imports)
    if (import.decl && import.decl->name.text == name && import.module >= 0)
      return Target{import.module};
  return std::nullopt;
}

// `module`'s kind named by `name` (`postgres`, `db.postgres`) as written in `module`.
std::optional<Target> KindOf(const sema::ModuleSet& modules, int module,
                             const ast::QualifiedName& name) {
  std::optional<Target> at;
  for (const ast::Name& part : name.parts) {
    if (!at)
      at = TopLevel(modules, module, part.text);
    else if (!at->decl)
      at = TopLevel(modules, at->module, part.text);
    else
      return std::nullopt;
    if (!at) return std::nullopt;
  }
  if (at && at->decl && at->decl->kind == ast::DeclKind::kKind) return at;
  return std::nullopt;
}

// `decl`'s export `name`: of the kind an infra instantiates.
std::optional<Target> ExportOf(const sema::ModuleSet& modules, const Target& of,
                               const std::string& name) {
  if (!of.decl || of.decl->kind != ast::DeclKind::kInfra) return std::nullopt;
  std::optional<Target> kind = KindOf(modules, of.module, of.decl->kind_ref);
  if (!kind) return std::nullopt;
  for (const ast::Member& member : kind->decl->body.members)
    if (member.kind == ast::MemberKind::kExport && member.key.text == name)
      return Target{kind->module, kind->decl, &member};
  return std::nullopt;
}

// The first part of a reference, looked up from the inside out.
std::optional<Target> LookUp(const sema::ModuleSet& modules, int module, const NameSite& site,
                             const std::string& name) {
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
      if (modules.modules[m].fleet) return Target{m, modules.modules[m].fleet};
    return std::nullopt;
  }
  return TopLevel(modules, module, name);
}

// A fork's target: a service or infra of this file, else of another file of the fleet.
std::optional<Target> ForkTarget(const sema::ModuleSet& modules, int module,
                                 const std::string& name) {
  auto in = [&](int m) -> std::optional<Target> {
    for (const auto& decl : modules.modules[m].file.decls)
      if (decl && decl->name.text == name &&
          (decl->kind == ast::DeclKind::kService || decl->kind == ast::DeclKind::kInfra))
        return Target{m, decl.get()};
    return std::nullopt;
  };
  if (auto here = in(module)) return here;
  for (int m = 0; m < static_cast<int>(modules.modules.size()); ++m)
    if (m != module && !modules.modules[m].is_std)
      if (auto there = in(m)) return there;
  return std::nullopt;
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

std::optional<Target> Resolve(const sema::ModuleSet& modules, int module, const NameSite& site) {
  if (module < 0 || module >= static_cast<int>(modules.modules.size())) return std::nullopt;
  if (site.import_decl) {
    for (const sema::ImportRef& import : modules.modules[module].imports)
      if (import.decl == site.import_decl && import.module >= 0) return Target{import.module};
    return std::nullopt;
  }
  if (site.declared_member) return Target{module, site.top, site.declared_member};
  if (site.declared) {
    if (site.declared->kind == ast::DeclKind::kFork)
      return ForkTarget(modules, module, site.declared->name.text);
    if (site.declared->kind == ast::DeclKind::kImport) {
      for (const sema::ImportRef& import : modules.modules[module].imports)
        if (import.decl == site.declared && import.module >= 0) return Target{import.module};
      return std::nullopt;
    }
    return Target{module, site.declared};
  }
  if (!site.ref) return std::nullopt;
  // A kind of an infra (`db.postgres`): the same lookup, with no scopes inside it.
  std::optional<Target> at;
  for (size_t i = 0; i <= site.part; ++i) {
    const std::string& name = site.ref->parts[i].text;
    if (i == 0)
      at = LookUp(modules, module, site, name);
    else if (!at->decl)  // a file: its declaration
      at = TopLevel(modules, at->module, name);
    else  // an entity: an export its kind declares (a built-in one names nothing)
      at = ExportOf(modules, *at, name);
    if (!at) return std::nullopt;
  }
  return at;
}

std::vector<std::pair<int, NameSite>> References(const sema::ModuleSet& modules,
                                                 const Target& target) {
  std::vector<std::pair<int, NameSite>> out;
  for (int m = 0; m < static_cast<int>(modules.modules.size()); ++m) {
    for (const NameSite& site : NameSites(modules.modules[m].file)) {
      if (site.import_decl) continue;  // a path, not a name
      std::optional<Target> named = Resolve(modules, m, site);
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
