// `dsc platform` and `dsc build --platform`: what a cluster needs before any fleet runs
// on it (Traefik with its CRDs, LocalStack, kube-janitor), as a blueprint of dsc's own.
//
// Input: a few settings (flags). Output: the same files `dsc build` writes for a fleet
// (blueprint.json, helmfile.yaml, one chart per component), so `dsc apply`, `status`,
// `destroy` and `diff --live` handle the platform with the runtime that handles fleets
// (inventory, waves, readiness), and Helm users deploy it with `helmfile apply`.
// Pure, as every emitter: the same settings always give the same bytes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/emit/emit.h"

namespace dsc::emit {

struct PlatformSettings {
  std::string ns = "dsc-platform";  // everything namespaced goes here
  model::TraefikVersion traefik = model::TraefikVersion::kV3;
  // Traefik's entry points, name -> container port; the Service exposes `web` on 80 and
  // `websecure` on 443, any other on its own port.
  std::vector<std::pair<std::string, int>> entry_points = {{"web", 8000}, {"websecure", 8443}};
  std::string service_type =
      "LoadBalancer";             // Traefik's Service: LoadBalancer, NodePort, ClusterIP
  bool traefik_installed = true;  // false: a Traefik is there already (its CRDs too)
  bool localstack = true;
  bool janitor = true;
};

// The fleet name the platform's blueprint (and so its inventory) carries.
inline constexpr const char* kPlatformFleet = "dsc-platform";

// The images the platform runs, pinned by tag (docs/platform.md lists them).
std::string TraefikImage(model::TraefikVersion version);
inline constexpr const char* kLocalStackImage = "localstack/localstack:3.8.1";
inline constexpr const char* kJanitorImage = "hjacobs/kube-janitor:20.10.0";

// A setting no cluster would accept (a namespace or entry point name that is not a DNS
// label, a port out of range, an unknown Service type): what is wrong, or empty.
std::string CheckPlatformSettings(const PlatformSettings& settings);

// The platform's files. The settings must pass CheckPlatformSettings.
OutputTree EmitPlatform(const PlatformSettings& settings);

}  // namespace dsc::emit
