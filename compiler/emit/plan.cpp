// The checked model -> releases of Kubernetes objects (see plan.h).
//
// One release per service and per infra instance of the baseline, the same for
// each emitted feature's forks and infra, and one release per feature for
// what belongs to the feature as a whole (preview routes, Secret copies).
// A release `needs` the releases of the nodes it depends on, so Helmfile and
// `dsc apply` deploy in dependency order.
#include "compiler/emit/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_map>

#include "compiler/sema/image_ref.h"

namespace dsc::emit {
namespace {

std::string ImageTag(const std::string& image) {
  return std::string(sema::SplitImage(image).tag.value_or(""));
}

std::string LabelValue(const model::Labels& labels, std::string_view key) {
  for (const auto& [k, v] : labels) {
    if (k == key) return v;
  }
  return "";
}

class Planner {
 public:
  explicit Planner(EmitContext& ctx) : ctx_(ctx), model_(ctx.model) {
    node_of_service_.assign(model_.services.size(), -1);
    node_of_infra_.assign(model_.infra.size(), -1);
    for (size_t n = 0; n < model_.nodes.size(); ++n) {
      const model::Node& node = model_.nodes[n];
      auto& table = node.kind == model::Node::Kind::kService ? node_of_service_ : node_of_infra_;
      table[node.index] = static_cast<int>(n);
    }
  }

  std::optional<Plan> Run() {
    plan_.traefik = ctx_.traefik;
    for (size_t f = 0; f < model_.features.size(); ++f) {
      if (ctx_.feature_selected[f]) plan_.features.push_back(static_cast<int>(f));
    }
    // Feature releases first: forks need to know whether theirs copies Secrets.
    std::map<int, std::string> feature_release;
    for (int f : plan_.features) {
      if (auto name = AddFeatureRelease(f)) feature_release[f] = *name;
    }
    // A release per service and infra, a route per declared one: reserved, so that the
    // plan is not moved again and again as it grows (30,000 strings at each doubling).
    size_t routes = plan_.routes.size();
    for (const model::Service& service : model_.services) routes += service.routes.size();
    plan_.releases.reserve(plan_.releases.size() + model_.services.size() + model_.infra.size());
    plan_.routes.reserve(routes);
    for (size_t s = 0; s < model_.services.size(); ++s) {
      const model::Service& service = model_.services[s];
      if (!Emitted(service.external, service.feature)) continue;
      Release& r = AddServiceRelease(service, node_of_service_[s]);
      if (auto it = feature_release.find(service.feature); it != feature_release.end())
        r.needs.insert(it->second);
    }
    for (size_t i = 0; i < model_.infra.size(); ++i) {
      const model::Infra& infra = model_.infra[i];
      if (!Emitted(infra.external, infra.feature)) continue;
      Release& r = AddInfraRelease(infra, node_of_infra_[i]);
      if (auto it = feature_release.find(infra.feature); it != feature_release.end())
        r.needs.insert(it->second);
    }
    if (!CheckUniqueObjects()) return std::nullopt;
    OrderReleases();
    const std::string* last = nullptr;  // objects come in runs of one namespace
    for (const Release& r : plan_.releases) {
      for (const PlannedObject& o : r.objects) {
        if (last && *last == o.namespace_) continue;
        plan_.namespaces.insert(o.namespace_);
        last = &o.namespace_;
      }
    }
    return std::move(plan_);
  }

 private:
  bool Emitted(bool external, int feature) const { return !external && ctx_.Emits(feature); }

  // "namespace/release" of the release that deploys `node`, if it is emitted.
  std::optional<std::string> ReleaseOfNode(int node) const {
    const model::Node& n = model_.nodes[node];
    if (n.kind == model::Node::Kind::kService) {
      const model::Service& s = model_.services[n.index];
      if (!Emitted(s.external, s.feature)) return std::nullopt;
      return s.namespace_ + "/" + ReleaseName(s.k8s_name);
    }
    const model::Infra& i = model_.infra[n.index];
    if (!Emitted(i.external, i.feature)) return std::nullopt;
    return i.namespace_ + "/" + ReleaseName(i.k8s_name);
  }

  // The team: the entity's `team` label, else the member file it is declared
  // in (teams/catalog.ds -> catalog), else the fleet's `team` label.
  std::string TeamOf(const model::Labels& labels, Span span) const {
    if (std::string team = LabelValue(labels, "team"); !team.empty()) return team;
    if (ctx_.sources.IsValid(span.file) && span.file != model_.fleet.span.file) {
      return std::filesystem::path(ctx_.sources.Get(span.file).path()).stem().string();
    }
    return LabelValue(model_.fleet.labels, "team");
  }

  Release NewRelease(ReleaseKind kind, const std::string& name, const std::string& ns,
                     const std::string& entity, int feature, int node) {
    Release r;
    r.kind = kind;
    r.name = name;
    r.namespace_ = ns;
    r.entity = entity;
    r.feature = feature;
    r.node = node;
    if (node >= 0) {
      for (int dep : ctx_.graph.deps[node]) {
        if (auto needed = ReleaseOfNode(dep)) r.needs.insert(*needed);
      }
    }
    return r;
  }

  Release& AddServiceRelease(const model::Service& s, int node) {
    Release r = NewRelease(ReleaseKind::kService, ReleaseName(s.k8s_name), s.namespace_, s.name,
                           s.feature, node);
    // A fork's model span is its baseline's declaration; the feature is where it comes from.
    r.span = s.feature >= 0 ? model_.features[s.feature].span : s.span;
    r.team = TeamOf(s.labels, s.span);
    r.app_version = ImageTag(s.image);
    ObjectIdentity id{s.k8s_name, s.namespace_, s.name, s.k8s_name, r.name, s.feature, &s.labels};
    AddDeployment(ctx_, r, id, s, s.name);
    AddService(ctx_, r, id, s);
    AddServiceRoutes(ctx_, s, r, plan_);
    plan_.releases.push_back(std::move(r));
    return plan_.releases.back();
  }

  Release& AddInfraRelease(const model::Infra& infra, int node) {
    Release r = NewRelease(ReleaseKind::kInfra, ReleaseName(infra.k8s_name), infra.namespace_,
                           infra.name, infra.feature, node);
    r.span = infra.span;
    const model::Labels no_labels;
    const model::Labels& labels = infra.workload ? infra.workload->labels : no_labels;
    r.team = TeamOf(labels, infra.span);
    ObjectIdentity id{infra.k8s_name, infra.namespace_, infra.name, infra.k8s_name,
                      r.name,         infra.feature,    &labels};
    if (!infra.exports.empty()) AddOutputsConfigMap(ctx_, r, id, infra);
    if (infra.provision) AddProvisionJob(ctx_, r, id, infra);
    if (infra.workload) {
      r.app_version = ImageTag(infra.workload->image);
      AddDeployment(ctx_, r, id, *infra.workload, infra.name);
      AddService(ctx_, r, id, *infra.workload);
    }
    plan_.releases.push_back(std::move(r));
    return plan_.releases.back();
  }

  // The feature's own release; returns its "namespace/name" when it has
  // Secret-copying hooks that the feature's workloads must wait for.
  std::optional<std::string> AddFeatureRelease(int f) {
    const model::Feature& feature = model_.features[f];
    Release r = NewRelease(ReleaseKind::kFeature,
                           BoundedName("feature-" + feature.label, "", kMaxReleaseName),
                           feature.namespace_, "", f, -1);
    r.span = feature.span;
    r.team = LabelValue(model_.fleet.labels, "team");
    bool clones = AddSecretCloning(ctx_, f, r);
    AddPreviewRoutes(ctx_, f, clones, r, plan_);
    if (r.objects.empty()) return std::nullopt;
    std::string key = r.namespace_ + "/" + r.name;
    plan_.releases.push_back(std::move(r));
    if (!clones) return std::nullopt;
    return key;
  }

  // An object's identity on the cluster: API group, kind, namespace, name (views of the
  // plan's strings, which outlive the check).
  struct ObjectKey {
    std::string_view group, kind, ns, name;
    explicit ObjectKey(const PlannedObject& o)
        : group(ApiGroup(o.api_version)), kind(o.kind), ns(o.namespace_), name(o.name) {}
    bool operator==(const ObjectKey&) const = default;
  };

  // Two objects with one kind, namespace and name would overwrite each other.
  // An open-addressed table of the hashes AddObject took: at 10,000 services a sorted map
  // of 30,000 long keys was a tenth of the plan, and a hash map of views, each entry a
  // node and each lookup four reads of strings long out of the cache, still a twentieth
  // of `dsc build -o -`. The strings are read again only when two hashes are equal.
  bool CheckUniqueObjects() {
    struct Owned {
      const PlannedObject* object;
      const Release* release;
    };
    size_t count = 0;
    for (const Release& r : plan_.releases) count += r.objects.size();
    size_t mask = std::bit_ceil(2 * count + 1) - 1;
    std::vector<Owned> slots(mask + 1, Owned{nullptr, nullptr});
    std::unordered_map<std::string_view, const Release*> releases;
    releases.reserve(plan_.releases.size());
    bool ok = true;
    for (const Release& r : plan_.releases) {
      // Unique by name alone, not per namespace as Helm would allow: each
      // release has one chart directory, `charts/<name>`.
      if (auto [it, fresh] = releases.emplace(r.name, &r); !fresh) {
        ctx_.diags
            .Report(DiagKind::kNameCollision, r.span, "release", r.name, Describe(*it->second),
                    Describe(r))
            .Secondary(it->second->span, "the other one")
            .Help("rename one of them, or give the feature another `label`");
        ok = false;
        continue;
      }
      for (const PlannedObject& o : r.objects) {
        size_t at = o.identity_hash & mask;
        while (slots[at].object != nullptr && (slots[at].object->identity_hash != o.identity_hash ||
                                               ObjectKey(*slots[at].object) != ObjectKey(o))) {
          at = (at + 1) & mask;
        }
        if (slots[at].object == nullptr) {
          slots[at] = {&o, &r};
          continue;
        }
        const Release& owner = *slots[at].release;
        std::string okey = o.kind + " " + o.namespace_ + "/" + o.name;
        ctx_.diags
            .Report(DiagKind::kNameCollision, r.span, "object", okey, Describe(owner), Describe(r))
            .Secondary(owner.span, "the other one")
            .Help("rename one of them, or give the feature another `label`");
        ok = false;
      }
    }
    return ok;
  }

  std::string Describe(const Release& r) const {
    std::string in_feature =
        r.feature >= 0 ? fmt::format(" of feature `{}`", model_.features[r.feature].name) : "";
    switch (r.kind) {
      case ReleaseKind::kService:
        return fmt::format("{} `{}`{}", r.feature >= 0 ? "the fork" : "service", r.entity,
                           in_feature);
      case ReleaseKind::kInfra:
        return fmt::format("infra `{}`{}", r.entity, in_feature);
      case ReleaseKind::kFeature:
        return fmt::format("the routing release{}", in_feature);
    }
    return r.name;
  }

  // Waves from the releases' `needs` (Kahn), then by namespace and name.
  void OrderReleases() {
    size_t n = plan_.releases.size();
    std::unordered_map<std::string, size_t> index;
    index.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      index.emplace(plan_.releases[i].namespace_ + "/" + plan_.releases[i].name, i);
    }
    std::vector<std::vector<size_t>> dependents(n);
    std::vector<int> pending(n, 0);
    for (size_t i = 0; i < n; ++i) {
      for (const std::string& need : plan_.releases[i].needs) {
        auto it = index.find(need);
        if (it == index.end()) continue;
        dependents[it->second].push_back(i);
        ++pending[i];
      }
    }
    std::vector<size_t> ready;
    for (size_t i = 0; i < n; ++i) {
      if (pending[i] == 0) ready.push_back(i);
    }
    for (int wave = 0; !ready.empty(); ++wave) {
      std::vector<size_t> next;
      for (size_t i : ready) {
        plan_.releases[i].wave = wave;
        for (size_t d : dependents[i]) {
          if (--pending[d] == 0) next.push_back(d);
        }
      }
      ready = std::move(next);
    }
    // The order is found on indexes and the releases moved once: a Release is large, and
    // a merge sort moves each one about log2(n) times.
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    const std::vector<Release>& releases = plan_.releases;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Release& x = releases[a];
      const Release& y = releases[b];
      return std::tie(x.wave, x.namespace_, x.name) < std::tie(y.wave, y.namespace_, y.name);
    });
    std::vector<Release> sorted;
    sorted.reserve(n);
    for (size_t i : order) sorted.push_back(std::move(plan_.releases[i]));
    plan_.releases = std::move(sorted);
  }

  EmitContext& ctx_;
  const model::Model& model_;
  Plan plan_;
  std::vector<int> node_of_service_, node_of_infra_;
};

}  // namespace

const char* ReleaseKindName(ReleaseKind kind) {
  switch (kind) {
    case ReleaseKind::kService:
      return "service";
    case ReleaseKind::kInfra:
      return "infra";
    case ReleaseKind::kFeature:
      return "feature";
  }
  return "service";
}

std::optional<Plan> BuildPlan(EmitContext& ctx) { return Planner(ctx).Run(); }

size_t ObjectIdentityHash(std::string_view group, std::string_view kind, std::string_view ns,
                          std::string_view name) {
  std::hash<std::string_view> h;
  size_t seed = h(name);
  for (std::string_view part : {ns, kind, group})
    seed ^= h(part) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

void AddObject(const EmitContext& ctx, Release& release, const ObjectHead& head,
               const BodyWriter& body) {
  auto write = [&](DocWriter& w) {
    w.BeginMap();
    w.Str("apiVersion", head.api_version);
    w.Str("kind", head.kind);
    WriteObjectMeta(w, ctx, head.id, head.hook, head.hook_weight);
    body(w);
    w.End();
  };
  // Written into one writer's buffer, which grows to the largest object and stays, and
  // copied at its size: growing each of 30,000 strings by doubling copied each one six
  // times and left a third of it unused. (One per thread: `dsc apply` emits on one, but
  // nothing here needs to know that.)
  static thread_local YamlDocWriter yaml;
  yaml.Clear();
  write(yaml);
  std::optional<Json> manifest;
  if (ctx.keep_manifests) {
    JsonDocWriter tree;
    write(tree);
    manifest = tree.Take();
  }
  // Made in place: a release's objects are moved as the vector grows, not once more.
  if (release.objects.empty()) release.objects.reserve(4);  // a service's, with its routes
  PlannedObject& object = release.objects.emplace_back();
  object.api_version = head.api_version;
  object.kind = head.kind;
  object.namespace_ = head.id.namespace_;
  object.name = head.id.name;
  object.identity_hash =
      ObjectIdentityHash(ApiGroup(object.api_version), object.kind, object.namespace_, object.name);
  object.hook = head.hook;
  object.hook_weight = head.hook_weight;
  object.yaml.assign(yaml.text());
  object.manifest = std::move(manifest);
}

}  // namespace dsc::emit
