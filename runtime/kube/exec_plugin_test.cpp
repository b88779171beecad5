#include "runtime/kube/exec_plugin.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/read_file.h"
#include "base/rfc3339.h"
#include "base/test_temp_dir.h"
#include "runtime/kube/credentials.h"

namespace dsc::kube {
namespace {

using std::chrono::milliseconds;

ExecConfig Plugin(const std::string& command) {
  ExecConfig exec;
  exec.api_version = std::string(kExecApiV1);
  exec.command = command;
  return exec;
}

std::string ReadBack(const std::string& path) {
  std::string text, error;
  base::ReadFileToString(path, &text, &error);
  return text;
}

TEST_CASE("RunExecPlugin: passes args, env and KUBERNETES_EXEC_INFO; reads the credential") {
  base::testing::TempDir dir;
  std::string script = dir.Write("plugin.sh", R"(#!/bin/sh
printf '%s' "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/info.json"
cat <<JSON
{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
 "status": {"token": "tok-$1-$REGION", "expirationTimestamp": "2030-01-02T03:04:05Z",
            "clientCertificateData": "CERT", "clientKeyData": "KEY"}}
JSON
)",
                                 /*executable=*/true);
  ExecConfig exec = Plugin(script);
  exec.args = {"prod"};
  exec.env = {{"REGION", "eu"}};
  exec.provide_cluster_info = true;
  RestConfig cluster;
  cluster.server = "https://k8s:6443";
  cluster.ca_pem = "CA";
  ExecCredential credential;
  std::string error;
  REQUIRE_MESSAGE(RunExecPlugin(exec, cluster, &credential, &error), error);
  CHECK(credential.token == "tok-prod-eu");
  CHECK(credential.client_cert_pem == "CERT");
  CHECK(credential.client_key_pem == "KEY");
  CHECK(credential.expiry == base::ParseRfc3339("2030-01-02T03:04:05Z"));
  auto info = nlohmann::json::parse(ReadBack(dir.path() + "/info.json"));
  CHECK(info["kind"] == "ExecCredential");
  CHECK(info["apiVersion"] == "client.authentication.k8s.io/v1");
  CHECK(info["spec"]["interactive"] == false);
  CHECK(info["spec"]["cluster"]["server"] == "https://k8s:6443");
  CHECK(info["spec"]["cluster"]["certificate-authority-data"] == "Q0E=");
}

TEST_CASE("RunExecPlugin: failures say which command and why, with the install hint") {
  base::testing::TempDir dir;
  std::string failing = dir.Write("fail.sh", R"(#!/bin/sh
echo "  error: no SSO session; run login" >&2
echo "second line" >&2
exit 3
)",
                                  /*executable=*/true);
  ExecConfig exec = Plugin(failing);
  exec.install_hint = "Install it with: brew install thing";
  ExecCredential credential;
  std::string error;
  CHECK_FALSE(RunExecPlugin(exec, {}, &credential, &error));
  CHECK(error == "exec plugin \"" + failing +
                     "\" failed (exit status 3): error: no SSO session; run login\n"
                     "Install it with: brew install thing");

  exec.command = "dsc-no-such-plugin";
  CHECK_FALSE(RunExecPlugin(exec, {}, &credential, &error));
  CHECK(error ==
        "exec plugin \"dsc-no-such-plugin\": executable not found\n"
        "Install it with: brew install thing");
}

TEST_CASE("RunExecPlugin: output and time are bounded") {
  base::testing::TempDir dir;
  std::string chatty = dir.Write("chatty.sh", "#!/bin/sh\nhead -c 1100000 /dev/zero | tr '\\0' a\n",
                                 /*executable=*/true);
  ExecCredential credential;
  std::string error;
  CHECK_FALSE(RunExecPlugin(Plugin(chatty), {}, &credential, &error));
  CHECK(error == "exec plugin \"" + chatty + "\" printed more than 1048576 bytes; stopped it");

  // The child holds stdout open too: the whole process group must go.
  std::string slow = dir.Write("slow.sh", "#!/bin/sh\nsleep 30 &\nwait\n", /*executable=*/true);
  base::ProcessLimits limits;
  limits.timeout = milliseconds(200);
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(RunExecPlugin(Plugin(slow), {}, &credential, &error, limits));
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(2000));
  CHECK(error == "exec plugin \"" + slow + "\" did not finish within 200 ms; stopped it");
}

TEST_CASE("ParseExecCredential: rejects bad output without quoting it") {
  const std::string v1(kExecApiV1);
  ExecCredential credential;
  std::string error;
  CHECK_FALSE(ParseExecCredential(R"({"token": "leaked-secret)", v1, &credential, &error));
  CHECK(error.find("leaked-secret") == std::string::npos);
  CHECK_FALSE(ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
          "status":{"token":"leaked-secret"}})",
      v1, &credential, &error));
  CHECK(error.find("expected ExecCredential client.authentication.k8s.io/v1") != std::string::npos);
  CHECK(error.find("leaked-secret") == std::string::npos);
  CHECK_FALSE(ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})", v1,
      &credential, &error));
  CHECK(error == "printed neither a token nor a client certificate");
}

TEST_CASE("ParseExecCredential: an expiry far in the future means never, not a crash") {
  ExecCredential credential;
  std::string error;
  REQUIRE(ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
          "status":{"token":"t","expirationTimestamp":"4052-11-27T12:00:00Z"}})",
      std::string(kExecApiV1), &credential, &error));
  REQUIRE(credential.expiry);
  CHECK(*credential.expiry > std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 100));
}

TEST_CASE("Credentials: a plugin runs once, again when expired and after Invalidate") {
  base::testing::TempDir dir;
  // Counts its runs; the credential expires in the past when asked to.
  std::string script = dir.Write("count.sh", R"(#!/bin/sh
n=$(cat "$(dirname "$0")/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$(dirname "$0")/runs"
expiry=""
[ -f "$(dirname "$0")/expire" ] && expiry=', "expirationTimestamp": "2001-01-01T00:00:00Z"'
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t'$n'"'"$expiry"'}}'
)",
                                 /*executable=*/true);
  RestConfig config;
  config.exec = Plugin(script);
  Credentials credentials(config);
  Credential first, second;
  std::string error;
  REQUIRE(credentials.Get(&first, &error));
  REQUIRE(credentials.Get(&second, &error));
  CHECK(first.bearer_token == "t1");
  CHECK(second.bearer_token == "t1");
  CHECK(credentials.Invalidate(first));
  REQUIRE(credentials.Get(&second, &error));
  CHECK(second.bearer_token == "t2");
  // A second 401 for the old credential must not throw away the new one.
  CHECK(credentials.Invalidate(first));
  REQUIRE(credentials.Get(&second, &error));
  CHECK(second.bearer_token == "t2");

  dir.Write("expire", "");
  CHECK(credentials.Invalidate(second));
  REQUIRE(credentials.Get(&second, &error));
  CHECK(second.bearer_token == "t3");
  REQUIRE(credentials.Get(&second, &error));
  CHECK(second.bearer_token == "t4");

  RestConfig static_token;
  static_token.token = "fixed";
  Credentials fixed(static_token);
  REQUIRE(fixed.Get(&first, &error));
  CHECK(first.bearer_token == "fixed");
  CHECK_FALSE(fixed.Invalidate(first));
}

}  // namespace
}  // namespace dsc::kube
