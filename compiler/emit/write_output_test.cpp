#include "compiler/emit/write_output.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/test_temp_dir.h"

namespace dsc::emit {
namespace {

namespace fs = std::filesystem;

// What a build that recorded only its InputKey passes.
InputRecord KeyOnly(std::string key) {
  InputRecord inputs;
  inputs.key = std::move(key);
  return inputs;
}

TEST_CASE("WriteOutputTree: files go only below the output directory") {
  base::testing::TempDir dir;
  const std::string out = dir.path() + "/out";
  for (const char* path :
       {"../escaped.yaml", "charts/../../escaped.yaml", "/tmp/escaped.yaml", ""}) {
    DiagnosticSink diags;
    OutputTree tree = {{"helmfile.yaml", "releases: []\n"}, {path, "x: 1\n"}};
    CHECK_FALSE_MESSAGE(WriteOutputTree(out, tree, diags), path);
    REQUIRE(diags.diagnostics().size() == 1);
    CHECK(diags.diagnostics().front().kind == DiagKind::kOutputWriteFailed);
    // Refused before anything is written: no output directory, nothing beside it.
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::is_empty(dir.path()));
  }
  DiagnosticSink diags;
  OutputTree tree = {{"helmfile.yaml", "releases: []\n"}, {"charts/web/Chart.yaml", "x: 1\n"}};
  CHECK(WriteOutputTree(out, tree, diags));
  CHECK(fs::exists(out + "/charts/web/Chart.yaml"));
}

struct stat StatOf(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info;
}

bool SameTime(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Moves a file's mtime into the past, as if it had been written long before the marker:
// the tests then see which files a rebuild touches even on a coarse clock.
void Age(const std::string& path) {
  timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

TEST_CASE("WriteOutputTree: a rebuild keeps unchanged files, mtimes and inodes too") {
  base::testing::TempDir dir;
  const std::string out = dir.path() + "/out";
  OutputTree tree = {{"helmfile.yaml", "releases: []\n"},
                     {"charts/web/Chart.yaml", "name: web\n"},
                     {"charts/api/Chart.yaml", "name: api\n"}};
  DiagnosticSink diags;
  WriteSummary summary;
  REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-1")));
  CHECK(summary.written == 3);
  CHECK(summary.kept == 0);
  for (const auto& [path, content] : tree) Age(out + "/" + path);
  const struct stat web = StatOf(out + "/charts/web/Chart.yaml");
  const struct stat marker = StatOf(out + "/" + kOutputMarker);

  SUBCASE("unchanged: nothing is written, not even the marker") {
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-1")));
    CHECK(summary.written == 0);
    CHECK(summary.kept == 3);
    CHECK(SameTime(StatOf(out + "/charts/web/Chart.yaml").st_mtim, web.st_mtim));
    CHECK(SameTime(StatOf(out + "/" + kOutputMarker).st_mtim, marker.st_mtim));
  }
  SUBCASE("same files from other inputs: only the marker is replaced") {
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-2")));
    CHECK(summary.written == 0);
    CHECK(SameTime(StatOf(out + "/charts/web/Chart.yaml").st_mtim, web.st_mtim));
    CHECK(Read(out + "/" + kOutputMarker).find("# inputs: key-2\n") != std::string::npos);
    CHECK(OutputUpToDate(out, "key-2"));
  }
  SUBCASE("one file changed: only it is written; the others keep their inode") {
    tree["charts/api/Chart.yaml"] = "name: api\nversion: 2\n";
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-2")));
    CHECK(summary.written == 1);
    CHECK(summary.kept == 2);
    const struct stat after = StatOf(out + "/charts/web/Chart.yaml");
    CHECK(after.st_ino == web.st_ino);
    CHECK(SameTime(after.st_mtim, web.st_mtim));
    CHECK(Read(out + "/charts/api/Chart.yaml") == "name: api\nversion: 2\n");
  }
  SUBCASE("a file edited by hand after the build is written again") {
    Write(out + "/charts/web/Chart.yaml", "name: xyz\n");  // same size, newer mtime
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-1")));
    CHECK(summary.written == 1);
    CHECK(Read(out + "/charts/web/Chart.yaml") == "name: web\n");
  }
  SUBCASE("a file removed by hand is written again") {
    fs::remove(out + "/charts/api/Chart.yaml");
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, KeyOnly("key-1")));
    CHECK(summary.written == 1);
    CHECK(Read(out + "/charts/api/Chart.yaml") == "name: api\n");
  }
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("RecordedInputs: the files a build read, as WriteOutputTree recorded them") {
  base::testing::TempDir dir;
  const std::string out = dir.path() + "/out";
  OutputTree tree = {{"helmfile.yaml", "releases: []\n"}};
  DiagnosticSink diags;
  InputRecord inputs{"key-1", "reads-1", {"shop.ds", "teams/a b.ds"}, "shop"};
  REQUIRE(WriteOutputTree(out, tree, diags, nullptr, inputs));
  std::optional<InputRecord> recorded = RecordedInputs(out);
  REQUIRE(recorded);
  CHECK(*recorded == inputs);

  SUBCASE("the same files from other reads: the marker alone is replaced") {
    inputs.read_paths.pop_back();
    WriteSummary summary;
    REQUIRE(WriteOutputTree(out, tree, diags, &summary, inputs));
    CHECK(summary.kept == 1);
    CHECK(RecordedInputs(out) == inputs);
  }
  SUBCASE("no reads key (a build that warned): none recorded, the input key still") {
    REQUIRE(WriteOutputTree(out, tree, diags, nullptr, KeyOnly("key-2")));
    CHECK_FALSE(RecordedInputs(out));
    CHECK(OutputUpToDate(out, "key-2"));
  }
  SUBCASE("a path with a line end cannot be listed: none recorded") {
    inputs.read_paths.push_back("odd\nname.ds");
    REQUIRE(WriteOutputTree(out, tree, diags, nullptr, inputs));
    CHECK_FALSE(RecordedInputs(out));
    CHECK(OutputUpToDate(out, "key-1"));
  }
  CHECK_FALSE(RecordedInputs(dir.path() + "/nothing-here"));
}

TEST_CASE("OutputUpToDate: the same inputs over intact output, and nothing else") {
  base::testing::TempDir dir;
  const std::string out = dir.path() + "/out";
  OutputTree tree = {{"helmfile.yaml", "releases: []\n"}, {"charts/web/Chart.yaml", "x: 1\n"}};
  DiagnosticSink diags;
  CHECK_FALSE(OutputUpToDate(out, "key-1"));  // no output yet
  REQUIRE(WriteOutputTree(out, tree, diags, nullptr, KeyOnly("key-1")));
  CHECK(OutputUpToDate(out, "key-1"));
  CHECK_FALSE(OutputUpToDate(out, "key-2"));
  CHECK_FALSE(OutputUpToDate(out, ""));

  SUBCASE("a file touched after the build") {
    timespec later[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    const std::string marker = out + "/" + kOutputMarker;
    Age(marker);
    REQUIRE(::utimensat(AT_FDCWD, (out + "/helmfile.yaml").c_str(), later, 0) == 0);
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a file removed") {
    fs::remove(out + "/charts/web/Chart.yaml");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a file dsc did not write") {
    Write(out + "/charts/web/notes.txt", "mine\n");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a file edited right after the build, within the clock's tick") {
    Write(out + "/helmfile.yaml", "releases: [x]\n");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a directory dsc did not write, below one of its own") {
    fs::create_directories(out + "/charts/web/extra/deeper");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a file beside the marker") {
    Write(out + "/notes.txt", "mine\n");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a directory where a file was") {
    fs::remove(out + "/helmfile.yaml");
    fs::create_directory(out + "/helmfile.yaml");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("DevSpace's state beside the output is not foreign") {
    fs::create_directories(out + "/.devspace/logs");
    CHECK(OutputUpToDate(out, "key-1"));
  }
  SUBCASE("a marker from before input keys") {
    Write(out + "/" + kOutputMarker, "# old\nhelmfile.yaml\ncharts/web/Chart.yaml\n");
    CHECK_FALSE(OutputUpToDate(out, "key-1"));
  }
}

}  // namespace
}  // namespace dsc::emit
