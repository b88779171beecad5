// `dsc graph FILE [--format dot|mermaid|json] [--render svg] [-o FILE] [--feature NAME]…`:
// check the fleet, then print its dependency graph with each feature's forks
// grouped (docs/graph.md). `--render svg` pipes the dot text through
// Graphviz's `dot -Tsvg`, which must be on PATH.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cxxopts.hpp>
#include <fstream>

#include "compiler/check/check.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/find_on_path.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/review/fleet_graph.h"
#include "compiler/review/graph_render.h"

extern char** environ;

namespace dsc::driver {
namespace {

// Runs `dot -Tsvg` with `text` on its stdin and its stdout to `out_file` (or
// ours). Returns an error message, or empty on success.
std::string RenderSvg(const std::string& dot, const std::string& text,
                      const std::string& out_file) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "cannot create a pipe to Graphviz";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  if (!out_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  std::fflush(stdout);
  const char* args[] = {dot.c_str(), "-Tsvg", nullptr};
  pid_t pid = 0;
  int spawned =
      posix_spawn(&pid, dot.c_str(), &actions, nullptr, const_cast<char**>(args), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  if (spawned != 0) {
    close(pipe_fds[1]);
    return "cannot run " + dot;
  }
  // A `dot` that exits early must give an error here, not kill dsc.
  std::signal(SIGPIPE, SIG_IGN);
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = write(pipe_fds[1], text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(pipe_fds[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || written < text.size()) {
    return out_file.empty() ? dot + " -Tsvg failed"
                            : dot + " -Tsvg failed (writing " + out_file + ")";
  }
  return "";
}

}  // namespace

cxxopts::Options GraphOptions() {
  cxxopts::Options options("dsc graph",
                           "Print the dependency graph, each feature's forks grouped.");
  options.custom_help("[OPTIONS]").positional_help("FILE");
  options.add_options()("format", "dot, mermaid or json",
                        cxxopts::value<std::string>()->default_value("dot"))(
      "render", "svg: run Graphviz's `dot -Tsvg` on the dot output (needs `dot` on PATH)",
      cxxopts::value<std::string>())("o,output", "write to this file instead of stdout",
                                     cxxopts::value<std::string>())(
      "feature", "show only this feature (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "color", "colour of diagnostics: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))("h,help", "show this help")(
      "files", "fleet file", cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"files"});
  return options;
}

int RunGraph(int argc, char** argv) {
  cxxopts::Options options = GraphOptions();
  std::string format, render, out_file;
  std::vector<std::string> files, features;
  ColorMode color = ColorMode::kAuto;
  FleetInput input;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nNodes are the baseline's services and infra, then each feature's forks and infra\n"
          "in a group of their own; an edge goes from a node to what it depends on.\n"
          "\nExit codes: 0 printed, 1 errors in the fleet (or `dot` missing or failing for\n"
          "--render), 2 bad usage.\n",
          stdout);
      return kExitOk;
    }
    format = result["format"].as<std::string>();
    input = ReadFleetInput(result);
    if (format != "dot" && format != "mermaid" && format != "json")
      throw cxxopts::exceptions::exception("--format must be `dot`, `mermaid` or `json`");
    if (result.count("render")) {
      render = result["render"].as<std::string>();
      if (render != "svg") throw cxxopts::exceptions::exception("--render must be `svg`");
      if (result.count("format") && format != "dot")
        throw cxxopts::exceptions::exception("--render svg renders the dot format, not " + format);
    }
    if (result.count("output")) {
      out_file = result["output"].as<std::string>();
      if (out_file.empty()) throw cxxopts::exceptions::exception("--output must not be empty");
    }
    if (result.count("feature")) features = result["feature"].as<std::vector<std::string>>();
    if (!ParseColorMode(result["color"].as<std::string>(), &color))
      throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
    if (result.count("files")) files = result["files"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc graph: %s\n", e.what());
    return kExitUsage;
  }
  if (!OneFleetFile(files, "graph")) return kExitUsage;

  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem fs = input.FileSystem();
  std::optional<check::CheckedFleet> fleet =
      check::CheckFleet(files[0], fs, sources, diags, input.limits);
  std::optional<std::vector<int>> shown;
  if (fleet && !diags.has_errors()) shown = review::SelectFeatures(fleet->model, features, diags);
  PrintDiagnostics(diags, sources, false, color);
  if (!shown) return kExitErrors;

  review::FleetGraph graph = review::BuildFleetGraph(fleet->model, *shown);
  std::string text = format == "mermaid" ? review::RenderMermaid(graph)
                     : format == "json"  ? review::RenderGraphJson(graph)
                                         : review::RenderDot(graph);
  if (!render.empty()) {
    std::string dot = FindOnPath("dot");
    if (dot.empty()) {
      std::fputs(
          "dsc graph: --render svg needs Graphviz's `dot` on PATH, and there is none\n"
          "  install Graphviz (Debian: apt-get install graphviz), or run\n"
          "  `dsc graph --format dot FILE` and render the output elsewhere\n",
          stderr);
      return kExitErrors;
    }
    if (std::string error = RenderSvg(dot, text, out_file); !error.empty()) {
      std::fprintf(stderr, "dsc graph: %s\n", error.c_str());
      return kExitErrors;
    }
    return kExitOk;
  }
  if (out_file.empty()) {
    std::fputs(text.c_str(), stdout);
    return kExitOk;
  }
  std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "dsc graph: cannot write %s\n", out_file.c_str());
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace dsc::driver
