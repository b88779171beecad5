// `dsc apply fleet.ds` hands the runtime the objects the compiler rendered, in memory,
// instead of writing them as YAML templates and parsing those again. This holds the two
// paths to one answer: for every example and build golden, the blueprint read from the
// chart files and the one built from the objects in memory are the same, object for
// object and hash for hash (so records written either way agree).
#include <doctest/doctest.h>

#include <filesystem>

#include "compiler/pipeline/build_fleet.h"
#include "runtime/apply/blueprint.h"

namespace dsc::runtime {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = DSC_SOURCE_DIR;

void CheckSame(const Release& a, const Release& b) {
  CHECK(a.Id() == b.Id());
  CHECK(a.hash == b.hash);
  for (auto [x, y] : {std::pair{&a.objects, &b.objects}, std::pair{&a.hooks, &b.hooks}}) {
    REQUIRE(x->size() == y->size());
    for (size_t i = 0; i < x->size(); ++i) {
      const Object& from_files = (*x)[i];
      const Object& in_memory = (*y)[i];
      INFO(a.Id(), ": ", from_files.ref.Describe());
      CHECK(from_files.ref == in_memory.ref);
      CHECK(from_files.hash == in_memory.hash);
      CHECK(from_files.manifest == in_memory.manifest);
      CHECK(from_files.install_rank == in_memory.install_rank);
      CHECK(from_files.hook.has_value() == in_memory.hook.has_value());
    }
  }
}

void CheckFleet(const fs::path& fleet_file) {
  INFO(fleet_file.string());
  RealFileSystem file_system;
  SourceManager sources;
  DiagnosticSink diags;
  emit::OutputTree files;
  contract::ChartObjects objects;
  REQUIRE(pipeline::BuildFleet(fleet_file.string(), file_system, sources, diags, {}, {}, &files,
                               &objects));
  Blueprint from_files, in_memory;
  std::string error;
  REQUIRE_MESSAGE(LoadBlueprint(files, &from_files, &error), error);
  REQUIRE_MESSAGE(LoadBlueprint(files, &in_memory, &error, &objects), error);
  REQUIRE(from_files.releases.size() == in_memory.releases.size());
  CHECK(!from_files.releases.empty());
  for (size_t i = 0; i < from_files.releases.size(); ++i)
    CheckSame(from_files.releases[i], in_memory.releases[i]);
}

TEST_CASE("apply of a fleet file: the objects in memory are the ones the chart files hold") {
  for (const char* example :
       {"examples/crud/crud.ds", "examples/sqs/sqs.ds", "examples/marketplace/marketplace.ds"})
    CheckFleet(kSourceDir / example);
  int goldens = 0;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests/golden/build")) {
    if (!fs::exists(entry.path() / "main.ds")) continue;
    ++goldens;
    CheckFleet(entry.path() / "main.ds");
  }
  CHECK(goldens >= 5);
}

TEST_CASE("apply of a fleet file: the objects come from memory, the chart files' hash is checked") {
  RealFileSystem file_system;
  SourceManager sources;
  DiagnosticSink diags;
  emit::OutputTree files;
  contract::ChartObjects objects;
  REQUIRE(pipeline::BuildFleet((kSourceDir / "examples/crud/crud.ds").string(), file_system,
                               sources, diags, {}, {}, &files, &objects));
  // What is applied is what was handed over (not the templates parsed again).
  REQUIRE(!objects.empty());
  auto& [chart, rendered] = *objects.begin();
  REQUIRE(!rendered.empty());
  rendered[0]["metadata"]["labels"]["handed-over"] = "in-memory";
  Blueprint handed;
  std::string handed_error;
  REQUIRE_MESSAGE(LoadBlueprint(files, &handed, &handed_error, &objects), handed_error);
  bool seen = false;
  for (const Release& r : handed.releases)
    for (const auto* list : {&r.objects, &r.hooks})
      for (const Object& o : *list)
        seen |= o.manifest["metadata"]["labels"].value("handed-over", "") == "in-memory";
  CHECK(seen);

  auto chart_file = files.lower_bound("charts/");
  REQUIRE(chart_file != files.end());
  chart_file->second += "\n# edited\n";
  Blueprint blueprint;
  std::string error;
  CHECK_FALSE(LoadBlueprint(files, &blueprint, &error, &objects));
  CHECK(error.find("do not match the hash blueprint.json records") != std::string::npos);
}

}  // namespace
}  // namespace dsc::runtime
