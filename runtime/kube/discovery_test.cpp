#include "runtime/kube/discovery.h"

#include <doctest/doctest.h>

#include "runtime/kube/test_http_server.h"

namespace dsc::kube {
namespace {

using testing::Reply;
using testing::TestRequest;

TEST_CASE("GroupVersionPath, CollectionPath, ObjectPath") {
  CHECK(GroupVersionPath("v1") == "/api/v1");
  CHECK(GroupVersionPath("apps/v1") == "/apis/apps/v1");
  CHECK(GroupVersionPath("traefik.io/v1alpha1") == "/apis/traefik.io/v1alpha1");
  ResourceInfo deployments{"apps/v1", "Deployment", "deployments", true};
  ResourceInfo namespaces{"v1", "Namespace", "namespaces", false};
  CHECK(CollectionPath(deployments, "shop") == "/apis/apps/v1/namespaces/shop/deployments");
  CHECK(CollectionPath(deployments, "") == "/apis/apps/v1/deployments");
  CHECK(CollectionPath(namespaces, "ignored") == "/api/v1/namespaces");
  CHECK(ObjectPath(deployments, "shop", "web") == "/apis/apps/v1/namespaces/shop/deployments/web");
  CHECK(ObjectPath(namespaces, "", "shop") == "/api/v1/namespaces/shop");
}

TEST_CASE("QueryEscape keeps RFC 3986 unreserved characters only") {
  CHECK(QueryEscape("app.kubernetes.io/managed-by=dsc,tier in (a b)~_") ==
        "app.kubernetes.io%2Fmanaged-by%3Ddsc%2Ctier%20in%20%28a%20b%29~_");
  CHECK(QueryEscape("é") == "%C3%A9");
  CHECK(QueryEscape("") == "");
}

TEST_CASE("Discovery: looks up kinds per group-version, caches, refreshes") {
  std::atomic<bool> with_crd{false};
  testing::TestHttpServer server([&](const TestRequest& request) {
    if (request.path == "/apis/apps/v1") {
      return Reply(200, R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
        {"name":"deployments","namespaced":true,"kind":"Deployment"},
        {"name":"deployments/scale","namespaced":true,"kind":"Scale"},
        {"name":"controllerrevisions","namespaced":true,"kind":"ControllerRevision"}]})");
    }
    if (request.path == "/api/v1") {
      std::string crd = with_crd ? R"(,{"name":"widgets","namespaced":false,"kind":"Widget"})" : "";
      return Reply(200,
                   R"({"resources":[{"name":"namespaces","namespaced":false,"kind":"Namespace"})" +
                       crd + "]}");
    }
    return Reply(404, R"({"kind":"Status","reason":"NotFound","code":404})");
  });
  RestConfig config;
  config.server = server.url();
  HttpClient client(config, {});
  Discovery discovery(client);
  std::string error;
  auto deployment = discovery.Lookup("apps/v1", "Deployment", &error);
  REQUIRE(deployment);
  CHECK(deployment->plural == "deployments");
  CHECK(deployment->namespaced);
  CHECK(deployment->api_version == "apps/v1");
  CHECK(discovery.Lookup("apps/v1", "ControllerRevision", &error));
  CHECK(server.requests() == 1);

  CHECK_FALSE(discovery.Lookup("apps/v1", "Scale", &error));
  CHECK(error == "the server does not know kind Scale in apps/v1");
  CHECK_FALSE(discovery.Lookup("traefik.io/v1alpha1", "IngressRoute", &error));
  CHECK(error == "the server does not serve traefik.io/v1alpha1");

  auto ns = discovery.Lookup("v1", "Namespace", &error);
  REQUIRE(ns);
  CHECK_FALSE(ns->namespaced);
  with_crd = true;
  CHECK_FALSE(discovery.Lookup("v1", "Widget", &error));
  CHECK(discovery.Lookup("v1", "Widget", &error, /*refresh=*/true));
}

}  // namespace
}  // namespace dsc::kube
