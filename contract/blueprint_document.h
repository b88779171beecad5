// blueprint.json, the contract between the compiler and everything that reads a build
// (`dsc apply`/`destroy`/`status`, `dsc diff`, other tools): one type, written and read
// by the same code. The format is documented in docs/blueprint.schema.json
// (contract/blueprint_document_test.cpp validates what ToJsonText writes against it);
// `format` changes when a field changes meaning.
//
// compiler/emit fills a BlueprintDocument from the plan and writes it; runtime/apply
// and compiler/diff read it back with FromJsonText. No secret values: env vars from
// Secrets appear as name/key references, plain env values not at all.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dsc::contract {

inline constexpr int kBlueprintFormat = 1;

// Name-value pairs in declaration order (labels, exports), as the fleet wrote them: the
// document keeps that order, and a repeated name keeps its first place and last value.
using NamedValues = std::vector<std::pair<std::string, std::string>>;

// One object a release's chart renders (the templates hold the manifest).
struct ObjectEntry {
  std::string api_version, kind;
  std::optional<std::string> ns;  // nullopt: cluster-scoped
  std::string name;
  std::optional<std::string> hook;  // the helm.sh/hook annotation, if a hook
};

struct ReleaseEntry {
  std::string name, ns;
  std::string kind;                    // service, infra, namespace, ...
  std::optional<std::string> entity;   // the fleet entity it deploys
  std::optional<std::string> feature;  // the feature's label; nullopt: the baseline
  std::optional<std::string> team;     // who it belongs to (`dsc usage --by team`); nullopt: none
  int wave = 0;
  std::string chart;               // "charts/<name>"
  std::vector<std::string> needs;  // "namespace/name" of releases in earlier waves
  std::vector<ObjectEntry> objects;
  std::string hash;  // base::ChartHash of the chart's files
};

struct SecretRef {
  std::string env, secret, key;
};

struct ServiceEntry {
  std::string name, k8s_name, ns;
  std::optional<std::string> feature;
  bool external = false;
  std::string image;
  long long replicas = 1;
  std::vector<std::pair<std::string, long long>> ports;  // name -> number, declared order
  std::vector<SecretRef> secret_refs;
  bool dev = false;
  NamedValues exports;
};

struct InfraEntry {
  std::string name, k8s_name, ns, kind;
  std::optional<std::string> feature;
  bool external = false;
  NamedValues exports;
};

struct Edge {
  std::string from, to;  // display names of fleet entities
};

struct FeatureEntry {
  std::string name, label, ns;
  std::string ttl;                 // janitor form ("12h"); empty: none
  std::vector<std::string> forks;  // service names
  std::vector<std::string> infra;  // infra names
};

struct RouteEntry {
  std::string host, path, match;
  long long priority = 0;
  std::string via;  // "host", "header" or "preview"
  std::optional<std::string> feature;
  std::string ingress_route, ns, service;
};

struct Routing {
  std::string mode, header, traefik;
};

struct FleetEntry {
  std::string name, ns, domain;
  bool ephemeral = false;
  std::string ttl;  // janitor form; empty: none
  Routing routing;
  NamedValues labels;
};

struct BlueprintDocument {
  int format = kBlueprintFormat;
  std::string generator;  // "dsc <version>"
  FleetEntry fleet;
  // Whether every feature of the fleet is in this build (no --feature): only then may
  // `dsc apply` take a feature missing from it as removed from the fleet.
  bool all_features = true;
  std::vector<std::string> namespaces;
  std::vector<ReleaseEntry> releases;  // in deployment order
  std::vector<ServiceEntry> services;
  std::vector<InfraEntry> infra;
  std::vector<Edge> edges;
  std::vector<FeatureEntry> features;
  std::vector<RouteEntry> routes;
};

// What each chart's templates render, as JSON, by chart path ("charts/api"): handed by
// the compiler to the runtime when both run in one process (`dsc apply fleet.ds`), so
// the manifests are not written as YAML and parsed back. The charts' files stay the
// record of what was built (their hash is checked either way).
using ChartObjects = std::map<std::string, std::vector<nlohmann::json>>;

// Two-space indented JSON, keys in the schema's order, a final newline: byte-stable.
std::string ToJsonText(const BlueprintDocument& document);

// False with `error` ("blueprint.json: ...", one line) when the text is not JSON, is
// another format, or lacks what the runtime needs (fleet, namespaces, features,
// releases). Lists a reader of an older build may lack (services, infra, edges, routes)
// are read as empty.
bool FromJsonText(const std::string& text, BlueprintDocument* out, std::string* error);

}  // namespace dsc::contract
