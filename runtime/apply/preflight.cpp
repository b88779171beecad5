#include "runtime/apply/preflight.h"

#include <map>
#include <set>
#include <utility>

#include "base/json_fields.h"

namespace dsc::runtime {
namespace {

using Kind = std::pair<std::string, std::string>;  // apiVersion, kind

// The kinds the blueprint's own CRDs define: served once the CRD is applied.
std::set<Kind> KindsDefinedByCrds(const Blueprint& blueprint) {
  std::set<Kind> defined;
  for (const Release& r : blueprint.releases) {
    for (const Object& o : r.objects) {
      if (o.ref.kind != "CustomResourceDefinition") continue;
      const nlohmann::json& spec = base::Member(o.manifest, "spec");
      std::string group = base::StringMember(spec, "group");
      std::string kind = base::StringMember(base::Member(spec, "names"), "kind");
      for (const nlohmann::json& version : base::ArrayMember(spec, "versions"))
        defined.insert({group + "/" + base::StringMember(version, "name"), kind});
      // apiextensions v1beta1 kept a single `version` beside the list.
      if (std::string single = base::StringMember(spec, "version"); !single.empty())
        defined.insert({group + "/" + single, kind});
    }
  }
  return defined;
}

}  // namespace

bool CheckKindsServed(Cluster& cluster, const Blueprint& blueprint,
                      const std::vector<std::string>& features, std::vector<std::string>* problems,
                      CallResult* failed) {
  // Each kind once, with the first release that uses it.
  std::map<Kind, const Release*> used;
  for (const Release& r : blueprint.releases) {
    if (!blueprint.Selects(r, features)) continue;
    for (const auto* list : {&r.objects, &r.hooks})
      for (const Object& o : *list) used.try_emplace({o.ref.api_version, o.ref.kind}, &r);
  }
  const std::set<Kind> defined = KindsDefinedByCrds(blueprint);
  for (const auto& [kind, release] : used) {
    if (defined.count(kind)) continue;
    CallResult served = cluster.ServesKind(kind.first, kind.second);
    if (served.ok()) continue;
    if (!served.NotFound()) {
      *failed = std::move(served);
      return false;
    }
    problems->push_back("release `" + release->Id() + "`: " + kind.second + " " + kind.first +
                        " is not served by this cluster, and no CRD of the blueprint defines it"
                        " (a typo in the kind or apiVersion, or a CRD to install first)");
  }
  return true;
}

}  // namespace dsc::runtime
