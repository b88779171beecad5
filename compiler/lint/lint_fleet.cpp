#include "compiler/lint/lint_fleet.h"

#include "compiler/check/check.h"
#include "compiler/lint/config_file.h"

namespace dsc::lint {

LintedFleet LintFleet(const std::string& path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const std::optional<ConfigText>& config,
                      const InputLimits& limits, sema::AnalyzeAs as) {
  LintedFleet out;
  std::optional<check::CheckedFleet> fleet =
      check::CheckFleet(path, fs, sources, diags, limits, as);
  if (!fleet || diags.has_errors()) return out;
  RuleSeverities severities;
  severities.Apply(fleet->model.fleet.lint);
  std::optional<ConfigText> file = config;
  if (!file) {
    std::string beside = JoinRelative(path, std::string(kConfigFileName));
    std::string ignored;
    // No config file beside the fleet is the usual case, not an error.
    if (std::optional<std::string> text = fs.Read(beside, &ignored)) file = {beside, *text};
  }
  if (file && !ApplyConfigFile(sources.Add(file->path, file->text), &severities, diags)) {
    out.config_ok = false;
    return out;
  }
  out.checked = true;
  out.findings = Lint(fleet->model, fleet->modules, severities);
  return out;
}

}  // namespace dsc::lint
