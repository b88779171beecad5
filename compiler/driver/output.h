// How diagnostics reach the terminal: colour only on a TTY and never with
// NO_COLOR (https://no-color.org), text or JSON.
#pragma once

#include <cxxopts.hpp>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace dsc::driver {

enum class ColorMode { kAuto, kAlways, kNever };

// Parses `auto|always|never`; false when the word is none of them.
bool ParseColorMode(const std::string& word, ColorMode* mode);
bool UseColor(ColorMode mode);
// `--format text|json` and `--color auto|always|never`, shared by the
// commands that print diagnostics.
struct DiagnosticOutput {
  bool json = false;
  ColorMode color = ColorMode::kAuto;
};
void AddDiagnosticOptions(cxxopts::Options& options);
// Throws cxxopts::exceptions::exception on a bad value, as cxxopts itself does.
DiagnosticOutput ReadDiagnosticOptions(const cxxopts::ParseResult& result);

// Sorts and prints the diagnostics (text to stderr, or JSON to stdout).
void PrintDiagnostics(DiagnosticSink& diags, const SourceManager& sources, bool json,
                      ColorMode color);

}  // namespace dsc::driver
