// What a blueprint is made from, as one hash: the dsc binary, every source file read (its
// path and text; the stdlib's too) and the emit options. `dsc build` records it in the
// output directory's marker; an unchanged rebuild over intact output finds the same key
// and emits nothing (write_output.h OutputUpToDate).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/emit/emit.h"
#include "compiler/source/recording_file_system.h"
#include "compiler/source/source_file.h"

namespace dsc::emit {

std::string InputKey(const SourceManager& sources, const EmitOptions& options);

// The same promise made before parsing: the dsc binary, the emit options, `invocation`
// (whatever else decides what a build reads and accepts: the working directory, the entry
// path, the import root, the input limits) and every file the build read from disk, in
// order, by path and hash. Equal keys read the same bytes, so they build the same output
// and the same diagnostics: a rebuild that finds the last build's key need not even check.
std::string ReadsKey(const std::vector<FileRead>& reads, const EmitOptions& options,
                     std::string_view invocation);

}  // namespace dsc::emit
