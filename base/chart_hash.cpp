#include "base/chart_hash.h"

#include "base/sha256.h"

namespace dsc::base {

std::string ChartHash(const std::map<std::string, std::string>& files, const std::string& chart) {
  std::string prefix = chart + "/";
  std::string hashed;
  for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix);
       ++it)
    hashed += it->first + '\0' + it->second + '\0';
  return "sha256:" + Sha256Hex(hashed);
}

}  // namespace dsc::base
