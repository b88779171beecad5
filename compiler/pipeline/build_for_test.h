// For unit tests: one fleet file's source, checked and emitted in memory as `dsc build`
// would, failing the test on any diagnostic error.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "compiler/emit/emit.h"
#include "compiler/pipeline/build_fleet.h"

namespace dsc::emit {

inline OutputTree BuildForTest(const std::string& source) {
  InMemoryFileSystem fs;
  fs.Add("fleet.ds", source);
  SourceManager sources;
  DiagnosticSink diags;
  OutputTree tree;
  REQUIRE(pipeline::BuildFleet("fleet.ds", fs, sources, diags, {}, {}, &tree));
  REQUIRE_FALSE(diags.has_errors());
  return tree;
}

}  // namespace dsc::emit
