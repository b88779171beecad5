// The stages from a fleet file to the files of its blueprint (check, then emit), as
// `dsc build`, `dsc apply FILE`, `dsc diff` and the tests run them: written once here,
// so no command sequences the stages itself.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "compiler/check/check.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/emit/emit.h"
#include "compiler/source/file_system.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"

namespace dsc::pipeline {

// The fleet at `path` in `fs`, checked and emitted into `tree` (and, if given, what
// each chart renders into `objects`), or, with `stream`, only as one YAML stream
// (emit::EmitStream; `tree` and `objects` are then not filled). Nothing (the reasons in
// `diags`) when checking or emitting reported an error: the emitter never sees a fleet
// with errors.
//
// `up_to_date`, when given, is asked once the fleet checked clean (with every source it
// read): true skips the emit (`tree` stays empty) — `dsc build` over output that is
// already what these sources make.
std::optional<check::CheckedFleet> BuildFleet(
    const std::string& path, FileSystem& fs, SourceManager& sources, DiagnosticSink& diags,
    const InputLimits& limits, const emit::EmitOptions& options, emit::OutputTree* tree,
    contract::ChartObjects* objects = nullptr, const emit::StreamWriter& stream = nullptr,
    const std::function<bool(const SourceManager&)>& up_to_date = nullptr);

}  // namespace dsc::pipeline
