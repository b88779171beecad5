#include "compiler/diff/side.h"

#include <doctest/doctest.h>

#include "base/test_temp_dir.h"
#include "compiler/diff/compare.h"
#include "compiler/diff/git_runner.h"

namespace dsc::diff {
namespace {

using base::testing::TempDir;

constexpr const char* kFleet = R"(
import "./api.ds"

fleet shop {}

service worker {
  image = "registry.example.com/worker:1.0"
  env { API = api.api.url }
}
)";

std::string Api(const std::string& tag) {
  return "service api {\n  image = \"registry.example.com/api:" + tag +
         "\"\n  ports { http = 8080 }\n}\n";
}

// A repository in a temporary directory with one commit of the fleet, then
// the working copy changed (the imported file only).
struct Repository {
  TempDir dir;
  GitRunner git = SubprocessGitRunner(dir.path());

  Repository() {
    dir.Write("fleet.ds", kFleet);
    dir.Write("api.ds", Api("1.0"));
    Git({"init", "-q"});
    Git({"add", "fleet.ds", "api.ds"});
    Git({"-c", "user.name=dsc", "-c", "user.email=dsc@example.com", "-c", "commit.gpgsign=false",
         "commit", "-q", "-m", "fleet"});
    dir.Write("api.ds", Api("2.0"));
  }
  void Git(const std::vector<std::string>& args) {
    GitOutput out = git(args);
    REQUIRE_MESSAGE(out.ran, out.out);
    REQUIRE_MESSAGE(out.exit_status == 0, out.err);
  }
};

LoadResult Load(const std::string& spec, GitRunner git, Side* side, std::string* error) {
  SourceManager sources;
  return LoadSide(spec, SideOptions{{}, std::move(git)}, sources, side, error);
}

TEST_CASE("REV:path: the fleet and its imports as committed, against the working copy") {
  Repository repo;
  Side old_side, new_side;
  std::string error;
  REQUIRE_MESSAGE(Load("HEAD:fleet.ds", repo.git, &old_side, &error) == LoadResult::kOk, error);
  CHECK(old_side.kind == Side::Kind::kGitRevision);
  REQUIRE(Load(repo.dir.path() + "/fleet.ds", repo.git, &new_side, &error) == LoadResult::kOk);
  CHECK(new_side.kind == Side::Kind::kFleetFile);

  Build before, after;
  REQUIRE(ReadBuild(old_side.tree, &before, &error));
  REQUIRE(ReadBuild(new_side.tree, &after, &error));
  Report report;
  Compare(before, after, {}, &report);
  REQUIRE(report.services.size() == 1);
  REQUIRE(report.services[0].fields.size() == 1);
  CHECK(*report.services[0].fields[0].before == "registry.example.com/api:1.0");
  CHECK(*report.services[0].fields[0].after == "registry.example.com/api:2.0");

  // `./` is relative to the current directory, as in `git show REV:./path`.
  Side dotted;
  CHECK(Load("HEAD:./fleet.ds", repo.git, &dotted, &error) == LoadResult::kOk);
}

TEST_CASE("REV:path: unknown revision, missing path, a directory, outside the repository") {
  Repository repo;
  Side side;
  std::string error;
  CHECK(Load("no-such-branch:fleet.ds", repo.git, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "unknown revision `no-such-branch`");
  CHECK(Load("HEAD:missing.ds", repo.git, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "`missing.ds`: no such file in revision `HEAD`");
  CHECK(Load("HEAD:../x.ds", repo.git, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "`../x.ds` is outside the repository");
  CHECK(Load("HEAD:.", repo.git, &side, &error) == LoadResult::kUnreadable);
  CHECK(Load("--output=x:fleet.ds", repo.git, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "`--output=x` is not a revision");
}

TEST_CASE("REV:path: an import missing at the revision is a fleet error") {
  Repository repo;
  repo.dir.Write("fleet.ds", "import \"./later.ds\"\n" + std::string(kFleet));
  repo.dir.Write("later.ds", "service later { image = \"x/later:1\" }\n");
  repo.Git({"add", "fleet.ds"});
  repo.Git({"-c", "user.name=dsc", "-c", "user.email=dsc@example.com", "-c", "commit.gpgsign=false",
            "commit", "-q", "-m", "import a file not committed"});
  Side side;
  std::string error;
  CHECK(Load("HEAD:fleet.ds", repo.git, &side, &error) == LoadResult::kFleetErrors);
  REQUIRE_FALSE(side.diags.diagnostics().empty());
  CHECK(side.diags.diagnostics()[0].message.find("later.ds") != std::string::npos);
}

TEST_CASE("not a repository, no git") {
  TempDir dir;
  Side side;
  std::string error;
  CHECK(Load("HEAD:fleet.ds", SubprocessGitRunner(dir.path()), &side, &error) ==
        LoadResult::kUnreadable);
  CHECK(error.starts_with("not in a git repository"));
  GitRunner missing = [](const std::vector<std::string>&) {
    GitOutput out;
    out.out = "git is not installed (not found in PATH)";
    return out;
  };
  CHECK(Load("HEAD:fleet.ds", missing, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "cannot run git: git is not installed (not found in PATH)");
}

TEST_CASE("a directory without blueprint.json, a path that is nothing") {
  TempDir dir;
  Side side;
  std::string error;
  CHECK(Load(dir.path(), nullptr, &side, &error) == LoadResult::kUnreadable);
  CHECK(error.starts_with("no blueprint.json"));
  CHECK(Load(dir.path() + "/nothing.ds", nullptr, &side, &error) == LoadResult::kUnreadable);
  CHECK(error == "no such file or directory (and not a `REV:path`)");
}

}  // namespace
}  // namespace dsc::diff
