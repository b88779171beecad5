// The suffixes of Kubernetes resource quantities (`250m`, `128Mi`, `1G`) and what each
// multiplies by: the fleet language's quantities (compiler/sema) and the quantities the
// apiserver writes (runtime/kube/quantity.h) read them from this one table.
#pragma once

#include <optional>
#include <string_view>

namespace dsc::base {

// The factor of `suffix` (binary Ki Mi Gi Ti Pi Ei, decimal n u m k M G T P E, or none:
// 1), or nothing when it is not a quantity suffix.
std::optional<double> QuantitySuffixFactor(std::string_view suffix);

}  // namespace dsc::base
