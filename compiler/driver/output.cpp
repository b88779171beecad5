#include "compiler/driver/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "compiler/diag/render.h"

namespace dsc::driver {

bool ParseColorMode(const std::string& word, ColorMode* mode) {
  if (word == "auto")
    *mode = ColorMode::kAuto;
  else if (word == "always")
    *mode = ColorMode::kAlways;
  else if (word == "never")
    *mode = ColorMode::kNever;
  else
    return false;
  return true;
}

bool UseColor(ColorMode mode) {
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  if (mode == ColorMode::kAlways) return true;
  return isatty(STDERR_FILENO) != 0;
}

void PrintDiagnostics(DiagnosticSink& diags, const SourceManager& sources, bool json,
                      ColorMode color) {
  diags.Sort();
  if (json) {
    std::fputs(RenderJson(diags, sources).c_str(), stdout);
    return;
  }
  std::string text = RenderText(diags, sources, {UseColor(color)});
  text += RenderSummary(diags);
  std::fputs(text.c_str(), stderr);
}

}  // namespace dsc::driver
