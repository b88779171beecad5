#include "runtime/apply/inventory_store.h"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

#include "runtime/apply/http_cluster.h"
#include "runtime/kube/test_http_server.h"

namespace dsc::runtime {
namespace {

using kube::testing::Reply;
using kube::testing::TestRequest;

// A release of `count` Deployments, with uids and hashes as an apply records them.
InventoryRelease ReleaseOf(int count) {
  InventoryRelease release;
  release.name = "api";
  release.ns = "shop";
  release.hash = std::string(64, 'a');
  release.state = "applied";
  for (int i = 0; i < count; ++i) {
    InventoryObject o;
    o.ref = {"apps/v1", "Deployment", "shop", "api-" + std::to_string(i)};
    o.hash = std::string(64, 'b');
    o.uid = "0d9c2f6e-1f57-4c59-8a7e-" + std::to_string(100000000000 + i);
    release.objects.push_back(o);
  }
  return release;
}

TEST_CASE("a release record over 1 MiB is refused before it is sent, and says so") {
  std::atomic<int> writes{0};
  kube::testing::TestHttpServer server([&](const TestRequest& request) {
    if (request.method != "GET") ++writes;
    if (request.path == "/api/v1")
      return Reply(200,
                   R"({"resources":[{"name":"configmaps","namespaced":true,"kind":"ConfigMap"}]})");
    // Server-side apply of a record: echo a ConfigMap.
    return Reply(200, R"({"kind":"ConfigMap","metadata":{"uid":"u1"}})");
  });
  kube::RestConfig config;
  config.server = server.url();
  kube::HttpClient http(config, {});
  kube::Discovery discovery(http);
  HttpCluster cluster(http, discovery);
  Inventory inventory;
  inventory.fleet = "shop";
  inventory.group = kBaselineGroup;
  inventory.ns = "shop";

  std::string error;
  // A few objects fit, and are sent.
  CHECK(WriteReleaseRecord(cluster, inventory, ReleaseOf(3), &error));
  CHECK(error.empty());
  CHECK(writes == 1);

  // ~200 bytes an object: 6,000 objects do not fit in one ConfigMap.
  CHECK_FALSE(WriteReleaseRecord(cluster, inventory, ReleaseOf(6000), &error));
  CHECK(error.find("cannot record release shop/api") == 0);
  CHECK(error.find("more than a ConfigMap holds (1048576)") != std::string::npos);
  CHECK(error.find("split the release") != std::string::npos);
  CHECK(writes == 1);  // nothing was sent for it
}

}  // namespace
}  // namespace dsc::runtime
