// Shell completion scripts for bash, zsh and fish, generated from the command specs:
// `dsc completion bash > /etc/bash_completion.d/dsc`, and so on.
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/command_spec.h"

namespace dsc::driver {

std::string BashCompletion(const std::vector<CommandSpec>& specs);
std::string ZshCompletion(const std::vector<CommandSpec>& specs);
std::string FishCompletion(const std::vector<CommandSpec>& specs);

}  // namespace dsc::driver
