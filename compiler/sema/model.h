// The checked model: sema's output and the only thing later stages (graph,
// emit, apply) see. No AST, no unresolved names: every value is evaluated.
// Spans remain so that later diagnostics can still point at the source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/source/source_file.h"

namespace dsc::model {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct EnvVar {
  std::string name;
  std::string value;  // when not a secret
  bool from_secret = false;
  std::string secret_name;
  std::string secret_key;
  // When the value is exactly an export of an infra (`QUEUE_URL = orders.url`):
  // the infra (index into Model::infra) and the export, else -1.
  int infra = -1;
  std::string infra_export;
};

struct Port {
  std::string name;
  int number = 0;        // the container's
  int service_port = 0;  // the Kubernetes Service's (`service_ports`); 0: `number`
  int ServicePort() const { return service_port > 0 ? service_port : number; }
};

struct Probe {
  enum class Action { kHttp, kTcp, kExec } action = Action::kHttp;
  std::string http_path;
  std::vector<std::string> exec;
  int port = 0;
  int64_t initial_delay_ms = -1, period_ms = -1, timeout_ms = -1;  // -1: Kubernetes default
  int failure_threshold = -1;
};

struct Resources {
  std::string cpu_request, memory_request, cpu_limit, memory_limit;  // as written; empty: unset
};

struct Route {
  std::string host;
  std::string path = "/";
  int port = 0;
  Span span;
};

struct Sync {
  std::string from, to;
  std::vector<std::string> exclude;
  // One-way by default: what the container writes (build outputs) stays there.
  bool download = false;
  std::string initial;  // DevSpace's initialSync strategy; empty: its default (mirrorLocal)
};

struct Dev {
  std::vector<Sync> sync;
  std::vector<std::string> reload_command;
  std::string reload_kind;   // e.g. "reload.go"; empty for a plain command
  std::string image;         // the dev-only image (toolchain); the deployed image stays
  std::optional<bool> logs;  // stream the container's logs in `devspace dev`; unset: DevSpace's
};

struct Toleration {
  std::string key, operator_, value, effect;  // empty: unset
};

// A cluster's conventions for pods, from the fleet's `pod { … }` (every pod) and a
// service's own `pod { … }` (each field it sets replaces the fleet's).
struct PodSettings {
  Labels node_selector;
  std::vector<Toleration> tolerations;
  std::vector<std::string> image_pull_secrets;
  Labels annotations;
  std::string service_account;
};

// What runs in a pod: a service, or an in-cluster infra server.
struct Workload {
  std::string image;
  std::vector<Port> ports;
  int replicas = 1;
  std::vector<std::string> command, args;
  std::vector<EnvVar> env;
  Resources resources;
  std::optional<Probe> readiness, liveness, startup;
  Labels labels;
  // The route hosts its env calls (in URLs: `http://api.shop.dev/…`), which Traefik
  // answers: sorted, lowercase. With the fleet's `traefik_address` they resolve to it
  // in the pod (hostAliases).
  std::vector<std::string> traefik_hosts;
  PodSettings pod;
};

struct Service : Workload {
  std::string name;      // as declared
  std::string k8s_name;  // `<name>` or, for a fork, `<name>-<label>`
  std::string namespace_;
  std::vector<Route> routes;
  std::optional<Dev> dev;
  // Forwards the routing header (or baggage) on the calls it makes: a feature label
  // survives the hop after it.
  bool propagates = false;
  std::string preview_host;  // its own pattern; empty: the fleet's
  // As text: name, host, port, url, and with a route, route_url.
  std::vector<std::pair<std::string, std::string>> exports;
  int feature = -1;       // index into Model::features for a fork
  bool external = false;  // another team's fleet: referenced, not deployed
  Span span;
};

// A provisioning Job (run as a Helm hook by `dsc build`).
struct Job {
  std::string image;
  std::vector<std::string> command, args;
  std::vector<EnvVar> env;
};

struct Infra {
  std::string name;
  std::string k8s_name;
  std::string namespace_;
  std::string kind;                                          // qualified, e.g. "aws.sqs"
  std::vector<std::pair<std::string, std::string>> params;   // as text, in declaration order
  std::vector<std::pair<std::string, std::string>> exports;  // as text, in declaration order
  std::optional<Job> provision;
  std::optional<Workload> workload;
  int feature = -1;
  bool external = false;
  Span span;
};

struct Feature {
  std::string name;
  std::string label;
  std::string namespace_;
  int64_t ttl_ms = 0;
  std::vector<int> forks;  // indexes into Model::services
  std::vector<int> infra;  // indexes into Model::infra
  // `clone_secrets`: baseline Secrets the feature gets its own copy of, `<name>-<label>`
  // in its namespace, which its forks and infra then read instead.
  std::vector<std::string> cloned_secrets;
  Span span;
};

// One entry of the fleet's `lint { DL101 = "off" }` block: a severity for a
// `dsc lint` rule, as written (a code or a rule name). Sema has checked both
// the rule and the severity; compiler/lint applies them.
struct LintSetting {
  std::string rule;
  std::string severity;
  Span span;
};

// The Traefik CRD group of a fleet's routes: v2 (traefik.containo.us, rule matchers
// `Headers`/`HeadersRegexp`) or v3 (traefik.io, `Header`/`HeaderRegexp`).
enum class TraefikVersion { kV2, kV3 };
// How the feature label travels: in the routing header itself, or as a member
// `<routing_header>=<label>` of the W3C `baggage` header, propagated by
// OpenTelemetry-instrumented services.
enum class RoutingMode { kHeader, kBaggage };

// As the fleet file writes them: "v2"/"v3", "header"/"baggage".
inline std::string_view NameOf(TraefikVersion version) {
  return version == TraefikVersion::kV2 ? "v2" : "v3";
}
inline std::string_view NameOf(RoutingMode mode) {
  return mode == RoutingMode::kBaggage ? "baggage" : "header";
}
inline std::optional<TraefikVersion> ParseTraefikVersion(std::string_view word) {
  if (word == "v2") return TraefikVersion::kV2;
  if (word == "v3") return TraefikVersion::kV3;
  return std::nullopt;
}

struct Fleet {
  std::string name;
  std::string namespace_;
  std::string domain;
  std::string routing_header = "x-devstack-label";
  RoutingMode routing = RoutingMode::kHeader;
  TraefikVersion traefik = TraefikVersion::kV3;
  // `calls = "traefik"`: a reference to a routed service's `url` is its route URL, so
  // calls pass through Traefik and follow the feature label; "direct" (false) keeps
  // the Kubernetes Service's address.
  bool calls_via_traefik = false;
  // Traefik's Service IP in the cluster: route hosts a pod calls resolve to it there.
  std::string traefik_address;
  // The Traefik entry points IngressRoutes listen on (the cluster's: `web`, `http` …).
  std::vector<std::string> entry_points = {"web"};
  // The Service port of every single-port service without `service_ports` (Devstack's
  // charts: 80, whatever the container listens on); 0: the container's.
  int service_port = 0;
  // Each feature's host for each routed baseline service; placeholders are filled in by
  // sema::PreviewHost (Devstack's clusters use one host per feature: `demo-${label}.dev.com`).
  std::string preview_host = "${service}-${label}.${fleet.domain}";
  PodSettings pod;  // every pod's defaults
  int64_t ttl_ms = 0;
  int64_t max_ttl_ms = 0;
  bool ephemeral = false;
  Labels labels;
  std::vector<LintSetting> lint;
  Span span;
};

// A node of the dependency graph: a service or an infra instance.
struct Node {
  enum class Kind { kService, kInfra } kind = Kind::kService;
  int index = 0;  // into services or infra
  std::string display_name;
};

struct Edge {
  int from = 0, to = 0;  // node indexes: `from` depends on `to`
  Span span;             // the reference or `depends_on` entry
  bool explicit_ = false;
};

struct Model {
  Fleet fleet;
  std::vector<Service> services;
  std::vector<Infra> infra;
  std::vector<Feature> features;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

}  // namespace dsc::model
