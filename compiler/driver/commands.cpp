#include "compiler/driver/commands.h"

#include <fmt/format.h>

#include <cstdio>

namespace dsc::driver {
namespace {

constexpr Command kCommands[] = {
    {"check", "FILE...", "type-check fleet files and report every problem", CheckOptions, RunCheck},
    {"build", "FILE [-o DIR]", "emit Helmfile, charts, routes and DevSpace config to DIR",
     BuildOptions, RunBuild},
    {"fmt", "[--check] FILE...", "rewrite files in canonical layout (--check: only report)",
     FmtOptions, RunFmt},
    {"lint", "FILE...", "report risky fleets: rules beyond type errors", LintOptions, RunLint},
    {"diff", "OLD NEW", "what a change to a fleet does (files, dirs or REV:path)", DiffOptions,
     RunDiff},
    {"graph", "FILE", "print the dependency graph (dot, mermaid, json)", GraphOptions, RunGraph},
    {"route", "explain FILE", "which service and version receive a request", RouteOptions,
     RunRoute},
    {"explain", "CODE", "explain a diagnostic code, e.g. `dsc explain DS2001`", ExplainOptions,
     RunExplain, "code"},
    {"apply", "PATH", "deploy a build directory or fleet file to Kubernetes", ApplyOptions,
     RunApply, "path"},
    {"status", "PATH", "show whether each release is ready, and why not", StatusOptions, RunStatus,
     "path"},
    {"doctor", "PATH", "check what the fleet needs from the cluster, with the fixes", DoctorOptions,
     RunDoctor, "path"},
    {"platform", "SUBCOMMAND",
     "install Traefik, LocalStack, kube-janitor (apply|diff|status|destroy)", PlatformOptions,
     RunPlatform, ""},
    {"usage", "", "what each team, feature and owner consumed (CPU, memory, cost)", UsageOptions,
     RunUsage, ""},
    {"watch", "PATH", "follow readiness and drift of a deployed fleet", WatchOptions, RunWatch,
     "path"},
    {"destroy", "PATH", "delete what `dsc apply` deployed (--feature: one feature)", DestroyOptions,
     RunDestroy, "path"},
    {"gc", "", "destroy every feature whose TTL has passed", GcOptions, RunGc, ""},
    {"lsp", "", "the language server for editors: diagnostics, hover, definition, rename",
     LspOptions, RunLsp, ""},
    {"completion", "SHELL", "print a shell completion script (bash, zsh, fish)", CompletionOptions,
     RunCompletion, "shell"},
    {"man", "", "print the man page (roff)", ManOptions, RunMan, ""},
};

}  // namespace

std::span<const Command> Commands() { return kCommands; }

const Command* FindCommand(std::string_view name) {
  for (const Command& command : kCommands)
    if (name == command.name) return &command;
  return nullptr;
}

std::string Usage() {
  std::string out =
      "dsc: the Devstack compiler\n"
      "\n"
      "Usage: dsc COMMAND [OPTIONS] [FILE...]\n"
      "\n"
      "Commands:\n";
  for (const Command& command : kCommands) {
    std::string left = fmt::format("{} {}", command.name, command.synopsis);
    out += fmt::format("  {:<22} {}\n", left, command.summary);
  }
  out +=
      "\n"
      "Options:\n"
      "  -h, --help             show help (also `dsc COMMAND --help`)\n"
      "  -V, --version          show the version\n"
      "\n"
      "Exit codes: 0 clean, 1 errors found, 2 bad usage; cluster commands also 3 cluster\n"
      "unreachable, 4 credentials rejected, 130 interrupted.\n";
  return out;
}

bool OneFleetFile(const std::vector<std::string>& files, std::string_view command) {
  if (files.size() == 1) return true;
  std::fputs(
      fmt::format("dsc {}: {}\nUsage: dsc {} [OPTIONS] FILE\n", command,
                  files.empty() ? "no fleet file given" : "give exactly one fleet file", command)
          .c_str(),
      stderr);
  return false;
}

}  // namespace dsc::driver
