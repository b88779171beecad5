// What a blueprint is made from, as one hash: the dsc binary, every source file read (its
// path and text; the stdlib's too) and the emit options. `dsc build` records it in the
// output directory's marker; an unchanged rebuild over intact output finds the same key
// and emits nothing (write_output.h OutputUpToDate).
#pragma once

#include <string>

#include "compiler/emit/emit.h"
#include "compiler/source/source_file.h"

namespace dsc::emit {

std::string InputKey(const SourceManager& sources, const EmitOptions& options);

}  // namespace dsc::emit
