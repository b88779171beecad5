#include "base/chart_hash.h"

#include "base/sha256.h"

namespace dsc::base {

std::string ChartHash(const std::map<std::string, std::string>& files, const std::string& chart) {
  std::string prefix = chart + "/";
  Sha256Hasher hasher;
  constexpr std::string_view kSeparator("\0", 1);
  for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix);
       ++it) {
    hasher.Update(it->first);
    hasher.Update(kSeparator);
    hasher.Update(it->second);
    hasher.Update(kSeparator);
  }
  return "sha256:" + hasher.HexDigest();
}

}  // namespace dsc::base
