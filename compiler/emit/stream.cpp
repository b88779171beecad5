// `dsc build -o -`: the blueprint's objects as one YAML stream (emit.h EmitStream).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/free_at_exit.h"
#include "compiler/emit/emit.h"
#include "compiler/emit/plan.h"
#include "compiler/emit/yaml_writer.h"

namespace dsc::emit {
namespace {

// When an object runs in its release: before the rest (a pre-install hook), with it,
// or after it (a post-install hook). Helm's phases, kept so that a hook that creates a
// queue still runs before the Deployment that reads it when the stream is applied
// in order.
enum class Phase { kPreHook, kObject, kPostHook };

Phase PhaseOf(const PlannedObject& object) {
  if (object.hook.empty()) return Phase::kObject;
  return object.hook.find("pre-") != std::string::npos ? Phase::kPreHook : Phase::kPostHook;
}

// A namespace the objects go into, as `dsc apply` creates it before them (Helm would
// need `createNamespace`; `kubectl apply -f -` needs the object). It belongs to the
// first release (in deployment order) that places an object in it, as in `dsc apply`:
// a feature's namespace carries the feature's TTL, so kube-janitor removes it with the
// feature, and a namespace the baseline uses first is never given one.
Json NamespaceObject(const EmitContext& ctx, const Plan& plan, const std::string& name) {
  int feature = -1;
  bool found = false;
  for (const Release& release : plan.releases) {
    for (const PlannedObject& object : release.objects) {
      if (object.namespace_ != name) continue;
      feature = release.feature;
      found = true;
      break;
    }
    if (found) break;
  }
  Json meta = {
      {"name", name},
      {"labels",
       {{"app.kubernetes.io/managed-by", "dsc"}, {"devstack.io/fleet", ctx.model.fleet.name}}}};
  if (std::string ttl = JanitorTtl(ctx, feature); !ttl.empty())
    meta["annotations"] = {{"janitor/ttl", ttl}};
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", meta}};
}

}  // namespace

bool EmitStream(const check::CheckedFleet& fleet, const SourceManager& sources,
                const EmitOptions& options, DiagnosticSink& diags, const StreamWriter& write) {
  EmitContext ctx = ContextFor(fleet, sources, options, diags);
  if (!SelectFeatures(ctx)) return false;
  std::optional<Plan> plan = BuildPlan(ctx);
  if (!plan || diags.has_errors()) return false;
  // The namespaces' text and the release headers are held here, and the objects' in the
  // plan, until `write` has had them.
  size_t object_count = 0;
  for (const Release& release : plan->releases) object_count += release.objects.size();
  std::vector<std::string> held;
  held.reserve(plan->namespaces.size() + plan->releases.size());  // no move: views stay
  std::vector<std::string_view> pieces;
  pieces.reserve(2 * (plan->namespaces.size() + object_count));
  for (const std::string& ns : plan->namespaces) {
    pieces.push_back("---\n# namespace\n");
    pieces.push_back(held.emplace_back(ToYaml(NamespaceObject(ctx, *plan, ns))));
  }
  std::vector<const PlannedObject*> objects;
  for (const Release& release : plan->releases) {
    objects.clear();
    bool hooks = false;
    for (const PlannedObject& object : release.objects) {
      objects.push_back(&object);
      hooks |= !object.hook.empty();
    }
    // Stable: objects keep the order the chart lists them in, hooks of one weight too.
    // (Most releases have no hooks, and are in that order already.)
    if (hooks) {
      std::stable_sort(objects.begin(), objects.end(),
                       [](const PlannedObject* a, const PlannedObject* b) {
                         Phase pa = PhaseOf(*a), pb = PhaseOf(*b);
                         if (pa != pb) return pa < pb;
                         return pa != Phase::kObject && a->hook_weight < b->hook_weight;
                       });
    }
    // One header per release, not formatted per object (30,000 fmt::format calls at
    // 10,000 services).
    std::string_view header =
        held.emplace_back("---\n# release " + release.namespace_ + "/" + release.name + " (wave " +
                          std::to_string(release.wave) + ")\n");
    for (const PlannedObject* object : objects) {
      pieces.push_back(header);
      pieces.push_back(object->yaml);
    }
  }
  write(pieces);
  base::Free(std::move(*plan));
  return true;
}

}  // namespace dsc::emit
