#include "compiler/sema/names.h"

#include <doctest/doctest.h>

namespace dsc::sema {
namespace {

TEST_CASE("DnsLabelProblem") {
  CHECK(DnsLabelProblem("api-gateway", true).empty());
  CHECK(DnsLabelProblem("9lives", false).empty());
  CHECK_FALSE(DnsLabelProblem("9lives", true).empty());
  CHECK(DnsLabelProblem("Api", true) == "it must be lowercase");
  CHECK(DnsLabelProblem("my_api", true) == "`_` is not allowed; use `-`");
  CHECK_FALSE(DnsLabelProblem("api-", true).empty());
  CHECK_FALSE(DnsLabelProblem("", true).empty());
}

TEST_CASE("HostProblem") {
  CHECK(HostProblem("api.shop.localtest.me").empty());
  CHECK(HostProblem("*.shop.localtest.me").empty());
  CHECK_FALSE(HostProblem("api..shop").empty());
  CHECK_FALSE(HostProblem("Api.shop").empty());
  CHECK_FALSE(HostProblem(std::string(64, 'a') + ".shop").empty());
  CHECK_FALSE(
      HostProblem(std::string(250, 'a').insert(60, ".").insert(120, ".").insert(180, ".")).empty());
}

TEST_CASE("ImageProblem follows the distribution reference grammar") {
  for (const char* good :
       {"postgres", "postgres:16.3", "ghcr.io/acme/api:1.4.2", "localhost:5000/team/app:dev",
        "registry.example.com:443/a/b_c/d-e:v1",
        "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}) {
    CAPTURE(good);
    CHECK(ImageProblem(good).empty());
  }
  for (const char* bad :
       {"", "Acme/api:1", "api:", "api: 1", "a//b", "-api:1", "api@sha256:xyz", "api:-bad"}) {
    CAPTURE(bad);
    CHECK_FALSE(ImageProblem(bad).empty());
  }
}

TEST_CASE("PortNameProblem is IANA_SVC_NAME") {
  CHECK(PortNameProblem("http").empty());
  CHECK(PortNameProblem("grpc-web").empty());
  CHECK_FALSE(PortNameProblem("HTTP").empty());
  CHECK_FALSE(PortNameProblem("1234").empty());
  CHECK_FALSE(PortNameProblem("a--b").empty());
  CHECK_FALSE(PortNameProblem("a-very-long-port-name").empty());
}

TEST_CASE("label keys and values") {
  CHECK(LabelKeyProblem("app.kubernetes.io/name").empty());
  CHECK(LabelKeyProblem("team").empty());
  CHECK_FALSE(LabelKeyProblem("a/b/c").empty());
  CHECK_FALSE(LabelKeyProblem("Bad Prefix/x").empty());
  CHECK(LabelValueProblem("").empty());
  CHECK(LabelValueProblem("v1.2_x").empty());
  CHECK_FALSE(LabelValueProblem("-x").empty());
  CHECK_FALSE(LabelValueProblem(std::string(64, 'a')).empty());
}

TEST_CASE("env and header names") {
  CHECK(IsEnvName("DATABASE_URL"));
  CHECK(IsEnvName("_x1"));
  CHECK_FALSE(IsEnvName("1X"));
  CHECK_FALSE(IsEnvName("A-B"));
  CHECK(IsHeaderName("x-devstack-label"));
  CHECK_FALSE(IsHeaderName("x bad"));
  CHECK_FALSE(IsHeaderName(""));
}

TEST_CASE("EditDistance") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("url", "urll") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
}

}  // namespace
}  // namespace dsc::sema
