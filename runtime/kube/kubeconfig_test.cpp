#include "runtime/kube/kubeconfig.h"

#include <doctest/doctest.h>

#include "base/base64.h"
#include "base/test_temp_dir.h"

namespace dsc::kube {
namespace {

constexpr char kSecret[] = "s3cr3t-t0ken-value";

// A kubeconfig with two contexts, `main` (current) and `other`.
std::string TwoContexts() {
  return std::string(R"(apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443/
    certificate-authority-data: )") +
         base::Base64Encode("PROD CA PEM") + R"(
- name: dev
  cluster:
    server: https://dev.example:6443
    insecure-skip-tls-verify: true
    tls-server-name: kubernetes
    proxy-url: http://proxy:3128
users:
- name: admin
  user:
    token: )" +
         kSecret + R"(
- name: viewer
  user:
    username: view
    password: pw
contexts:
- name: main
  context: {cluster: prod, user: admin, namespace: apps}
- name: other
  context: {cluster: dev, user: viewer}
current-context: main
)";
}

struct LoadCase {
  const char* name;
  std::string text;
  std::string context;
  std::string error;  // empty: expect success
};

TEST_CASE("LoadKubeconfigText: contexts, clusters and users resolve as kubectl does") {
  RestConfig config;
  std::string error;
  REQUIRE(LoadKubeconfigText({{"/k/config", TwoContexts()}}, "", &config, &error));
  CHECK(config.context_name == "main");
  CHECK(config.user_name == "admin");
  CHECK(config.server == "https://prod.example:6443");
  CHECK(config.ca_pem == "PROD CA PEM");
  CHECK(config.token == kSecret);
  CHECK(config.namespace_name == "apps");
  CHECK_FALSE(config.insecure_skip_tls_verify);
  CHECK(config.source == "/k/config");

  REQUIRE(LoadKubeconfigText({{"/k/config", TwoContexts()}}, "other", &config, &error));
  CHECK(config.context_name == "other");
  CHECK(config.server == "https://dev.example:6443");
  CHECK(config.insecure_skip_tls_verify);
  CHECK(config.tls_server_name == "kubernetes");
  CHECK(config.proxy_url == "http://proxy:3128");
  CHECK(config.username == "view");
  CHECK(config.password == "pw");
  CHECK(config.token.empty());
  CHECK(config.namespace_name == "default");
}

TEST_CASE("LoadKubeconfigText: errors name the file and key, never a credential") {
  const LoadCase cases[] = {
      {"unknown context", TwoContexts(), "nope",
       "kubeconfig: context \"nope\" not found in /k/config (contexts: main, other)"},
      {"no current-context", "contexts: [{name: a, context: {cluster: c}}]", "",
       "kubeconfig: no current-context set in /k/config (pass --context; contexts: a)"},
      {"missing cluster",
       "contexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a", "",
       "kubeconfig: /k/config: context \"a\" names cluster \"c\", which is not defined in "
       "/k/config"},
      {"missing user",
       "clusters: [{name: c, cluster: {server: https://x}}]\n"
       "contexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a",
       "",
       "kubeconfig: /k/config: context \"a\" names user \"u\", which is not defined in /k/config"},
      {"no server",
       "clusters: [{name: c, cluster: {}}]\ncontexts: [{name: a, context: {cluster: c}}]\n"
       "current-context: a",
       "", "kubeconfig: /k/config: cluster \"c\": has no server"},
      {"bad base64",
       "clusters: [{name: c, cluster: {server: https://x, certificate-authority-data: '!!'}}]\n"
       "contexts: [{name: a, context: {cluster: c}}]\ncurrent-context: a",
       "", "kubeconfig: /k/config: cluster \"c\": certificate-authority-data is not valid base64"},
      {"bad bool",
       "clusters: [{name: c, cluster: {server: https://x, insecure-skip-tls-verify: maybe}}]\n"
       "contexts: [{name: a, context: {cluster: c}}]\ncurrent-context: a",
       "", "kubeconfig: /k/config: cluster \"c\": insecure-skip-tls-verify must be true or false"},
      {"syntax error", "clusters: [\n", "", "kubeconfig: /k/config:2:1: "},
      {"bad exec version",
       "clusters: [{name: c, cluster: {server: https://x}}]\n"
       "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, "
       "command: x}}}]\n"
       "contexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a",
       "",
       "kubeconfig: /k/config: user \"u\": exec: apiVersion "
       "\"client.authentication.k8s.io/v1alpha1\" is not supported"},
  };
  for (const auto& test : cases) {
    CAPTURE(test.name);
    RestConfig config;
    std::string error;
    CHECK_FALSE(LoadKubeconfigText({{"/k/config", test.text}}, test.context, &config, &error));
    CHECK(error.find(test.error) == 0);
    CHECK(error.find(kSecret) == std::string::npos);
  }
}

TEST_CASE("LoadKubeconfigText: exec plugins, client certificates, no scheme") {
  std::string text = R"(clusters:
- name: c
  cluster: {server: "127.0.0.1:6443"}
users:
- name: u
  user:
    client-certificate-data: )" +
                     base::Base64Encode("CERT") + R"(
    client-key-data: )" +
                     base::Base64Encode("KEY") + R"(
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: [--cluster, prod]
      env: [{name: REGION, value: eu}]
      installHint: install get-token
      provideClusterInfo: true
      interactiveMode: Never
contexts:
- name: a
  context: {cluster: c, user: u}
current-context: a
)";
  RestConfig config;
  std::string error;
  REQUIRE(LoadKubeconfigText({{"/home/me/.kube/config", text}}, "", &config, &error));
  CHECK(config.server == "https://127.0.0.1:6443");
  CHECK(config.client_cert_pem == "CERT");
  CHECK(config.client_key_pem == "KEY");
  REQUIRE(config.exec.has_value());
  CHECK(config.exec->api_version == "client.authentication.k8s.io/v1beta1");
  CHECK(config.exec->command == "/home/me/.kube/./bin/get-token");
  CHECK(config.exec->args == std::vector<std::string>{"--cluster", "prod"});
  CHECK(config.exec->env == std::vector<std::pair<std::string, std::string>>{{"REGION", "eu"}});
  CHECK(config.exec->install_hint == "install get-token");
  CHECK(config.exec->provide_cluster_info);
}

TEST_CASE("LoadKubeconfig: files on disk, merged first-wins, paths relative to their file") {
  base::testing::TempDir dir;
  dir.Write("a/ca.crt", "CA FROM FILE");
  dir.Write("a/token", "file-token");
  std::string first = dir.Write("a/config", R"(clusters:
- name: shared
  cluster: {server: "https://first", certificate-authority: ca.crt}
users:
- name: u
  user: {tokenFile: token}
contexts:
- name: ctx
  context: {cluster: shared, user: u}
current-context: ctx
)");
  std::string second = dir.Write("b/config", R"(clusters:
- name: shared
  cluster: {server: "https://second"}
- name: only-second
  cluster: {server: "https://only-second"}
contexts:
- name: ctx
  context: {cluster: only-second}
- name: extra
  context: {cluster: only-second, namespace: kube-system}
current-context: extra
)");
  std::string missing = dir.path() + "/missing/config";
  KubeconfigOptions options;
  options.env_kubeconfig = missing + ":" + first + "::" + second;
  RestConfig config;
  std::string error;
  REQUIRE(LoadKubeconfig(options, &config, &error));
  CHECK(config.context_name == "ctx");
  CHECK(config.server == "https://first");
  CHECK(config.ca_pem == "CA FROM FILE");
  CHECK(config.token_file == dir.path() + "/a/token");
  CHECK(config.source == first + ":" + second);

  options.context = "extra";
  REQUIRE(LoadKubeconfig(options, &config, &error));
  CHECK(config.server == "https://only-second");
  CHECK(config.namespace_name == "kube-system");

  // --kubeconfig wins over $KUBECONFIG.
  options = {};
  options.explicit_path = second;
  options.env_kubeconfig = first;
  REQUIRE(LoadKubeconfig(options, &config, &error));
  CHECK(config.context_name == "extra");

  options = {};
  options.env_kubeconfig = missing;
  CHECK_FALSE(LoadKubeconfig(options, &config, &error));
  CHECK(error == "kubeconfig: none of the files in $KUBECONFIG exist (" + missing + ")");

  options = {};
  options.explicit_path = missing;
  CHECK_FALSE(LoadKubeconfig(options, &config, &error));
  CHECK(error.find("kubeconfig: cannot read " + missing) == 0);
}

TEST_CASE("LoadKubeconfig: $HOME/.kube/config when nothing else is given") {
  base::testing::TempDir dir;
  dir.Write(".kube/config", R"(clusters: [{name: c, cluster: {server: "https://home"}}]
contexts: [{name: a, context: {cluster: c}}]
current-context: a
)");
  KubeconfigOptions options;
  options.home = dir.path();
  RestConfig config;
  std::string error;
  REQUIRE(LoadKubeconfig(options, &config, &error));
  CHECK(config.server == "https://home");
  CHECK(config.source == dir.path() + "/.kube/config");

  options.home = dir.path() + "/nobody";
  CHECK_FALSE(LoadKubeconfig(options, &config, &error));
  CHECK(error.find("does not exist") != std::string::npos);
}

TEST_CASE("LoadKubeconfig: an unreadable certificate file is named in the error") {
  base::testing::TempDir dir;
  std::string path = dir.Write("config", R"(clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {client-certificate: c.crt, client-key: c.key}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
current-context: a
)");
  KubeconfigOptions options;
  options.explicit_path = path;
  RestConfig config;
  std::string error;
  CHECK_FALSE(LoadKubeconfig(options, &config, &error));
  CHECK(error == "kubeconfig: " + path + ": user \"u\": client-certificate: cannot read " +
                     dir.path() + "/c.crt: No such file or directory");
}

}  // namespace
}  // namespace dsc::kube
