// completion_test.cpp: `dsc completion` and `dsc man`, generated from each command's
// option definitions: every command and every option its --help shows is in each script
// and the page, and each is accepted by what reads it (bash, zsh and fish parse the
// scripts without running them; groff formats the page with warnings on).
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace {

using dsc::testing::CommandResult;
using dsc::testing::Contains;
using dsc::testing::Head;
using dsc::testing::RunCommand;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::TempDir;
using dsc::testing::WriteFile;

// The commands `dsc --help` lists: the first word of each line under "Commands:".
std::vector<std::string> ListedCommands() {
  const std::string help = RunDsc("--help").output;
  std::vector<std::string> commands;
  const std::regex line_re("^  ([a-z]+) ");
  bool in_commands = false;
  std::istringstream in(help);
  for (std::string line; std::getline(in, line);) {
    if (line == "Commands:")
      in_commands = true;
    else if (line.empty())
      in_commands = false;
    std::smatch match;
    if (in_commands && std::regex_search(line, match, line_re)) commands.push_back(match[1]);
  }
  return commands;
}

// The long options `dsc COMMAND --help` shows.
std::set<std::string> HelpOptions(const std::string& command) {
  const std::string help = RunDsc(command + " --help").output;
  std::set<std::string> options;
  const std::regex option_re("--([a-z][a-z0-9-]*)");
  for (std::sregex_iterator it(help.begin(), help.end(), option_re), end; it != end; ++it)
    options.insert((*it)[1]);
  return options;
}

bool HaveTool(const std::string& tool) {
  return RunCommand("command -v " + ShellQuote(tool)).exit_code == 0;
}

}  // namespace

TEST_SUITE("completion") {
  TEST_CASE("completion scripts and man page name every command and option") {
    const auto commands = ListedCommands();
    REQUIRE(commands.size() >= 10);
    for (const char* generator : {"completion bash", "completion zsh", "completion fish", "man"}) {
      INFO(generator);
      const CommandResult result = RunDsc(generator);
      REQUIRE(result.exit_code == 0);
      for (const std::string& command : commands) {
        CHECK_MESSAGE(Contains(result.output, command), "no `" << command << "`");
        for (const std::string& option : HelpOptions(command)) {
          // The man page writes hyphens as \- so they copy as ASCII.
          std::string in_man = std::regex_replace(option, std::regex("-"), "\\-");
          bool found = Contains(result.output, "--" + option) ||
                       Contains(result.output, "-l " + option) ||
                       Contains(result.output, "\\-\\-" + in_man);
          CHECK_MESSAGE(found, "`" << command << " --" << option << "` is missing");
        }
      }
    }
  }

  TEST_CASE("each completion script is accepted by its shell") {
    TempDir dir;
    REQUIRE(!dir.path().empty());
    struct Shell {
      const char* name;
      const char* check;  // syntax check without running the script
    };
    for (Shell shell :
         {Shell{"bash", "bash -n"}, Shell{"zsh", "zsh -n"}, Shell{"fish", "fish --no-execute"}}) {
      INFO(shell.name);
      if (!HaveTool(shell.name)) {
        // scripts/install-deps.sh installs all three: CI always runs this check.
        MESSAGE(shell.name << " is not installed: its syntax check is skipped");
        continue;
      }
      const auto script = dir.path() / (std::string("dsc.") + shell.name);
      REQUIRE(WriteFile(script, RunDsc(std::string("completion ") + shell.name).output));
      const CommandResult checked =
          RunCommand(std::string(shell.check) + " " + ShellQuote(script.string()));
      CHECK_MESSAGE(checked.exit_code == 0, Head(checked.output));
    }
  }

  TEST_CASE("bash completion completes commands and options") {
    if (!HaveTool("bash")) return;
    TempDir dir;
    const auto script = dir.path() / "dsc.bash";
    REQUIRE(WriteFile(script, RunDsc("completion bash").output));
    // COMP_* as bash sets them for `dsc ap<TAB>` and `dsc apply --for<TAB>`.
    auto complete = [&](const std::string& words, int cword) {
      return RunCommand("bash -c " +
                        ShellQuote("source " + ShellQuote(script.string()) + "; COMP_WORDS=(" +
                                   words + "); COMP_CWORD=" + std::to_string(cword) +
                                   "; _dsc; printf '%s\\n' \"${COMPREPLY[@]}\""))
          .output;
    };
    CHECK(complete("dsc ap", 1) == "apply\n");
    CHECK(complete("dsc apply --for", 2) == "--force-conflicts\n");
    CHECK(Contains(complete("dsc check --", 2), "--deny-warnings\n"));
  }

  TEST_CASE("the man page formats without warnings") {
    if (!HaveTool("groff")) {
      MESSAGE("groff is not installed: the man page check is skipped");
      return;
    }
    TempDir dir;
    const auto page = dir.path() / "dsc.1";
    REQUIRE(WriteFile(page, RunDsc("man").output));
    const CommandResult formatted =
        RunCommand("groff -man -Tutf8 -ww -z " + ShellQuote(page.string()));
    CHECK_MESSAGE(formatted.exit_code == 0, Head(formatted.output));
    CHECK_MESSAGE(formatted.output.empty(), "groff warnings:\n" << Head(formatted.output));
  }

  TEST_CASE("completion: bad usage") {
    CHECK(RunDsc("completion").exit_code == 2);
    CHECK(RunDsc("completion tcsh").exit_code == 2);
    CHECK(Contains(RunDsc("completion tcsh").output, "bash, zsh or fish"));
  }
}
