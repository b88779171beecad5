// How diagnostics reach the terminal: colour only on a TTY and never with
// NO_COLOR (https://no-color.org), text or JSON.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace dsc::driver {

enum class ColorMode { kAuto, kAlways, kNever };

// Parses `auto|always|never`; false when the word is none of them.
bool ParseColorMode(const std::string& word, ColorMode* mode);
bool UseColor(ColorMode mode);
// Sorts and prints the diagnostics (text to stderr, or JSON to stdout).
void PrintDiagnostics(DiagnosticSink& diags, const SourceManager& sources, bool json,
                      ColorMode color);

}  // namespace dsc::driver
