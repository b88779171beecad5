// cluster_cli_test.cpp: the cluster commands' command line where no cluster is
// needed: help, usage errors, a fleet or build directory that cannot be used, and
// a kubeconfig that cannot be read or points nowhere (exit 3). Their behaviour
// against a real control plane is tested in tests/runtime/.
#include <doctest/doctest.h>

#include <string>

#include "run_command.h"

namespace {

using dsc::testing::Contains;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::TempDir;
using dsc::testing::WriteFile;

TEST_SUITE("cli") {
  TEST_CASE("dsc --help lists the cluster commands and their exit codes") {
    auto result = RunDsc("--help");
    CHECK(result.exit_code == 0);
    for (const char* command : {"apply PATH", "status PATH", "watch PATH", "destroy PATH", "gc "})
      CHECK_MESSAGE(Contains(result.output, command), command);
    CHECK(Contains(result.output, "4 credentials rejected, 130 interrupted"));
  }

  TEST_CASE("cluster commands: --help for each") {
    for (const char* command :
         {"apply", "status", "doctor", "platform", "usage", "watch", "destroy", "gc"}) {
      auto result = RunDsc(std::string(command) + " --help");
      CHECK_MESSAGE(result.exit_code == 0, command);
      CHECK_MESSAGE(Contains(result.output, "--kubeconfig"), command);
    }
    CHECK(Contains(RunDsc("apply --help").output, "--force-conflicts"));
    CHECK(Contains(RunDsc("apply --help").output, "130 interrupted"));
  }

  TEST_CASE("cluster commands: usage errors exit 2 before any cluster is asked") {
    struct Case {
      const char* args;
      const char* says;
    };
    const Case cases[] = {
        {"apply", "give one build directory or fleet file"},
        {"apply examples/sqs/sqs.ds --timeout soon", "--timeout: give a duration like 90s or 5m"},
        {"apply examples/sqs/sqs.ds --concurrency 0", "--concurrency must be between 1 and 256"},
        {"apply examples/sqs/sqs.ds --output yaml", "--output must be `text` or `json`"},
        {"apply examples/sqs/sqs.ds --engine kubectl", "--engine must be `native` or `helmfile`"},
        {"apply examples/sqs/sqs.ds --feature nope", "DS6005"},
        {"apply examples/broken/typo.ds", "error["},
        {"apply examples", "blueprint.json is missing: is this the output of `dsc build`?"},
        {"status", "give one build directory or fleet file"},
        {"doctor", "give one build directory or fleet file"},
        {"doctor examples/broken/typo.ds", "error["},
        {"destroy examples/sqs/sqs.ds --feature nope",
         "unknown feature `nope` (features: retry-dlq)"},
        {"gc --now tomorrow", "--now: give a time like 2026-12-01T00:00:00Z"},
        {"gc --output yaml", "--output must be `text` or `json`"},
        {"usage --format yaml", "--format must be text, json or csv"},
        {"usage --now tomorrow", "--now: give a time like 2026-12-01T00:00:00Z"},
        {"usage --prices /nonexistent/prices.yaml", "--prices /nonexistent/prices.yaml: "},
        {"platform", "give a subcommand: apply, diff, status, destroy or build"},
        {"platform apply --traefik v4", "--traefik: give v2 or v3"},
        {"platform apply --entrypoint web", "--entrypoint: give NAME=PORT"},
        {"platform apply --no-traefik --no-localstack --no-janitor", "nothing to install"},
    };
    for (const Case& c : cases) {
      auto result = RunDsc(std::string(c.args) + " --kubeconfig /nonexistent/kubeconfig");
      CHECK_MESSAGE(result.exit_code == 2, c.args << "\n" << result.output);
      CHECK_MESSAGE(Contains(result.output, c.says), c.args << "\n" << result.output);
    }
  }

  TEST_CASE("cluster commands: an unreadable kubeconfig or an unreachable server exits 3") {
    auto missing = RunDsc("status examples/sqs/sqs.ds --kubeconfig /nonexistent/kubeconfig");
    CHECK(missing.exit_code == 3);
    CHECK(RunDsc("doctor examples/sqs/sqs.ds --kubeconfig /nonexistent/kubeconfig").exit_code == 3);
    CHECK(RunDsc("usage --kubeconfig /nonexistent/kubeconfig").exit_code == 3);
    CHECK(RunDsc("platform status --kubeconfig /nonexistent/kubeconfig").exit_code == 3);
    CHECK_MESSAGE(Contains(missing.output, "/nonexistent/kubeconfig"), missing.output);

    TempDir dir;
    const std::string token = "s3cr3t-token-never-printed";
    std::string kubeconfig =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
        "    server: https://127.0.0.1:1\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
        "current-context: x\nusers:\n- name: u\n  user:\n    token: " +
        token + "\n";
    REQUIRE(WriteFile(dir.path() / "kubeconfig", kubeconfig));
    auto unreachable = RunDsc("apply examples/sqs/sqs.ds --kubeconfig " +
                                  ShellQuote((dir.path() / "kubeconfig").string()),
                              "timeout 60");
    CHECK_MESSAGE(unreachable.exit_code == 3, unreachable.output);
    CHECK_MESSAGE(Contains(unreachable.output, "cannot reach the cluster at https://127.0.0.1:1"),
                  unreachable.output);
    CHECK_FALSE(Contains(unreachable.output, token));
  }

  // libcurl is loaded when the first request is made (runtime/kube/curl_api.h).
  TEST_CASE("without libcurl, a cluster command says so and exits 3; compiling never loads it") {
    const std::string no_curl = "env DSC_LIBCURL=/nonexistent/libcurl.so.4";
    TempDir dir;
    REQUIRE(
        WriteFile(dir.path() / "kubeconfig",
                  "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                  "    server: https://127.0.0.1:1\ncontexts:\n- name: x\n  context: "
                  "{cluster: c, user: u}\ncurrent-context: x\nusers:\n- name: u\n  user: {}\n"));
    auto status = RunDsc("status examples/sqs/sqs.ds --kubeconfig " +
                             ShellQuote((dir.path() / "kubeconfig").string()),
                         no_curl);
    CHECK_MESSAGE(status.exit_code == 3, status.output);
    CHECK_MESSAGE(Contains(status.output, "cannot load libcurl: /nonexistent/libcurl.so.4"),
                  status.output);
    CHECK(Contains(status.output, "apt-get install libcurl4"));
    for (const char* command : {"check examples/sqs/sqs.ds", "build examples/sqs/sqs.ds -o -",
                                "lint examples/sqs/sqs.ds", "fmt --check examples/sqs/sqs.ds"}) {
      auto result = RunDsc(command, no_curl);
      CHECK_MESSAGE(result.exit_code == 0, command << "\n" << result.output);
      CHECK_FALSE(Contains(result.output, "libcurl"));
    }
  }
}

}  // namespace
