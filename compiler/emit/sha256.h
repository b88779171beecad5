// SHA-256 (FIPS 180-4), for the content hashes in blueprint.json: `dsc apply`
// and `dsc diff` compare them to tell which releases changed.
#pragma once

#include <string>
#include <string_view>

namespace dsc::emit {

// The lowercase hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace dsc::emit
