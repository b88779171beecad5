#include "compiler/lint/lint_fleet.h"

#include "compiler/graph/dependency_graph.h"
#include "compiler/lint/config_file.h"
#include "compiler/sema/analyze.h"
#include "compiler/sema/modules.h"

namespace dsc::lint {

LintedFleet LintFleet(const std::string& path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const std::optional<ConfigText>& config,
                      const InputLimits& limits, sema::AnalyzeAs as) {
  LintedFleet out;
  // The same stages as check::CheckFleet, keeping the modules: rules read the
  // AST to tell a written field from a defaulted one.
  sema::ModuleSet modules = sema::LoadModules(path, fs, sources, diags, limits);
  if (!modules.ok || modules.any_syntax_errors) return out;
  model::Model model = sema::Analyze(modules, diags, limits, as);
  graph::BuildGraph(model, diags);
  if (diags.has_errors()) return out;
  out.checked = true;
  RuleSeverities severities;
  severities.Apply(model.fleet.lint);
  std::optional<ConfigText> file = config;
  if (!file) {
    std::string beside = JoinRelative(path, std::string(kConfigFileName));
    std::string ignored;
    // No config file beside the fleet is the usual case, not an error.
    if (std::optional<std::string> text = fs.Read(beside, &ignored)) file = {beside, *text};
  }
  if (file) {
    out.config_error = ApplyConfigFile(file->text, file->path, &severities);
    if (!out.config_error.empty()) return out;
  }
  out.findings = Lint(model, modules, severities);
  return out;
}

}  // namespace dsc::lint
