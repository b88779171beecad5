// How many terminal columns text takes, so that carets line up under source lines with
// East Asian wide characters (CJK, Hangul, fullwidth forms, most emoji) and combining marks.
// The widths are utf8proc's (utf8proc_charwidth), with the few changes listed in
// display_width.cpp where terminals draw otherwise.
#pragma once

#include <cstdint>
#include <string_view>

namespace dsc {

// 2 for East Asian Wide (W) and Fullwidth (F) code points, 0 for combining marks and
// format characters (drawn over the character before, or not at all), 1 for the rest.
// Controls, a tab among them, count 1: the renderers show each as one cell.
uint32_t DisplayWidth(char32_t code_point);

// The columns of a run of UTF-8 text: the sum over its code points, an invalid byte
// counted as the one U+FFFD it is shown as.
uint32_t DisplayWidth(std::string_view text);

}  // namespace dsc
