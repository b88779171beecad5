// What `dsc diff` found: the semantic summary (what changed in the fleet) and
// the per-object manifest diff (what changes in the cluster). Built by
// compare.h from two build trees, printed by render.h. Values are display
// strings, never secret values: Secrets appear as `secret(name, key)`, and a
// Secret object's data is masked before it is diffed (secret_mask.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diff/line_diff.h"

namespace dsc::diff {

enum class Change { kAdded, kRemoved, kChanged };
// "added", "removed", "changed".
const char* ChangeName(Change change);

// One field of an entity, as a display string on each side; nullopt: absent.
struct FieldChange {
  std::string field;  // "image", "replicas", "env.API_TOKEN", "resources.limits.cpu", "ttl"
  std::optional<std::string> before, after;
};

// A service, infra instance or feature that appeared, disappeared or changed.
struct EntityChange {
  Change change = Change::kChanged;
  std::string name;     // Kubernetes name for services and infra (`api`, `api-checkout`)
  std::string feature;  // the feature label for forks and a feature's infra; empty: baseline
  std::string namespace_;
  std::string detail;  // added/removed: a short description (`db.redis`, `ttl 2d, forks api`)
  std::vector<FieldChange> fields;  // changed: what changed
};

struct EdgeChange {
  Change change = Change::kAdded;  // added or removed
  std::string from, to;            // display names, `from` depends on `to`
};

struct RouteChange {
  Change change = Change::kChanged;
  std::string host, path;  // the new side's when changed
  std::string via;         // "host", "header" or "preview"
  std::string feature;     // empty: baseline
  std::string namespace_, ingress_route;
  std::vector<FieldChange> fields;  // path, priority, match, service
};

// A Helm release that `helmfile apply` (or `dsc apply`) would act on.
struct ReleaseChange {
  // kRepair (`dsc diff --live` only): the fleet did not change the release, but the
  // cluster changed fields dsc set; `dsc apply` sends those objects again, without hooks.
  enum class Action { kInstall, kUpgrade, kRepair, kUninstall } action = Action::kUpgrade;
  std::string name, namespace_;
  std::vector<std::string> objects;  // the changed objects, `Kind name`, for an upgrade
};
// "install", "upgrade", "repair", "uninstall".
const char* ActionName(ReleaseChange::Action action);

// One Kubernetes object whose rendered manifest differs.
struct ObjectChange {
  Change change = Change::kChanged;
  std::string api_version, kind, namespace_, name;
  std::string release;
  std::vector<Hunk> hunks;  // the unified diff of its YAML (secret data masked)

  std::string Describe() const;  // "Deployment shop/api"
};

struct Report {
  // `dsc diff --live`: OLD is the cluster, NEW the blueprint; the summary is the
  // cluster-side sections below, not the fleet's entities.
  bool live = false;
  std::string before_label, after_label;  // the sides as given on the command line
  std::string fleet;                      // the new side's fleet name
  std::vector<FieldChange> fleet_fields;  // namespace, domain, ttl, routing, labels …
  std::vector<EntityChange> services, infra, features;
  std::vector<EdgeChange> edges;
  std::vector<RouteChange> routes;
  std::vector<ReleaseChange> releases;
  std::vector<ObjectChange> objects;
  // --live only.
  std::vector<std::string> new_namespaces;  // namespaces `dsc apply` would create
  // Objects whose fields dsc set were changed in the cluster: name `Deployment shop/api`,
  // detail naming who changed them, fields as cluster value -> blueprint value.
  std::vector<EntityChange> drift;
  std::vector<std::string> problems;  // where `dsc apply` would stop: "Deployment shop/api: …"

  bool Same() const {
    return fleet_fields.empty() && services.empty() && infra.empty() && features.empty() &&
           edges.empty() && routes.empty() && releases.empty() && objects.empty() &&
           new_namespaces.empty() && drift.empty() && problems.empty();
  }
};

}  // namespace dsc::diff
