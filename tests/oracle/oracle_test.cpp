// The oracle over real builds (ctest `oracle`): every example built by the real binary,
// every build golden's committed tree, and generated fleets, each checked against what
// its source means (meaning_checks.h); the generated ones are also written out in a
// second order of imports and declarations, which must build to the same objects.
// DSC_ORACLE_FLEETS sets how many fleets are generated (default 200); a failing one is
// kept under build/oracle-failures/ with its build.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "tests/oracle/build_tree.h"
#include "tests/oracle/fleet_generator.h"
#include "tests/oracle/meaning_checks.h"
#include "tests/oracle/source_view.h"
#include "tests/run_command.h"

namespace dsc::oracle {
namespace {

namespace fs = std::filesystem;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;

std::string Report(const std::vector<std::string>& violations) {
  std::string out;
  for (size_t i = 0; i < violations.size() && i < 40; ++i) out += "  " + violations[i] + "\n";
  if (violations.size() > 40) out += fmt::format("  … and {} more\n", violations.size() - 40);
  return out;
}

// Reads `source` and the build in `tree`, and checks one against the other.
std::vector<std::string> Check(const fs::path& source, const fs::path& tree) {
  std::string error;
  auto view = SourceView::Load(source, &error);
  if (!view) return {"cannot read the source: " + error};
  auto build = BuildTree::Read(tree, &error);
  if (!build) return {"cannot read the build: " + error};
  return CheckMeaning(*view, *build);
}

// `dsc build SOURCE -o OUT ARGS`; the output on failure.
std::optional<std::string> Build(const fs::path& source, const fs::path& out,
                                 const std::string& args = "") {
  auto result = RunDsc(fmt::format("build {} -o {} {}", ShellQuote(source.string()),
                                   ShellQuote(out.string()), args));
  if (result.exit_code == 0) return std::nullopt;
  return result.output;
}

void WriteFleet(const GeneratedFleet& fleet, const fs::path& dir) {
  for (const auto& [path, text] : fleet.files) {
    fs::create_directories((dir / path).parent_path());
    dsc::testing::WriteFile(dir / path, text);
  }
}

int FleetCount() {
  const char* n = std::getenv("DSC_ORACLE_FLEETS");
  return n ? std::atoi(n) : 200;
}

}  // namespace

TEST_SUITE("oracle") {
  TEST_CASE("every example builds to what its source means") {
    dsc::testing::TempDir tmp;
    for (std::string example :
         {"examples/crud/crud.ds", "examples/sqs/sqs.ds", "examples/marketplace/marketplace.ds"}) {
      CAPTURE(example);
      fs::path source = fs::path(dsc::testing::kSourceDir) / example;
      fs::path out = tmp.path() / fs::path(example).stem();
      auto failed = Build(source, out);
      REQUIRE_MESSAGE(!failed, *failed);
      auto violations = Check(source, out);
      CHECK_MESSAGE(violations.empty(), example << "\n" << Report(violations));
    }
  }

  TEST_CASE("every build golden's tree means what its source says") {
    fs::path goldens = fs::path(dsc::testing::kSourceDir) / "tests/golden/build";
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(goldens)) {
      fs::path dir = entry.path();
      if (!fs::exists(dir / "expected/blueprint.json")) continue;
      CAPTURE(dir.filename().string());
      auto violations = Check(dir / "main.ds", dir / "expected");
      CHECK_MESSAGE(violations.empty(), dir.filename().string() << "\n" << Report(violations));
      ++checked;
    }
    CHECK(checked >= 6);
  }

  TEST_CASE("generated fleets mean what their sources say, in any order of declarations") {
    fs::path keep = fs::path(DSC_BINARY).parent_path() / "oracle-failures";
    dsc::testing::TempDir tmp;
    int count = FleetCount(), failures = 0;
    for (int seed = 1; seed <= count && failures < 3; ++seed) {
      fs::path dir = tmp.path() / fmt::format("fleet-{}", seed);
      GeneratedFleet first = GenerateFleet(seed, 2 * seed);
      GeneratedFleet second = GenerateFleet(seed, 2 * seed + 1);
      WriteFleet(first, dir / "a");
      WriteFleet(second, dir / "b");
      std::vector<std::string> problems;
      auto failed = Build(dir / "a" / first.entry, dir / "a-out");
      if (!failed) failed = Build(dir / "b" / second.entry, dir / "b-out");
      if (failed) {
        problems.push_back("dsc build failed:\n" + *failed);
      } else {
        problems = Check(dir / "a" / first.entry, dir / "a-out");
        std::string error;
        auto a = BuildTree::Read(dir / "a-out", &error);
        auto b = BuildTree::Read(dir / "b-out", &error);
        if (a && b) {
          for (std::string& p : CompareObjectSets(*a, *b))
            problems.push_back("reordered: " + std::move(p));
        }
      }
      if (!problems.empty()) {
        ++failures;
        fs::remove_all(keep / dir.filename());
        fs::create_directories(keep);
        fs::copy(dir, keep / dir.filename(), fs::copy_options::recursive);
        FAIL_CHECK("generated fleet " << seed << " (kept in " << (keep / dir.filename()).string()
                                      << ")\n"
                                      << Report(problems));
      }
      fs::remove_all(dir);
    }
  }
}

}  // namespace dsc::oracle
