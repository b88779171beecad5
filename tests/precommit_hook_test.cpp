// precommit_hook_test.cpp: scripts/git-hooks/pre-commit in a real git repository: a
// commit whose staged fleet is broken or unformatted is refused, a good one goes in,
// and what is checked is the staged content, not the working tree.
#include <doctest/doctest.h>

#include <string>

#include "run_command.h"

namespace {

using dsc::testing::CommandResult;
using dsc::testing::Contains;
using dsc::testing::Head;
using dsc::testing::kDscBinary;
using dsc::testing::kSourceDir;
using dsc::testing::RunCommand;
using dsc::testing::ShellQuote;
using dsc::testing::TempDir;
using dsc::testing::WriteFile;

// A small fleet, formatted as `dsc fmt` writes it, that checks and lints clean.
constexpr char kGoodFleet[] = R"(fleet shop {
  namespace = "shop"
  domain = "shop.localtest.me"
}

service api {
  image = "ghcr.io/example/api:1.4.2"
  ports { http = 8080 }
  resources {
    requests { cpu = 100m, memory = 64Mi }
    limits { cpu = 500m, memory = 256Mi }
  }
  health {
    readiness { http = "/healthz" }
  }
  route { host = "api.${fleet.domain}" }
}
)";

// kGoodFleet with a type error on line 8: the port as a string (DS3002).
std::string BrokenFleet() {
  std::string broken = kGoodFleet;
  broken.replace(broken.find("ports { http = 8080 }"), 21, "ports { http = \"8080\" }");
  return broken;
}

class Repo {
 public:
  Repo() {
    Git("init -q -b main");
    Git("config user.name dsc-test");
    Git("config user.email dsc-test@example.com");
    Git("config commit.gpgsign false");
    const std::string hook = std::string(kSourceDir) + "/scripts/git-hooks/pre-commit";
    Run("cp " + ShellQuote(hook) + " .git/hooks/pre-commit");
  }
  CommandResult Run(const std::string& command) {
    return RunCommand("cd " + ShellQuote(dir_.path().string()) +
                      " && DSC=" + ShellQuote(kDscBinary) + " NO_COLOR=1 " + command);
  }
  CommandResult Git(const std::string& args) { return Run("git " + args); }
  // Copies a directory of the source tree into the repository, as `name`.
  void CopyFromSource(const std::string& from, const std::string& name) {
    REQUIRE(RunCommand("cp -r " + ShellQuote(std::string(kSourceDir) + "/" + from) + " " +
                       ShellQuote((dir_.path() / name).string()))
                .exit_code == 0);
  }
  // Replaces the first `from` in a file of the repository by `to`.
  void Edit(const std::string& name, const std::string& from, const std::string& to) {
    std::string text = dsc::testing::ReadFile(dir_.path() / name);
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    Write(name, text.replace(at, from.size(), to));
  }
  void Write(const std::string& name, const std::string& text) {
    REQUIRE(WriteFile(dir_.path() / name, text));
  }
  int Commits() {
    CommandResult count = Git("rev-list --count HEAD");
    return count.exit_code == 0 ? std::stoi(count.output) : 0;
  }

 private:
  TempDir dir_;
};

}  // namespace

TEST_SUITE("precommit") {
  TEST_CASE("pre-commit hook: a good fleet is committed") {
    Repo repo;
    repo.Write("shop.ds", kGoodFleet);
    repo.Git("add shop.ds");
    CommandResult commit = repo.Git("commit -q -m 'add shop'");
    CHECK_MESSAGE(commit.exit_code == 0, Head(commit.output));
    CHECK(repo.Commits() == 1);
  }

  TEST_CASE("pre-commit hook: a fleet with a type error is refused, with the diagnostic") {
    Repo repo;
    const std::string broken = BrokenFleet();
    repo.Write("shop.ds", broken);
    repo.Git("add shop.ds");
    CommandResult commit = repo.Git("commit -q -m 'broken'");
    CHECK(commit.exit_code != 0);
    CHECK_MESSAGE(Contains(commit.output, "shop.ds:8:18: error[DS3002]"), Head(commit.output));
    CHECK(Contains(commit.output, "commit refused"));
    CHECK_MESSAGE(commit.output.find("DS3002") == commit.output.rfind("DS3002"),
                  "reported once, not again by lint:\n"
                      << Head(commit.output));
    CHECK(repo.Commits() == 0);
  }

  TEST_CASE("pre-commit hook: an unformatted fleet is refused") {
    Repo repo;
    std::string messy = kGoodFleet;
    messy.replace(messy.find("  namespace"), 2, "      ");
    repo.Write("shop.ds", messy);
    repo.Git("add shop.ds");
    CommandResult commit = repo.Git("commit -q -m 'messy'");
    CHECK(commit.exit_code != 0);
    CHECK_MESSAGE(Contains(commit.output, "shop.ds"), Head(commit.output));
    CHECK(repo.Commits() == 0);
  }

  TEST_CASE("pre-commit hook: the staged version is checked, not the working tree") {
    Repo repo;
    const std::string broken = BrokenFleet();
    repo.Write("shop.ds", broken);
    repo.Git("add shop.ds");
    repo.Write("shop.ds", kGoodFleet);  // fixed, but not staged
    CHECK(repo.Git("commit -q -m 'staged is broken'").exit_code != 0);
    repo.Git("add shop.ds");
    CHECK(repo.Git("commit -q -m 'now staged'").exit_code == 0);
    // And the other way round: a good staged file with a broken working copy commits.
    repo.Write("shop.ds", broken);
    CHECK(repo.Git("commit -q --allow-empty -m 'nothing staged'").exit_code == 0);
    CHECK(repo.Commits() == 2);
  }

  TEST_CASE("pre-commit hook: a multi-team fleet, changed one team file at a time") {
    // examples/marketplace as a repository: the fleet file, teams/*.ds (no fleet
    // header: deployed with it) and another team's fleet in external/.
    Repo repo;
    repo.CopyFromSource("examples/marketplace", "fleet");
    repo.Git("add .");
    CommandResult first = repo.Git("commit -q -m 'marketplace'");
    REQUIRE_MESSAGE(first.exit_code == 0, Head(first.output));

    // A good change to one team's file: checked through the fleet that imports it.
    repo.Edit("fleet/teams/catalog.ds", "replicas = 2", "replicas = 3");
    repo.Git("add fleet/teams/catalog.ds");
    CommandResult good = repo.Git("commit -q -m 'more products replicas'");
    CHECK_MESSAGE(good.exit_code == 0, Head(good.output));
    CHECK_FALSE(Contains(good.output, "DS2008"));
    CHECK_FALSE(Contains(good.output, "DS2021"));

    // A change to one team's file that breaks the others: refused, with the errors where
    // they are, in the files that were not changed.
    repo.Edit("fleet/teams/catalog.ds", "service pricing {", "service price-engine {");
    repo.Git("add fleet/teams/catalog.ds");
    CommandResult broken = repo.Git("commit -q -m 'rename pricing'");
    CHECK(broken.exit_code != 0);
    CHECK_MESSAGE(Contains(broken.output, "teams/checkout.ds:36:"), Head(broken.output));
    CHECK(Contains(broken.output, "marketplace.ds:60:"));
    CHECK(Contains(broken.output, "error[DS2001]"));
    CHECK(Contains(broken.output, "commit refused"));
    CHECK(repo.Commits() == 2);
  }

  TEST_CASE("pre-commit hook: a library of kinds no fleet imports yet checks on its own") {
    Repo repo;
    repo.Write("kinds.ds",
               "kind cache: infra {\n  param size: string = \"1Gi\"\n"
               "  export url: string = \"redis://${self.name}:6379\"\n}\n");
    repo.Git("add kinds.ds");
    CommandResult good = repo.Git("commit -q -m 'kinds'");
    CHECK_MESSAGE(good.exit_code == 0, Head(good.output));
    repo.Edit("kinds.ds", "param size: string", "param size: strng");
    repo.Git("add kinds.ds");
    CommandResult bad = repo.Git("commit -q -m 'typo'");
    CHECK(bad.exit_code != 0);
    CHECK_MESSAGE(Contains(bad.output, "kinds.ds:2:15: error[DS3013]"), Head(bad.output));
  }

  TEST_CASE("pre-commit hook: commits without fleet files are not checked") {
    Repo repo;
    repo.Write("README.md", "notes\n");
    repo.Git("add README.md");
    CHECK(repo.Git("commit -q -m 'docs'").exit_code == 0);
  }
}
