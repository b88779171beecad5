// Standard base64 (RFC 4648, with padding): kubeconfig's *-data fields and the exec
// plugin's KUBERNETES_EXEC_INFO carry certificates this way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dsc::base {

std::string Base64Encode(std::string_view data);

// nullopt on a character outside the alphabet or bad padding. Whitespace (line
// breaks from `base64` without -w0) is skipped.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace dsc::base
