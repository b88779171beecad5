// memcpy for the many short strings a writer appends (the YAML writer's keys and
// scalars, nearly all under 32 bytes): copies of a fixed size compile to a load and a
// store, where a call into libc and its dispatch on the size cost more than the copy
// (1.5 million times for 10,000 services). Two overlapping copies of one width cover
// every size from that width to twice it.
#pragma once

#include <cstddef>
#include <cstring>

namespace dsc::base {

inline void CopyShort(char* to, const char* from, size_t n) {
  if (n > 32) {
    std::memcpy(to, from, n);
  } else if (n >= 16) {
    std::memcpy(to, from, 16);
    std::memcpy(to + n - 16, from + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else {
    for (size_t i = 0; i < n; ++i) to[i] = from[i];
  }
}

}  // namespace dsc::base
