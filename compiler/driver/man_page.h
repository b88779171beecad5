// The dsc(1) man page in roff, generated from the command specs (`dsc man`).
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/command_spec.h"

namespace dsc::driver {

std::string ManPage(const std::vector<CommandSpec>& specs, const std::string& version);

}  // namespace dsc::driver
