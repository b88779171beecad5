// Secret values never reach `dsc diff`'s output. dsc's own builds hold only
// Secret references (name and key), but a build directory is just files: if
// one holds a Secret object, its values are replaced before anything is
// diffed or printed.
#pragma once

#include <nlohmann/json.hpp>

namespace dsc::diff {

// What a masked value reads as; the second marks a value that differs from
// the other side's, so the diff still shows which keys changed.
inline constexpr const char* kMaskedValue = "(hidden)";
inline constexpr const char* kMaskedChangedValue = "(hidden, changed)";

// Whether `manifest` is a Secret (any API version).
bool IsSecret(const nlohmann::json& manifest);

// Masks every value under `data` and `stringData`, and the
// `kubectl.kubernetes.io/last-applied-configuration` annotation (a copy of
// them), of whichever of the two versions of one object is a Secret. Either
// may be null (the object exists on one side only).
void MaskSecretPair(nlohmann::json* before, nlohmann::json* after);

}  // namespace dsc::diff
