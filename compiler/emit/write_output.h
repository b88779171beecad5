// Writing an OutputTree to disk, atomically: the output directory is replaced
// only when every file was written, and never when it holds files that dsc did
// not write (it refuses, DS6003). A failed or interrupted build leaves the
// previous output as it was.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/emit/emit.h"

namespace dsc::emit {

// The file in every output directory that lists what dsc wrote there.
inline constexpr const char* kOutputMarker = ".dsc-build";

bool WriteOutputTree(const std::string& dir, const OutputTree& tree, DiagnosticSink& diags);

}  // namespace dsc::emit
