// Writing an OutputTree to disk, atomically: the output directory is replaced
// only when every file was written, and never when it holds files that dsc did
// not write (it refuses, DS6003). A failed or interrupted build leaves the
// previous output as it was. A rebuild keeps the files whose content did not change
// (their mtimes too), and an unchanged rebuild writes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

// What a build was made from (input_key.h), as the marker records it.
struct InputRecord {
  std::string key;  // InputKey; empty: not recorded, and not up to date next time
  // ReadsKey and the files it covers, in order, and the fleet's name: recorded only for a
  // build without diagnostics, whose rebuild then says nothing either (cmd_build.cpp).
  std::string reads_key;
  std::vector<std::string> read_paths;
  std::string fleet;

  bool operator==(const InputRecord&) const = default;
};

// `inputs`, when given, are recorded in the marker for OutputUpToDate and RecordedInputs.
bool WriteOutputTree(const std::string& dir, const OutputTree& tree, DiagnosticSink& diags,
                     WriteSummary* summary = nullptr, const InputRecord& inputs = {});

// What the marker in `dir` records of the inputs, when it records the files they were read
// from (ReadsKey); nullopt otherwise.
std::optional<InputRecord> RecordedInputs(const std::string& dir);

// Whether `dir` holds the output of a build from inputs with this key, intact: every file
// the marker lists is there, none was modified after the marker was written, and nothing
// else is there. Then a rebuild need not even emit (ninja's rule, with a content hash of
// the inputs for their timestamps).
bool OutputUpToDate(const std::string& dir, const std::string& input_key);

}  // namespace dsc::emit
