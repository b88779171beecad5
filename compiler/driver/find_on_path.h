// Finding a program the user installed (helmfile, Graphviz's dot) as a shell would.
#pragma once

#include <string>

namespace dsc::driver {

// The first executable `name` in the directories of $PATH (an empty entry is the
// current directory, as POSIX says), or empty when there is none.
std::string FindOnPath(const std::string& name);

}  // namespace dsc::driver
