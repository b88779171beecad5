// The intermediate form between the model and the files: releases, each a
// list of Kubernetes objects, plus the routes and namespaces they use. Built
// by plan.cpp; printed by helmfile.cpp, charts.cpp, devspace.cpp and
// blueprint.cpp. Internal to compiler/emit/.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/emit/doc_writer.h"
#include "compiler/emit/emit.h"
#include "compiler/emit/yaml_writer.h"

namespace dsc::emit {

enum class ReleaseKind { kService, kInfra, kFeature };
// "service", "infra" or "feature": the Helmfile `component` label and blueprint.json's `kind`.
const char* ReleaseKindName(ReleaseKind kind);

// One object of a release. Its manifest is written as YAML text as it is built
// (doc_writer.h); the tree is built too only when a caller asks for it
// (`EmitContext::keep_manifests`): as nlohmann Json an object takes ~5 KB of small
// allocations, as text under 1 KB, and a plan of 10,000 services holds 30,000 of them.
struct PlannedObject {
  std::string api_version, kind, namespace_, name;
  std::string hook;     // the `helm.sh/hook` annotation; empty: not a hook
  int hook_weight = 0;  // `helm.sh/hook-weight`
  // ObjectIdentityHash of its API group, kind, namespace and name: taken while they are
  // in the cache, for the planner's check that no two objects share them.
  size_t identity_hash = 0;
  std::string yaml;  // the manifest
  std::optional<Json> manifest;
};

struct Release {
  ReleaseKind kind = ReleaseKind::kService;
  std::string name;
  std::string namespace_;
  std::string entity;                  // the service or infra name as declared; empty for kFeature
  Span span;                           // the declaration (or fork, or feature) it comes from
  int feature = -1;                    // index into Model::features; -1: baseline
  int node = -1;                       // graph node of a service or infra release
  int wave = 0;                        // deployment wave (0 first)
  std::string team;                    // empty when unknown
  std::string app_version;             // the image tag, for Chart.yaml
  std::set<std::string> needs;         // "namespace/release", Helmfile's form
  std::vector<PlannedObject> objects;  // in emission order (AddObject)
};

// One Traefik route as emitted, for blueprint.json (and `dsc route explain`).
struct RouteRecord {
  std::string host, path, match;
  int64_t priority = 0;
  std::string ingress_route, namespace_, service;  // the Kubernetes Service it reaches
  int feature = -1;                                // -1: baseline
  std::string via;                                 // "host", "header" or "preview"
  int port = 0;                                    // the Service port it sends to
  std::string middleware;                          // its Middleware's name; empty: none
};

struct Plan {
  std::vector<Release> releases;  // in deployment order (wave, then name)
  std::vector<RouteRecord> routes;
  std::set<std::string> namespaces;
  std::vector<int> features;  // the emitted features (indexes)
  model::TraefikVersion traefik = model::TraefikVersion::kV3;
};

// What every part of the emitter needs to see.
struct EmitContext {
  const model::Model& model;
  const graph::DependencyGraph& graph;
  const SourceManager& sources;
  const EmitOptions& options;
  DiagnosticSink& diags;
  model::TraefikVersion traefik;  // the options' override, or the fleet's
  std::vector<bool> feature_selected;
  // Whether PlannedObject::manifest is kept (`dsc apply` and `dsc route explain` read the
  // trees; the files and the stream need only the text).
  bool keep_manifests = false;

  // Whether what belongs to `feature` (-1: the baseline) is emitted.
  bool Emits(int feature) const { return feature < 0 || feature_selected[feature]; }
};

std::optional<Plan> BuildPlan(EmitContext& ctx);

// The context of one emit (emit.cpp), and the features `--feature` selects in it: false,
// with a DS6005 diagnostic, when one names no feature of the fleet.
EmitContext ContextFor(const check::CheckedFleet& fleet, const SourceManager& sources,
                       const EmitOptions& options, DiagnosticSink& diags);
bool SelectFeatures(EmitContext& ctx);

// The plan and files of the blueprint (emit.cpp): what EmitBlueprint writes and
// EmitRouting explains, built once. Nothing (with diagnostics) on an error.
struct EmittedBuild {
  Plan plan;
  OutputTree files;
};
std::optional<EmittedBuild> EmitBuild(const check::CheckedFleet& fleet,
                                      const SourceManager& sources, const EmitOptions& options,
                                      DiagnosticSink& diags, bool keep_manifests);

// Labels and annotations (meta.cpp).
struct ObjectIdentity {
  std::string name;  // metadata.name
  std::string namespace_;
  std::string entity;    // app.kubernetes.io/name
  std::string instance;  // app.kubernetes.io/instance, the selector key
  std::string release;
  int feature = -1;
  const model::Labels* user_labels = nullptr;  // the entity's own labels
};
// `metadata:` with the object's name, namespace, labels and annotations (its TTL, and
// Helm's hook annotations when `hooks` names the hook's phases).
void WriteObjectMeta(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id,
                     std::string_view hooks = {}, int hook_weight = 0);
// `labels:` as in the object's metadata (a pod template carries them too).
void WriteLabels(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id);
// `template:` of a Deployment or Job: the object's labels (and `annotations`, the pod's),
// and `spec` from `pod_spec` (workloads.cpp).
void WritePodTemplate(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id,
                      const std::function<void()>& pod_spec,
                      const model::Labels* annotations = nullptr);
// The cluster's conventions of a pod spec (node selector, tolerations, registry Secrets,
// and the service account `with_account`).
void WritePodSettings(DocWriter& w, const model::PodSettings& pod, bool with_account);
// The labels that select the object's pods, as a mapping value.
void WriteSelectorLabels(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id);
Json SelectorLabels(const EmitContext& ctx, const ObjectIdentity& id);
// kube-janitor's `janitor/ttl` value for a feature (or the ephemeral fleet), or
// empty when the objects are not short-lived.
std::string JanitorTtl(const EmitContext& ctx, int feature);
std::string FormatJanitorTtl(int64_t ms);
// `<base><suffix>` when it fits in `limit` characters, else `base` shortened
// and made unique with a hash of the whole name. Names dsc derives are kept
// within 63 (a DNS label: a Job's name becomes its pods' `job-name` label, and
// the reference schemas bound every object name so) and release names within
// 53, Helm's limit.
inline constexpr size_t kMaxObjectName = 63;
inline constexpr size_t kMaxReleaseName = 53;
std::string BoundedName(const std::string& base, const std::string& suffix,
                        size_t limit = kMaxObjectName);
// The release of a service or infra whose Kubernetes name is `k8s_name`.
std::string ReleaseName(const std::string& k8s_name);

// Appends an object to `release`: AddObject writes its `apiVersion`, `kind` and
// `metadata` from `head`, and `body` the rest (`spec`, `data`, ...), to the plan's
// YAML text and, with `keep_manifests`, to its tree (plan.cpp).
struct ObjectHead {
  ObjectHead(std::string api_version, std::string kind, ObjectIdentity id, std::string hook = {},
             int hook_weight = 0)
      : api_version(std::move(api_version)),
        kind(std::move(kind)),
        id(std::move(id)),
        hook(std::move(hook)),
        hook_weight(hook_weight) {}
  std::string api_version, kind;
  ObjectIdentity id;
  std::string hook;  // Helm hook phases (`pre-install,pre-upgrade`); empty: not a hook
  int hook_weight;
};
using BodyWriter = std::function<void(DocWriter&)>;
// The API group of an `apiVersion` ("apps" of "apps/v1", "" of "v1").
inline std::string_view ApiGroup(std::string_view api_version) {
  return api_version.substr(0, api_version.find('/'));
}
size_t ObjectIdentityHash(std::string_view group, std::string_view kind, std::string_view ns,
                          std::string_view name);
void AddObject(const EmitContext& ctx, Release& release, const ObjectHead& head,
               const BodyWriter& body);

// Manifests (workloads.cpp, routing.cpp, secrets.cpp).
void AddDeployment(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                   const model::Workload& w, const std::string& container);
// Nothing when the workload has no ports.
void AddService(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                const model::Workload& w);
void AddOutputsConfigMap(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                         const model::Infra& infra);
void AddProvisionJob(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                     const model::Infra& infra);
std::string OutputsConfigMapName(const model::Infra& infra);

void AddServiceRoutes(EmitContext& ctx, const model::Service& service, Release& release,
                      Plan& plan);
// Also adds to `release.needs` the releases of the Services the preview routes reach,
// but the feature's own forks' when `forks_wait` (they need `release`: it copies their
// Secrets).
void AddPreviewRoutes(EmitContext& ctx, int feature, bool forks_wait, Release& release, Plan& plan);
// The baseline Secrets a feature in its own namespace needs copies of; adds the
// hook objects that copy them. Returns whether any were added.
bool AddSecretCloning(const EmitContext& ctx, int feature, Release& release);

// The files (helmfile.cpp, charts.cpp, devspace.cpp, blueprint.cpp).
std::string HelmfileYaml(const EmitContext& ctx, const Plan& plan);
// AddChartFiles moves each object's YAML into its template file: the plan keeps the
// objects' identities, not their text twice.
void AddChartFiles(const EmitContext& ctx, Release& release, OutputTree& out);
std::optional<std::string> DevspaceYaml(const EmitContext& ctx, const Plan& plan);
std::string BlueprintJson(const EmitContext& ctx, const Plan& plan, const OutputTree& charts);

}  // namespace dsc::emit
