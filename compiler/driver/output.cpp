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

void AddDiagnosticOptions(cxxopts::Options& options) {
  options.add_options()("format", "diagnostics as `text` or `json`",
                        cxxopts::value<std::string>()->default_value("text"))(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"));
}

DiagnosticOutput ReadDiagnosticOptions(const cxxopts::ParseResult& result) {
  DiagnosticOutput out;
  std::string format = result["format"].as<std::string>();
  if (format != "text" && format != "json")
    throw cxxopts::exceptions::exception("--format must be `text` or `json`");
  out.json = format == "json";
  if (!ParseColorMode(result["color"].as<std::string>(), &out.color))
    throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
  return out;
}

}  // namespace dsc::driver
