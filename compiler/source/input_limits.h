// What the compiler accepts from its sources, so that no input can exhaust the memory
// or the stack. Each limit has its own diagnostic and a `dsc check` flag.
#pragma once

#include <cstdint>

namespace dsc {

struct InputLimits {
  // Checked by the parser (syntax/parse.h): DS1011 (size), DS1006 (nesting).
  uint32_t max_file_bytes = 64u << 20;
  uint32_t max_nesting = 100;
  // Checked while loading imports (sema/modules.h): DS2019, DS2020.
  uint32_t max_import_depth = 64;
  uint32_t max_files = 1000;
  // Checked by the analyzer (sema/analyze.h): DS2022, DS3017. Real fleets have tens to
  // hundreds of entities and kilobytes of strings; the bounds admit a generated fleet of
  // 50,000 services (bench/scale) with room to spare. What bounds memory is the budget of
  // evaluated bytes below: the entity count only stops a fleet before it is analysed.
  uint32_t max_entities = 200000;
  // Every string the analyzer produces, summed: an interpolation that doubles a string
  // at each of 40 entities would otherwise ask for a terabyte.
  uint64_t max_evaluated_bytes = 64ull << 20;
};

}  // namespace dsc
