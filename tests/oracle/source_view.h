// The fleet as its source states it, read by the oracle on its own: dsc's parser
// gives the syntax tree, and everything after that (imports, which files are members,
// what a name refers to in a file, a feature and a fork) is this file's reading of
// docs/language.md, written without sema. The oracle compares what `dsc build` emitted
// against this reading, so a wiring bug in sema or emit cannot agree with itself.
#pragma once

#include <compare>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc::oracle {

enum class EntityKind { kService, kInfra };

// One service or infra of the fleet as the source declares it: a baseline entity of a
// module, a fork of a baseline service in a feature, or a feature's own infra (declared
// in it or forked from a baseline infra).
struct Entity {
  EntityKind kind = EntityKind::kService;
  std::string name;
  int module = -1;   // the module that declares the baseline (feature infra: the feature's)
  int feature = -1;  // index into SourceView::features(); -1: the baseline
  auto operator<=>(const Entity&) const = default;
};

struct Module {
  std::string path;  // as opened: the entry path, joined with relative import paths
  std::string key;   // its identity: the canonical path, or `std/NAME`
  bool is_std = false;
  bool member = false;  // deployed with the entry fleet
  const ast::Decl* fleet = nullptr;
  std::map<std::string, int> imports;  // alias -> module
  std::map<std::string, const ast::Decl*> services, infra;
  ast::File file;
  // For another team's fleet file: the files without a header it deploys, whose entities
  // its alias reaches too.
  std::vector<int> deploys;
};

struct Feature {
  std::string name, label;
  int module = -1;
  const ast::Decl* decl = nullptr;
  // Its own infra, by name: declared in it, or forked from a baseline infra (then the
  // baseline's declaration, and the `fork` block in `infra_forks`).
  std::map<std::string, const ast::Decl*> infra;
  std::map<std::string, const ast::Decl*> infra_forks;  // baseline infra name -> `fork` block
  std::map<std::string, const ast::Decl*> forks;        // baseline service name -> `fork` block
  std::set<std::string> clones;  // `clone_secrets`: its forks read `<name>-<label>`
};

// A reference resolved to an entity, with what follows the entity's name (`url` of
// `db.url`, or nothing for `depends_on = [db]`).
struct Resolved {
  Entity entity;
  std::vector<std::string> rest;
};

// Where an expression is written: the module whose names it sees, and the feature it
// is evaluated for (whose forks and infra replace the baseline's).
struct Where {
  int module = 0;
  int feature = -1;
};

// A field of a deployed service with the place its expression is evaluated: a fork's
// fields come from the baseline's declaration and from the `fork` block, merged as
// docs/language.md says (maps `env` and `labels` key by key, anything else replaced).
struct Field {
  const ast::Member* member = nullptr;
  Where where;
  bool from_fork = false;  // written in the `fork` block
};
struct EffectiveBody {
  std::vector<Field> fields;                       // top-level fields but env and labels
  std::vector<std::pair<std::string, Field>> env;  // in order, overrides in place
  std::vector<std::pair<std::string, Field>> labels;
};

class SourceView {
 public:
  // Reads the entry file and every file it imports; nullopt, with `error` set, when a
  // file cannot be read or does not parse (the oracle only reads fleets dsc built).
  static std::optional<SourceView> Load(const std::filesystem::path& entry, std::string* error);

  const std::vector<Module>& modules() const { return modules_; }
  const std::vector<Feature>& features() const { return features_; }
  const Module& entry() const { return modules_[0]; }

  // What `dsc build` deploys: the member modules' services and infra, every feature's
  // forks and infra.
  std::vector<Entity> Deployed() const;
  // The declaration of an entity: the baseline's, for a fork of a service or infra.
  const ast::Decl* Declaration(const Entity& entity) const;
  // The fields of a service (a fork: merged with its `fork` block), or of an infra's
  // arguments (as `fields`; a fork's replace the baseline's one by one).
  EffectiveBody BodyOf(const Entity& entity) const;
  std::optional<Resolved> Resolve(const ast::QualifiedName& name, Where where) const;
  // Every entity an expression references (`${…}` inside strings included).
  void CollectReferences(const ast::Expr& expr, Where where, std::vector<Entity>* out) const;
  // The entities `entity` depends on: every reference in its effective fields.
  std::vector<Entity> Dependencies(const Entity& entity) const;
  // The Kubernetes namespace of an external module's fleet.
  std::string ExternalNamespace(int module) const;
  const std::string& PathOf(const Entity& entity) const { return modules_[entity.module].path; }

 private:
  int Load(const std::string& path, bool is_std, std::string* error);
  // The member service, or infra, a fork of `name` forks, if any.
  std::optional<Entity> BaselineService(const std::string& name) const;
  std::optional<Entity> BaselineInfra(const std::string& name) const;
  Entity ForkOrSelf(Entity entity, int feature) const;

  std::unique_ptr<SourceManager> sources_ = std::make_unique<SourceManager>();
  std::vector<Module> modules_;
  std::vector<Feature> features_;
};

// A file's bytes, or nullopt when it cannot be read.
std::optional<std::string> ReadText(const std::filesystem::path& path);

// A field of a declaration written as a plain string (`namespace = "shop"`), else "".
std::string LiteralField(const ast::Decl& decl, const std::string& field);
// A field written as an int (`service_port = 80`), else nullopt.
std::optional<int64_t> IntField(const ast::Decl& decl, const std::string& field);
// A string as written, `${…}` kept (a `preview_host` pattern), else "".
std::string PatternText(const ast::Expr& expr);

}  // namespace dsc::oracle
