// How many terminal columns a code point takes, so that carets line up under source lines
// with East Asian wide characters (CJK, Hangul, fullwidth forms, most emoji).
#pragma once

#include <cstdint>

namespace dsc {

// 2 for East Asian Wide (W) and Fullwidth (F) code points, 0 for combining marks and
// format characters (drawn over the character before, or not at all), 1 for the rest.
uint32_t DisplayWidth(uint32_t code_point);

}  // namespace dsc
