// Stage 4: the checked model -> the files of a deployable blueprint.
//
// Input: a CheckedFleet (model + dependency graph, free of errors). Output: an
// OutputTree, i.e. relative path -> file content, written to disk atomically
// by output_tree.h. Emitting is pure: no clock, no randomness, no file system,
// so the same model always gives byte-identical files.
//
//   helmfile.yaml            one release per service, infra and feature
//   charts/<release>/        Chart.yaml, templates/manifests.yaml (a document per object)
//   devspace.yaml            DevSpace v6 dev/sync config (when a service has `dev`)
//   blueprint.json           the resolved model for `dsc apply`, `dsc diff` and tools
//
// Problems only visible here (two objects with one name) are DS6xxx diagnostics.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/check/check.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "contract/blueprint_document.h"

namespace dsc::emit {

struct EmitOptions {
  // Features to emit (by name or label); empty: every feature. The baseline is
  // always emitted.
  std::vector<std::string> features;
  // Overrides the fleet's `traefik` field; nullopt: the fleet's.
  std::optional<model::TraefikVersion> traefik;
  // The directory of the fleet file as seen from the output directory, for
  // DevSpace's sync paths (DevSpace resolves them against devspace.yaml).
  std::string source_dir_from_output = ".";
};

using OutputTree = std::map<std::string, std::string>;  // sorted: deterministic order

// Returns false (with diagnostics) when the model cannot be emitted. `objects`, if
// given, receives what each chart's templates render (for `dsc apply` of a fleet file).
bool EmitBlueprint(const check::CheckedFleet& fleet, const SourceManager& sources,
                   const EmitOptions& options, DiagnosticSink& diags, OutputTree* out,
                   contract::ChartObjects* objects = nullptr);

// `dsc build -o -`: every object of the blueprint as one YAML stream, to pipe into
// `kubectl apply -f -`, a schema checker or a review diff. Releases in deployment
// order; in each, its pre-install hooks, its objects, its post-install hooks (hooks by
// weight), each document headed by a comment naming its release and wave. No files
// (helmfile.yaml, devspace.yaml, blueprint.json) are built.
//
// The stream goes to `write` once, as the pieces it is made of, in order: the objects'
// text where the plan holds it, between the headers. Not joined into one string (at
// 10,000 services it is ~23 MB) nor copied through a buffer: `dsc build` hands the
// pieces to writev(2), and copying them through stdio was a twentieth of its time.
// Nothing is written unless the emit succeeds: errors are all found before the call.
using StreamWriter = std::function<void(std::span<const std::string_view> pieces)>;
bool EmitStream(const check::CheckedFleet& fleet, const SourceManager& sources,
                const EmitOptions& options, DiagnosticSink& diags, const StreamWriter& write);

// The Traefik routing of the blueprint `EmitBlueprint` writes, for tools that
// explain it (`dsc route explain`): every route of blueprint.json's `routes`,
// with the port and the Middlewares of its IngressRoute entry.
struct EmittedMiddleware {
  std::string namespace_, name;
  // `headers.customRequestHeaders`: set on the request, replacing what it carried.
  std::vector<std::pair<std::string, std::string>> request_headers;
};
struct EmittedRoute {
  std::string host, path, match;
  int64_t priority = 0;
  std::string ingress_route, namespace_, service;  // the Kubernetes Service it reaches
  int port = 0;
  int feature = -1;  // index into Model::features; -1: baseline
  std::string via;   // "host", "header" or "preview"
  std::vector<EmittedMiddleware> middlewares;
};
struct EmittedRouting {
  model::TraefikVersion traefik = model::TraefikVersion::kV3;
  std::vector<int> features;  // the emitted features (indexes)
  std::vector<EmittedRoute> routes;
};
// Nothing (with diagnostics) when `EmitBlueprint` would fail (plan_access.cpp).
std::optional<EmittedRouting> EmitRouting(const check::CheckedFleet& fleet,
                                          const SourceManager& sources, const EmitOptions& options,
                                          DiagnosticSink& diags);

}  // namespace dsc::emit
