// What the oracle's checks share: the source, the build, and the link between them
// (which blueprint.json record and which release each source entity became). Internal
// to tests/oracle/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/oracle/build_tree.h"
#include "tests/oracle/source_view.h"

namespace dsc::oracle {

class Context {
 public:
  Context(const SourceView& source, const BuildTree& build, std::vector<std::string>* violations);

  const SourceView& source;
  const BuildTree& build;

  // The deployed entities this build holds (a build with --feature holds some features).
  const std::vector<Entity>& emitted() const { return emitted_; }
  // blueprint.json's record of an entity (services[] or infra[]), or null.
  const Json* RecordOf(const Entity& entity) const;
  // "namespace/name" of the release that deploys an emitted entity, or "".
  std::string ReleaseOf(const Entity& entity) const;
  // "namespace/name" of a feature's own release (previews, Secret copies), or "".
  std::string FeatureReleaseOf(int feature) const;
  std::string LabelOf(int feature) const { return source.features()[feature].label; }
  // The feature with this label, or -1.
  int FeatureWithLabel(const std::string& label) const;

  // The value an expression has where it is written: string pieces, references to
  // exports (from blueprint.json's records) and `fleet.*`; nullopt for anything else.
  std::optional<std::string> Evaluate(const ast::Expr& expr, Where where) const;
  std::optional<std::string> ExportValue(const Entity& entity, const std::string& name) const;

  // "service `api` of feature `beta` (teams/a.ds)", for violations.
  std::string Describe(const Entity& entity) const;
  void Fail(std::string violation) { violations_->push_back(std::move(violation)); }

 private:
  std::optional<std::string> EvaluateRef(const ast::QualifiedName& name, Where where) const;
  const Json* ReleaseRecord(const std::string& kind, const std::string& entity,
                            const Json& feature) const;

  std::vector<std::string>* violations_;
  std::vector<Entity> emitted_;
  std::map<Entity, std::string> release_;
};

// The checks (one file each), over the whole build.
void CheckEnv(Context& ctx);            // check_env.cpp
void CheckConfigMapRefs(Context& ctx);  // check_env.cpp
void CheckSecretCopies(Context& ctx);   // check_env.cpp
void CheckSelectors(Context& ctx);      // check_selectors.cpp
void CheckRoutes(Context& ctx);         // check_routes.cpp
void CheckNeeds(Context& ctx);          // check_needs.cpp
void CheckNamespaceTtls(Context& ctx);  // check_namespaces.cpp

// The pod templates of Deployments and Jobs, with the object each belongs to.
std::vector<std::pair<const Object*, const Json*>> PodSpecs(const BuildTree& build);

}  // namespace dsc::oracle
