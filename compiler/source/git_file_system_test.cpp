#include "compiler/source/git_file_system.h"

#include <doctest/doctest.h>

#include <map>

namespace dsc {
namespace {

// A stand-in for git: one commit `c0ffee` whose files are `files`, answering
// the few commands GitFileSystem runs.
GitRunner FakeGit(std::map<std::string, std::string> files, std::vector<std::string>* log) {
  return [files, log](const std::vector<std::string>& args) {
    std::string line;
    for (const std::string& a : args) line += (line.empty() ? "" : " ") + a;
    log->push_back(line);
    GitOutput out;
    out.ran = true;
    out.exit_status = 0;
    if (args[0] == "rev-parse" && args[1] == "--show-toplevel") {
      out.out = "/repo\n";
    } else if (args[0] == "rev-parse" && args[1] == "--show-prefix") {
      out.out = "sub/\n";
    } else if (args[0] == "rev-parse") {
      if (args.back() == "main^{commit}") {
        out.out = "c0ffee\n";
      } else {
        out.exit_status = 1;
      }
    } else if (args[0] == "cat-file" && args[1] == "blob") {
      auto it = files.find(args[2]);
      if (it == files.end()) {
        out.exit_status = 128;
      } else {
        out.out = it->second;
      }
    } else if (args[0] == "cat-file" && args[1] == "-t") {
      out.exit_status = args[2] == "c0ffee:dir" ? 0 : 128;
      out.out = "tree\n";
    }
    return out;
  };
}

TEST_CASE("SplitRevisionPath: at the first colon, a revision is required") {
  std::string rev, path;
  CHECK(SplitRevisionPath("HEAD~2:fleets/shop.ds", &rev, &path));
  CHECK(rev == "HEAD~2");
  CHECK(path == "fleets/shop.ds");
  CHECK(SplitRevisionPath("origin/main:a:b.ds", &rev, &path));
  CHECK(rev == "origin/main");
  CHECK(path == "a:b.ds");
  CHECK_FALSE(SplitRevisionPath("shop.ds", &rev, &path));
  CHECK_FALSE(SplitRevisionPath(":shop.ds", &rev, &path));
}

TEST_CASE("GitFileSystem: reads one commit; imports join inside the revision") {
  std::vector<std::string> log;
  std::string error;
  auto fs = GitFileSystem::Open(
      FakeGit({{"c0ffee:fleets/shop.ds", "fleet"}, {"c0ffee:lib/db.ds", "lib"}}, &log), "main",
      &error);
  REQUIRE_MESSAGE(fs, error);
  CHECK(fs->commit() == "c0ffee");

  auto entry = fs->PathOf("fleets/shop.ds", &error);
  REQUIRE(entry);
  CHECK(*entry == "main:/fleets/shop.ds");
  CHECK(*fs->Read(*entry, &error) == "fleet");
  // What the module loader does with `import "../lib/db.ds"`.
  std::string import = JoinRelative(*entry, "../lib/db.ds");
  CHECK(import == "main:/lib/db.ds");
  CHECK(*fs->Read(import, &error) == "lib");
  CHECK(log.back() == "cat-file blob c0ffee:lib/db.ds");

  // Climbing out of the repository is refused, not read from the working tree.
  std::string escaped = JoinRelative(*entry, "../../outside.ds");
  CHECK_FALSE(fs->Read(escaped, &error));
  CHECK(error == "outside the repository at `main`");

  CHECK_FALSE(fs->Read("main:/fleets/none.ds", &error));
  CHECK(error == "no such file in revision `main`");
  CHECK_FALSE(fs->Read("main:/dir", &error));
  CHECK(error == "is a directory");
}

TEST_CASE("GitFileSystem: ./ paths start from the current directory") {
  std::vector<std::string> log;
  std::string error;
  auto fs = GitFileSystem::Open(FakeGit({}, &log), "main", &error);
  REQUIRE(fs);
  CHECK(*fs->PathOf("./shop.ds", &error) == "main:/sub/shop.ds");
  CHECK(*fs->PathOf("../shop.ds", &error) == "main:/shop.ds");
  CHECK(*fs->PathOf("/top.ds", &error) == "main:/top.ds");
  CHECK_FALSE(fs->PathOf("../../x.ds", &error));
  CHECK(error == "`../../x.ds` is outside the repository");
}

TEST_CASE("GitFileSystem: unknown revisions and option-like revisions are refused") {
  std::vector<std::string> log;
  std::string error;
  CHECK_FALSE(GitFileSystem::Open(FakeGit({}, &log), "nope", &error));
  CHECK(error == "unknown revision `nope`");
  log.clear();
  CHECK_FALSE(GitFileSystem::Open(FakeGit({}, &log), "--upload-pack=x", &error));
  CHECK(error == "`--upload-pack=x` is not a revision");
  CHECK(log.empty());
}

}  // namespace
}  // namespace dsc
