// SHA-256 (OpenSSL's libcrypto), for the content hashes in blueprint.json: `dsc apply`
// and `dsc diff` compare them to tell which releases changed.
#pragma once

#include <string>
#include <string_view>

namespace dsc::base {

// The lowercase hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace dsc::base
