// Text from the outside (a file name, a message quoting a value, a source line) on its way
// to a terminal: control characters would act on the terminal (an ESC sequence, a BEL, a
// NUL that cuts the line short) and bidirectional overrides would reorder what is shown
// (the "Trojan Source" trick), so each is written as a visible escape; bytes that are not
// UTF-8 become U+FFFD. Everything else passes unchanged.
#pragma once

#include <string>
#include <string_view>

namespace dsc {

// `\x1b` for C0/C1 controls and DEL (a tab stays a tab), `<U+202E>` for bidi controls.
std::string TerminalSafe(std::string_view text);

}  // namespace dsc
