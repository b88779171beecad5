// The GitRunner that `dsc diff` uses: the `git` in PATH as a subprocess (no
// shell), bounded in time and output.
#pragma once

#include <string>

#include "compiler/source/git_file_system.h"

namespace dsc::diff {

// Runs git in `repository` (empty: the current directory).
GitRunner SubprocessGitRunner(std::string repository = "");

}  // namespace dsc::diff
