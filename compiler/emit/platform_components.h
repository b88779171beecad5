// The platform's components (platform.h), one release each: what they run and the
// objects they are made of. platform.cpp turns them into charts and blueprint.json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/emit/platform.h"
#include "compiler/emit/yaml_writer.h"

namespace dsc::emit {

struct PlatformComponent {
  std::string name;  // release and chart
  std::string description;
  std::string app_version;
  int wave = 0;
  std::vector<std::string> needs;  // names of components in earlier waves
  // Upstream manifests applied as they are (Traefik's CRDs), before `objects`.
  std::string_view verbatim_yaml;
  std::vector<Json> objects;
};

std::vector<PlatformComponent> PlatformComponents(const PlatformSettings& settings);

}  // namespace dsc::emit
