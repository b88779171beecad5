// `dsc completion bash|zsh|fish` and `dsc man`: the shell completion scripts and the
// man page, generated from the same option definitions as each command's --help.
#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/driver/command_spec.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/man_page.h"
#include "compiler/driver/shell_completion.h"

namespace dsc::driver {

cxxopts::Options CompletionOptions() {
  cxxopts::Options options("dsc completion", "Print a shell completion script.");
  options.custom_help("").positional_help("bash|zsh|fish");
  options.add_options()("h,help", "show this help")("shell", "bash, zsh or fish",
                                                    cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"shell"});
  return options;
}

int RunCompletion(int argc, char** argv) {
  cxxopts::Options options = CompletionOptions();
  std::vector<std::string> shells;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nbash: source <(dsc completion bash)   (or save to /etc/bash_completion.d/dsc)\n"
          "zsh:  dsc completion zsh > \"${fpath[1]}/_dsc\"\n"
          "fish: dsc completion fish > ~/.config/fish/completions/dsc.fish\n",
          stdout);
      return kExitOk;
    }
    if (result.count("shell")) shells = result["shell"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc completion: %s\n", e.what());
    return kExitUsage;
  }
  if (shells.size() != 1) {
    std::fputs("dsc completion: give one shell: bash, zsh or fish\n", stderr);
    return kExitUsage;
  }
  const std::vector<CommandSpec> specs = ReadCommandSpecs();
  std::string script;
  if (shells[0] == "bash")
    script = BashCompletion(specs);
  else if (shells[0] == "zsh")
    script = ZshCompletion(specs);
  else if (shells[0] == "fish")
    script = FishCompletion(specs);
  else {
    std::fprintf(stderr, "dsc completion: unknown shell `%s`: give bash, zsh or fish\n",
                 shells[0].c_str());
    return kExitUsage;
  }
  std::fputs(script.c_str(), stdout);
  return kExitOk;
}

cxxopts::Options ManOptions() {
  cxxopts::Options options("dsc man", "Print the dsc(1) man page (roff).");
  options.custom_help("");
  options.add_options()("h,help", "show this help");
  return options;
}

int RunMan(int argc, char** argv) {
  cxxopts::Options options = ManOptions();
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs("\nView it with: dsc man | man -l -\n", stdout);
      return kExitOk;
    }
    if (!result.unmatched().empty()) {
      std::fputs("dsc man: takes no arguments\n", stderr);
      return kExitUsage;
    }
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc man: %s\n", e.what());
    return kExitUsage;
  }
  std::fputs(ManPage(ReadCommandSpecs(), DSC_VERSION).c_str(), stdout);
  return kExitOk;
}

}  // namespace dsc::driver
