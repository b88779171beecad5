// Writing an OutputTree to disk, atomically: the output directory is replaced
// only when every file was written, and never when it holds files that dsc did
// not write (it refuses, DS6003). A failed or interrupted build leaves the
// previous output as it was. A rebuild keeps the files whose content did not change
// (their mtimes too), and an unchanged rebuild writes nothing.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/emit/emit.h"

namespace dsc::emit {

// The file in every output directory that lists what dsc wrote there.
inline constexpr const char* kOutputMarker = ".dsc-build";

// What a write did: files written, and files of the previous build kept as they were
// (same content, untouched since). All kept: nothing was written, not even the marker.
struct WriteSummary {
  size_t written = 0;
  size_t kept = 0;
};

// `input_key` (input_key.h), when given, is recorded in the marker for OutputUpToDate.
bool WriteOutputTree(const std::string& dir, const OutputTree& tree, DiagnosticSink& diags,
                     WriteSummary* summary = nullptr, const std::string& input_key = "");

// Whether `dir` holds the output of a build from inputs with this key, intact: every file
// the marker lists is there, none was modified after the marker was written, and nothing
// else is there. Then a rebuild need not even emit (ninja's rule, with a content hash of
// the inputs for their timestamps).
bool OutputUpToDate(const std::string& dir, const std::string& input_key);

}  // namespace dsc::emit
