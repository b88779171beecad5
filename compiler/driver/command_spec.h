// What a command accepts, read back from its cxxopts definitions (Command::options):
// the one source `dsc completion` and `dsc man` generate from, so neither can list an
// option the command does not take, or miss one it does.
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/commands.h"

namespace dsc::driver {

struct OptionSpec {
  std::string long_name;   // "format"
  std::string short_name;  // "o", or empty
  std::string help;        // the --help description
  std::string argument;    // the value's name ("ARG"); empty for a flag
  std::string default_value;
};

struct CommandSpec {
  const Command* command = nullptr;
  std::vector<OptionSpec> options;  // as --help lists them: positionals left out
};

std::vector<CommandSpec> ReadCommandSpecs();

}  // namespace dsc::driver
