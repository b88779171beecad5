// Random valid fleets for the oracle: several member files that import each other
// (never in a cycle), sometimes another team's fleet file, standard-library infra,
// references across files (plain, qualified, inside strings, `depends_on`), Secrets,
// routes, and features with and without a namespace of their own that fork services
// using infra, override env, and declare infra of their own (some with the name of a
// baseline infra, which then replaces it inside the feature).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace dsc::oracle {

struct GeneratedFleet {
  std::map<std::string, std::string> files;  // relative path -> text
  std::string entry;                         // the fleet file, relative
};

// The fleet `seed` describes, written out with its imports and declarations in the
// order `order_seed` picks: two calls with one seed are the same fleet, whatever the
// order seeds.
GeneratedFleet GenerateFleet(uint64_t seed, uint64_t order_seed);

}  // namespace dsc::oracle
