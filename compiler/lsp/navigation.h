// Names in a fleet's files and what they name, from the syntax trees of the files a
// fleet loads (sema::ModuleSet): what go-to-definition, find-references, rename and hover
// stand on. It works on files with errors elsewhere, since it needs no analysis.
//
// A name site is a declaration's name (`service api`), a reference or one part of it
// (`orders-db.url`, `payments.ledger`, `${api.host}` in a string), an infra's kind
// (`db.postgres`), a fork's target (`fork api`) or an import's path. Scopes follow
// the language: inside a kind, its params, exports and `self`; inside a feature, its own
// infra; then the file's declarations and import aliases; a fork names a service or
// infra of the fleet.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/sema/modules.h"
#include "compiler/syntax/ast.h"

namespace dsc::lsp {

// What a name names: a declaration, a param or export of a kind, or a whole file (an
// import alias, an import's path).
struct Target {
  int module = -1;
  const ast::Decl* decl = nullptr;      // a declaration, or the kind of `member`
  const ast::Member* member = nullptr;  // a kind's param or export
  bool operator==(const Target& other) const {
    return module == other.module && decl == other.decl && member == other.member;
  }
  // The span to jump to: the declared name, the member's key, the file's start.
  Span NameSpan() const;
};

struct NameSite {
  Span span;                                // the name's bytes
  const ast::QualifiedName* ref = nullptr;  // a reference (or a kind), `part` of it
  size_t part = 0;
  const ast::Decl* declared = nullptr;           // a declaration's own name (fork: its target)
  const ast::Member* declared_member = nullptr;  // a kind's param or export, by its key
  const ast::Decl* import_decl = nullptr;        // an import's path
  const ast::Decl* top = nullptr;                // the top-level declaration around it
  const ast::Decl* feature = nullptr;            // the feature around it, if any
};

// Every name site of `file`, in source order.
std::vector<NameSite> NameSites(const ast::File& file);
// The name site at byte `offset` (its end counts: a cursor just after a name is on it).
std::optional<NameSite> NameSiteAt(const ast::File& file, uint32_t offset);

// Resolves names in one ModuleSet. Each file's declarations are indexed on first use, so
// resolving every name of a big fleet (references, semantic tokens) stays linear.
class Resolver {
 public:
  explicit Resolver(const sema::ModuleSet& modules);
  // What the site names, in module `module`; nothing for a name that names nothing (a
  // typo: `dsc check` reports it) or a built-in (`api.url`, `fleet.domain`).
  std::optional<Target> Resolve(int module, const NameSite& site);
  // The kind `name` (`postgres`, `db.postgres`) names as written in `module`.
  std::optional<Target> KindOf(int module, const ast::QualifiedName& name);

 private:
  struct Index {
    bool built = false;
    std::unordered_map<std::string, const ast::Decl*> entities;  // services, infra, kinds, ...
    std::unordered_map<std::string, int> aliases;                // import alias -> module
  };
  const Index& IndexOf(int module);
  std::optional<Target> TopLevel(int module, const std::string& name);
  std::optional<Target> ExportOf(const Target& of, const std::string& name);
  std::optional<Target> LookUp(int module, const NameSite& site, const std::string& name);
  std::optional<Target> ForkTarget(int module, const std::string& name);

  const sema::ModuleSet& modules_;
  std::vector<Index> indexes_;
};

// One name, resolved by a Resolver of its own.
std::optional<Target> Resolve(const sema::ModuleSet& modules, int module, const NameSite& site);

// The modules' name sites that name `target` (its declaration included), by module.
std::vector<std::pair<int, NameSite>> References(const sema::ModuleSet& modules,
                                                 const Target& target);

// The module whose file is `path` (canonical), or -1.
int ModuleOfPath(const sema::ModuleSet& modules, const std::string& path);

}  // namespace dsc::lsp
