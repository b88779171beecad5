// Kubernetes resource quantities ("250m", "1.5", "128Mi", "1G", "2e3"), as the apiserver
// writes them in `resources.requests`, read as numbers: CPU in cores, memory in bytes.
#pragma once

#include <optional>
#include <string_view>

namespace dsc::kube {

// The quantity's value (`128Mi` -> 134217728, `250m` -> 0.25), or nothing when the text
// is not a quantity. Suffixes: binary Ki Mi Gi Ti Pi Ei, decimal n u m k M G T P E, and
// an exponent (`e3`/`E3`); as resource.Quantity parses them.
std::optional<double> ParseQuantity(std::string_view text);

}  // namespace dsc::kube
