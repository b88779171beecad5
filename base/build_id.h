// What identifies this dsc binary exactly: the linker's build ID (a hash of the linked
// program), so that a build directory written by one binary is never taken as up to date
// by another one that would emit different files, even when both call themselves 0.x.
#pragma once

#include <string>

namespace dsc::base {

// The running program's GNU build ID as hex; "" when it was linked without one.
std::string ProgramBuildId();

}  // namespace dsc::base
