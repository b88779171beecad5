// `dsc lsp`: the language server (compiler/lsp/server.h) on stdin and stdout, for editors:
// editors/README.md says how to set each one up.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cxxopts.hpp>
#include <filesystem>

#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/lsp/documents.h"
#include "compiler/lsp/server.h"

namespace dsc::driver {
namespace {

// The docs/ folder of this binary's source tree (`build/dsc` -> `docs/`) or of its
// installation, when there is one: the diagnostics' codes link to its catalogue.
std::string DocsNearBinary() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (const char* relative : {"../docs", "../share/doc/dsc"}) {
    std::filesystem::path candidate = (exe.parent_path() / relative).lexically_normal();
    if (std::filesystem::is_regular_file(candidate / "diagnostics.md", ec))
      return lsp::UriOfPath(candidate.string());
  }
  return "";
}

}  // namespace

cxxopts::Options LspOptions() {
  cxxopts::Options options(
      "dsc lsp",
      "The language server, for any editor with an LSP client: diagnostics as you "
      "type, hover, go to definition, references, rename, outline, "
      "formatting (editors/README.md).");
  options.custom_help("[OPTIONS]");
  options.add_options()("stdio", "talk over stdin and stdout (the default, and the only way)")(
      "debounce-ms", "re-check once the editor has been quiet this long",
      cxxopts::value<int>()->default_value("50"))(
      "docs",
      "the URI of dsc's docs/ folder, whose catalogue the diagnostic codes link to "
      "(default: the docs/ of the source tree or installation the binary is in)",
      cxxopts::value<std::string>())("h,help", "show this help");
  AddFleetInputOptions(options);
  return options;
}

int RunLsp(int argc, char** argv) {
  cxxopts::Options options = LspOptions();
  lsp::ServerOptions server;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nSpeaks the Language Server Protocol on stdin/stdout until the client "
          "sends `exit`\n(exit 0 after `shutdown`, 1 otherwise).\n",
          stdout);
      return kExitOk;
    }
    if (!result.unmatched().empty())
      throw cxxopts::exceptions::exception("unexpected argument `" + result.unmatched()[0] + "`");
    int debounce = result["debounce-ms"].as<int>();
    if (debounce < 0 || debounce > 10000)
      throw cxxopts::exceptions::exception("--debounce-ms must be between 0 and 10000");
    server.debounce = std::chrono::milliseconds(debounce);
    FleetInput input = ReadFleetInput(result);
    server.limits = input.limits;
    server.import_scope = input.import_scope;
    server.project_root = input.project_root;
    server.docs_uri = result.count("docs") ? result["docs"].as<std::string>() : DocsNearBinary();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc lsp: %s\n", e.what());
    return kExitUsage;
  }
  // A client that goes away mid-write must not kill the server with SIGPIPE: the write
  // fails and the read loop sees the end.
  std::signal(SIGPIPE, SIG_IGN);
  lsp::Server lsp_server(STDIN_FILENO, STDOUT_FILENO, std::move(server));
  return lsp_server.Run();
}

}  // namespace dsc::driver
