// The Analyzer behind Analyze(): its state and the steps, implemented in the
// files named beside each group. Internal to sema.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/analyze.h"
#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"
#include "compiler/sema/types.h"
#include "compiler/sema/value.h"
#include "compiler/source/input_limits.h"

namespace dsc::sema {

struct KindParam {
  std::string name;
  TypePtr type;
  const ast::Member* member = nullptr;  // holds the default, if any
};

struct KindInfo {
  const ast::Decl* decl = nullptr;
  int module = 0;
  std::string qualified_name;  // "aws.sqs" as users write it from outside
  std::string category;        // "infra" or "reload"
  std::vector<KindParam> params;
  std::vector<KindParam> exports;
  std::vector<const ast::Member*> templates;  // provision / workload blocks
  bool used = false;
  bool valid = true;
};

enum class EntityKind { kService, kInfra };
enum class EvalState { kPending, kInProgress, kDone };

struct Entity {
  EntityKind kind = EntityKind::kService;
  std::string name;
  const ast::Decl* decl = nullptr;  // the service or infra declaration
  const ast::Decl* fork = nullptr;  // for a fork: the `fork` block
  int module = 0;
  int feature = -1;
  int base = -1;          // for a fork: the baseline entity
  int fork_module = -1;   // for a fork: the module its `fork` block is written in
  bool external = false;  // declared in another team's fleet file
  bool referenced = false;
  bool poisoned = false;  // its kind failed: uses of it are silent
  EvalState state = EvalState::kPending;
  // A map; read it through Analyzer::ExportsOf. A service's is built when something
  // refers to the service (`exports_deferred` until then): most services of a large
  // fleet are referred to by nothing, and as Values they took ~1 KB each.
  Value exports;
  bool exports_deferred = false;
  int model_index = -1;  // into model.services or model.infra
};

struct FeatureInfo {
  const ast::Decl* decl = nullptr;
  int module = 0;
  std::string label;
  std::map<std::string, int> forks;    // baseline entity id -> fork entity id
  std::map<std::string, int> infra;    // name -> entity id
  std::map<std::string, Span> clones;  // `clone_secrets`: Secret name -> where written
};

// Where an expression is evaluated: which module's names are visible, inside
// which feature and kind instance, and whose dependencies references add to.
struct Scope {
  int module = 0;
  int feature = -1;
  const std::map<std::string, Value>* params = nullptr;  // inside a kind instance
  const std::string* self_name = nullptr;                // `self.name` in a kind instance
  const std::string* self_namespace = nullptr;           // `self.namespace`
  int current = -1;                                      // entity whose dependencies are recorded
  std::string_view field;                                // the field being evaluated, for messages
};

inline Scope ModuleScope(int module) {
  Scope scope;
  scope.module = module;
  return scope;
}

// What the first part of a reference names among entities, looked up in the one order
// both evaluation (EvalRef) and the evaluation order (CollectReferences) use: the feature's
// own infra, then the module's entities (a feature's fork in place of its baseline),
// then an import alias. `entity` is -1 when nothing matched, or when an import alias
// matched but names no entity (then `import` is set, for EvalRef to say why).
struct EntityLookup {
  int entity = -1;
  int import = -1;        // the index of the matching import of the scope's module
  size_t parts_used = 0;  // 1: `name`, 2: `alias.name`
};

struct KindInstance {
  std::map<std::string, Value> params;
  Value exports;  // a map, in declaration order
  std::optional<Value> provision, workload;
  std::string kind_name;
};

class Analyzer {
 public:
  Analyzer(ModuleSet& modules, DiagnosticSink& diags, const InputLimits& limits, AnalyzeAs as);
  model::Model Run();

 private:
  // analyzer.cpp: symbols and the overall order of work
  void DeclareSymbols();
  void DeclareFeatures();
  // `fork NAME { … }` in a feature, where NAME is a baseline infra.
  void DeclareInfraFork(int feature, int base, const ast::Decl& fork, int module);
  int AddEntity(Entity entity);
  void AssignModelSlots();
  void CheckUnused();
  void ReportDidYouMean(Diagnostic& d, std::string_view wrong,
                        const std::vector<std::string>& candidates);
  std::vector<std::string> NamesInScope(const Scope& scope) const;
  // Appends the names of `module`'s entities to `names`, sorted (the table is hashed; a
  // did-you-mean list must not depend on its order).
  void AppendEntityNames(int module, std::vector<std::string>& names) const;

  // fleet.cpp: the fleet header and features
  void CheckFleet();
  void CheckFeatures();
  void CheckTtl(const Value* ttl, std::string_view what);
  void CheckLintBlock(const Value* lint);
  // The value of a string field restricted to `choices` (DS3016 otherwise).
  std::string CheckChoice(const Value* value, std::initializer_list<std::string_view> choices,
                          const std::string& fallback);

  // kinds.cpp: kind declarations and instances
  void CollectKinds();
  const KindInfo* LookupKind(const ast::QualifiedName& name, int module, Span span);
  // `written` is the kind's name as the use spells it (`aws.sqs`), for messages.
  // `overrides` (a fork's block, evaluated in `overrides_scope`) replaces `args`
  // argument by argument.
  std::optional<KindInstance> Instantiate(const KindInfo& kind, const std::string& written,
                                          const ast::Body* args, const Scope& caller,
                                          const std::string& self_name,
                                          const std::string& self_namespace, Span at,
                                          const ast::Body* overrides = nullptr,
                                          const Scope* overrides_scope = nullptr);

  // evaluate.cpp: expressions to values
  Value Eval(const ast::Expr& expr, const Type& type, const Scope& scope);
  Value EvalString(const ast::Expr& expr, const Type& type, const Scope& scope);
  // Counts `value`'s bytes against limits_.max_evaluated_bytes; past it, reports DS3017
  // (once) and gives an error value instead.
  Value Budgeted(Value value);
  Value EvalNumber(const ast::Expr& expr, const Type& type, const Scope& scope);
  Value EvalRef(const ast::QualifiedName& name, const Type& type, const Scope& scope);
  // DS2015 for a kind named where a value is expected, with the use its category has.
  void ReportKindUse(const KindInfo& kind, const std::string& written, Span span);
  Value EvalCall(const ast::Expr& expr, const Type& type, const Scope& scope);
  Value EvalInstance(const ast::Expr& expr, const Type& type, const Scope& scope);
  Value EvalList(const ast::Expr& expr, const Type& type, const Scope& scope);
  Value EvalMap(const ast::Body& body, const Type& type, const Scope& scope, Span span);
  // Evaluates a record body against a schema. `required` is false for a fork.
  Value EvalRecord(const ast::Body& body, const RecordSchema& schema, const Scope& scope,
                   bool required, Span span);
  Value CheckAssignable(Value value, const Type& type, Span span);
  std::optional<Value> LookupEntityValue(int entity, const std::vector<ast::Name>& rest,
                                         const Type& type, const Scope& scope, Span span);
  int ForkOrSelf(int entity, const Scope& scope) const;
  EntityLookup LookupEntity(const ast::QualifiedName& name, const Scope& scope) const;

  // order.cpp: dependencies first, so evaluation never recurses along a chain
  std::vector<int> EvaluationOrder() const;
  // The entity `name` of an imported module: its own, or, for another team's fleet file,
  // one of the files that fleet deploys (they are its services as much as its own file's).
  int EntityOfImport(int module, const std::string& name) const;
  void CollectReferences(const ast::Body& body, const Scope& scope, std::vector<int>* out) const;
  void CollectReferences(const ast::Expr& expr, const Scope& scope, std::vector<int>* out) const;

  // entities.cpp: evaluating services and infra into the model
  void EnsureEvaluated(int entity);
  // The entity's exports (a map), built now if they were deferred.
  const Value& ExportsOf(int entity);
  void EvaluateService(int entity);
  void EvaluateInfra(int entity);
  // DS2025: a fork of infra whose exports are all its baseline's names the same resource.
  void CheckForkIsNotBaseline(const Entity& fork, const model::Infra& infra);
  Scope ScopeFor(int entity) const;
  // Where a fork's own block is evaluated: the feature's file, not the baseline's.
  Scope ForkScope(int entity) const;
  // A service's exports (name, host, with a port, port and url, with a route, route_url;
  // `url` is the route's with the fleet's `calls = "traefik"`): written into the
  // model as text by AddServiceExports, and built as Values from there when a reference
  // reads them (ExportsOf).
  void AddServiceExports(model::Service& service) const;
  Value ServiceExports(const Entity& entity, const model::Service& service) const;
  std::string NamespaceFor(const Entity& entity) const;

  // workload.cpp: checked records -> model structs, with their own checks
  void BuildWorkload(const Value& fields, const std::string& owner, model::Workload* out);
  void BuildService(const Value& fields, model::Service* out);
  void BuildServicePorts(const Value* service_ports, model::Service* out);
  // The fields a `pod { … }` block sets replace those of `out` (the fleet's defaults).
  void BuildPodSettings(const Value* pod, model::PodSettings* out);
  bool CheckPreviewHostPattern(const Value& pattern);
  void UseSecretClones(int feature);
  std::optional<model::Probe> BuildProbe(const Value* probe, const model::Workload& w,
                                         const std::string& owner, std::string_view which);
  std::vector<model::EnvVar> BuildEnv(const Value* env);
  void CheckResources(const Value* resources);
  // DS5019: a `dev.sync.from` that leaves the project, or starts with `~`.
  void CheckSyncSource(const Value& from);

  // k8s.cpp: names and routes as Kubernetes and Traefik will see them
  void CheckKubernetesNames();
  void CheckRouteConflicts();
  void CheckPreviewHostConflicts();

  // traefik_calls.cpp: the route hosts each service's env calls (Workload::traefik_hosts)
  void FindTraefikCalls();
  void CheckNameCollisions();
  void CheckLabels(const Value* labels);
  void CheckK8sName(const std::string& name, Span span, std::string_view what, bool letter_first);

  ModuleSet& modules_;
  DiagnosticSink* diags_;
  const InputLimits& limits_;
  AnalyzeAs as_;
  uint64_t evaluated_bytes_ = 0;  // see Budgeted()
  bool reported_expansion_ = false;
  DiagnosticSink muted_;  // swallows diagnostics of re-evaluations (a fork's baseline body)
  Schemas schemas_;
  model::Model model_;
  const Module& entry_;

  // Per module: name -> entity. Hashed: looked up for every declaration and reference;
  // whoever lists the names sorts them.
  std::vector<std::unordered_map<std::string, int>> entities_by_module_;
  std::vector<std::map<std::string, int>> kinds_by_module_;  // per module: name -> kind
  std::vector<Entity> entities_;
  std::vector<KindInfo> kinds_;
  std::vector<FeatureInfo> features_;
  std::vector<bool> is_member_;                  // per module: deployed with this fleet
  std::vector<std::vector<int>> fleet_members_;  // per fleet module but the entry: its member files
  std::vector<std::map<std::string, Value>> module_fleets_;  // per module: its `fleet.*`
};

}  // namespace dsc::sema
