// Loading imports from a real directory tree: the project root (DS2021), with
// symbolic links resolved before the check.
#include "compiler/sema/modules.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/test_temp_dir.h"

namespace dsc::sema {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

constexpr const char* kFleet = "fleet shop {\n  namespace = \"shop\"\n}\n";
constexpr const char* kService = "service api {\n  image = \"ghcr.io/acme/api:1.0.0\"\n}\n";

struct Loaded {
  ModuleSet set;
  DiagnosticSink diags;
  SourceManager sources;
};

void Load(const std::string& entry, ImportScope scope, Loaded* out) {
  RealFileSystem fs(scope);
  out->set = LoadModules(entry, fs, out->sources, out->diags);
}

int Count(const DiagnosticSink& diags, DiagKind kind) {
  int n = 0;
  for (const Diagnostic& d : diags.diagnostics()) n += d.kind == kind;
  return n;
}

TEST_CASE("imports: inside the project, also through a link that stays inside") {
  TempDir dir;
  std::string entry =
      dir.Write("proj/main.ds", std::string("import \"./lib/api.ds\" as api\n"
                                            "import \"./alias/api.ds\" as again\n") +
                                    kFleet);
  dir.Write("proj/lib/api.ds", kService);
  fs::create_directory_symlink(dir.path() + "/proj/lib", dir.path() + "/proj/alias");
  Loaded loaded;
  Load(entry, ImportScope::kProject, &loaded);
  CHECK(Count(loaded.diags, DiagKind::kImportOutsideRoot) == 0);
  // One file under two spellings: loaded once.
  CHECK(loaded.set.modules.size() == 2);
  CHECK(loaded.set.modules[0].imports[0].module == loaded.set.modules[0].imports[1].module);
}

TEST_CASE("imports: a hard link to a file already imported is that file") {
  TempDir dir;
  std::string entry = dir.Write("proj/main.ds", std::string("import \"./api.ds\" as api\n"
                                                            "import \"./linked.ds\" as linked\n") +
                                                    kFleet);
  dir.Write("proj/api.ds", kService);
  fs::create_hard_link(dir.path() + "/proj/api.ds", dir.path() + "/proj/linked.ds");
  Loaded loaded;
  Load(entry, ImportScope::kProject, &loaded);
  CHECK(loaded.set.modules.size() == 2);
  CHECK(loaded.set.modules[0].imports[0].module == loaded.set.modules[0].imports[1].module);
}

TEST_CASE("imports: leaving the project is refused before the file is read") {
  TempDir dir;
  dir.Write("outside/secret.ds", "this would be quoted in a syntax error\n");
  std::string entry;

  SUBCASE("by ..") {
    entry =
        dir.Write("proj/main.ds", std::string("import \"../outside/secret.ds\" as s\n") + kFleet);
  }
  SUBCASE("through a symbolic link inside the project") {
    fs::create_directories(dir.path() + "/proj");
    fs::create_directory_symlink(dir.path() + "/outside", dir.path() + "/proj/vendor");
    entry = dir.Write("proj/main.ds", std::string("import \"./vendor/secret.ds\" as s\n") + kFleet);
  }
  SUBCASE("by an absolute path") {
    entry = dir.Write("proj/main.ds",
                      "import \"" + dir.path() + "/outside/secret.ds\" as s\n" + kFleet);
  }
  Loaded loaded;
  Load(entry, ImportScope::kProject, &loaded);
  REQUIRE(Count(loaded.diags, DiagKind::kImportOutsideRoot) == 1);
  CHECK(loaded.set.modules.size() == 1);  // not read, so nothing of it is quoted
  CHECK(loaded.set.modules[0].imports[0].module == -1);
  const Diagnostic& d = loaded.diags.diagnostics().front();
  CHECK(d.help == "move the file into the project, or pass --allow-outside-imports");
  REQUIRE_FALSE(d.notes.empty());
  CHECK(d.notes.back().find("the directory of `" + entry + "`, which is in no git work tree") !=
        std::string::npos);

  // With --allow-outside-imports the same import is read.
  Loaded allowed;
  Load(entry, ImportScope::kAnywhere, &allowed);
  CHECK(Count(allowed.diags, DiagKind::kImportOutsideRoot) == 0);
  CHECK(allowed.set.modules.size() == 2);
}

TEST_CASE("imports: the note names the link only when there is one") {
  TempDir dir;
  dir.Write("outside/lib.ds", kService);
  fs::create_directories(dir.path() + "/proj");
  fs::create_directory_symlink(dir.path() + "/outside", dir.path() + "/proj/vendor");
  std::string entry = dir.Write(
      "proj/main.ds",
      std::string("import \"./vendor/lib.ds\" as a\nimport \"../outside/lib.ds\" as b\n") + kFleet);
  Loaded loaded;
  Load(entry, ImportScope::kProject, &loaded);
  REQUIRE(loaded.diags.diagnostics().size() == 2);
  const std::string target = fs::canonical(dir.path() + "/outside/lib.ds").string();
  const Diagnostic& through_link = loaded.diags.diagnostics()[0];
  REQUIRE(through_link.notes.size() == 2);
  CHECK(through_link.notes[0] == "`" + dir.path() + "/proj/vendor/lib.ds` leads, through a " +
                                     "symbolic link, to `" + target + "`");
  CHECK(loaded.diags.diagnostics()[1].notes.size() == 1);
}

TEST_CASE("imports: the project root is the git work tree holding the entry file") {
  TempDir dir;
  dir.Write("repo/shared/lib.ds", kService);
  std::string entry = dir.Write("repo/fleets/shop/main.ds",
                                std::string("import \"../../shared/lib.ds\" as lib\n") + kFleet);
  std::string why;

  SUBCASE("a clone: .git is a directory") { fs::create_directories(dir.path() + "/repo/.git"); }
  SUBCASE("a worktree or submodule: .git is a file") { dir.Write("repo/.git", "gitdir: /x\n"); }

  RealFileSystem real;
  CHECK(real.ImportRoot(entry, &why) == fs::canonical(dir.path() + "/repo").string());
  CHECK(why == "the git work tree holding `" + entry + "`");
  Loaded loaded;
  Load(entry, ImportScope::kProject, &loaded);
  CHECK(loaded.diags.diagnostics().empty());
  CHECK(loaded.set.modules.size() == 2);
}

TEST_CASE("imports: file systems without a root do not confine") {
  std::string why;
  InMemoryFileSystem memory;
  CHECK(memory.ImportRoot("/fleet/main.ds", &why).empty());
  RealFileSystem anywhere(ImportScope::kAnywhere);
  CHECK(anywhere.ImportRoot("/fleet/main.ds", &why).empty());
}

TEST_CASE("IsWithin: whole path components only") {
  CHECK(IsWithin("/a/b", "/a/b"));
  CHECK(IsWithin("/a/b/c.ds", "/a/b"));
  CHECK_FALSE(IsWithin("/a/bc/d.ds", "/a/b"));
  CHECK_FALSE(IsWithin("/a", "/a/b"));
  CHECK(IsWithin("/a/b.ds", "/"));
}

}  // namespace
}  // namespace dsc::sema
