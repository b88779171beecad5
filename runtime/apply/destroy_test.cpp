// destroy's decisions on a fake cluster (testing/fake_cluster.h): what it deletes from
// the record alone, in which order, what it leaves (objects dsc cannot prove it made,
// objects replaced since, namespaces holding someone's work), and the record after.
#include "runtime/apply/destroy.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "runtime/apply/inventory_store.h"
#include "runtime/apply/testing/fake_cluster.h"
#include "runtime/apply/testing/test_fleet.h"

namespace dsc::runtime {
namespace {

using testing::FakeCluster;
using testing::RecordingReporter;
using testing::TestFleet;

ObjectRef Deployment(const std::string& name) { return {"apps/v1", "Deployment", "shop", name}; }

// A fleet of db (wave 0) and api (wave 1, needs db), applied to `cluster`.
void ApplyShop(FakeCluster& cluster) {
  TestFleet fleet;
  fleet.AddRelease("db", 0);
  fleet.AddRelease("api", 1, {"db"});
  fleet.Find("api").objects.push_back(testing::ConfigMapObject("shop", "shop", "api-config"));
  RecordingReporter reporter;
  ApplyOptions options;
  options.poll_interval = std::chrono::milliseconds(1);
  ApplyStats stats;
  REQUIRE(Apply(fleet.Get(), cluster, cluster, reporter, options, &stats) == ApplyResult::kOk);
}

std::vector<Inventory> Records(FakeCluster& cluster) {
  std::vector<Inventory> records;
  std::string error;
  REQUIRE(ListInventories(cluster, "shop", &records, &error));
  return records;
}

ApplyResult DestroyAll(FakeCluster& cluster, RecordingReporter& reporter, DestroyStats* stats,
                       const DestroyOptions& options = {}) {
  std::vector<Inventory> records = Records(cluster);
  REQUIRE(records.size() == 1);
  return DestroyGroup(cluster, cluster, records[0], reporter, options, /*whole_group=*/true, stats);
}

TEST_CASE(
    "destroy: releases in reverse wave order, objects in reverse install order, the "
    "namespace and the record last") {
  FakeCluster cluster;
  ApplyShop(cluster);
  cluster.ClearCalls();
  RecordingReporter reporter;
  DestroyStats stats;
  CHECK(DestroyAll(cluster, reporter, &stats) == ApplyResult::kOk);
  CHECK(stats.objects_deleted == 3);
  long api = cluster.WriteIndex("delete Deployment shop/api");
  long api_config = cluster.WriteIndex("delete ConfigMap shop/api-config");
  long db = cluster.WriteIndex("delete Deployment shop/db");
  long ns = cluster.WriteIndex("delete Namespace shop");
  REQUIRE(api >= 0);
  REQUIRE(api_config >= 0);
  CHECK(api < api_config);  // the workload before the config it uses
  CHECK(api_config < db);   // what needs db goes first
  CHECK(db < ns);
  CHECK(cluster.Objects().empty());
  CHECK(Records(cluster).empty());
}

TEST_CASE("destroy: an object replaced since the apply (another uid) is left alone") {
  FakeCluster cluster;
  ApplyShop(cluster);
  cluster.ReplaceByHand(Deployment("api"));
  RecordingReporter reporter;
  DestroyStats stats;
  CHECK(DestroyAll(cluster, reporter, &stats) == ApplyResult::kOk);
  CHECK(stats.objects_skipped == 1);
  CHECK(cluster.Has(Deployment("api")));
  // Its namespace holds it, so the namespace stays too.
  CHECK(cluster.Has({"v1", "Namespace", "", "shop"}));
  auto messages = reporter.Messages();
  CHECK(std::any_of(messages.begin(), messages.end(), [](const std::string& m) {
    return m.rfind(
               "warning: keeping namespace shop: it holds objects dsc did not create "
               "(Deployment api)",
               0) == 0;
  }));
}

TEST_CASE("destroy: an object listed without a uid is deleted only if dsc made it") {
  FakeCluster cluster;
  ApplyShop(cluster);
  std::vector<Inventory> records = Records(cluster);
  REQUIRE(records.size() == 1);
  // The record lost both uids (an apply stopped before it learned them); db was then
  // replaced by hand with dsc's labels copied, api is still dsc's.
  for (auto& [id, release] : records[0].releases)
    for (auto& o : release.objects) o.uid = "";
  cluster.ReplaceByHand(Deployment("db"));
  RecordingReporter reporter;
  DestroyStats stats;
  CHECK(DestroyGroup(cluster, cluster, records[0], reporter, {}, true, &stats) == ApplyResult::kOk);
  CHECK_FALSE(cluster.Has(Deployment("api")));
  CHECK(cluster.Has(Deployment("db")));
  CHECK(stats.not_made_by_dsc == std::vector<std::string>{"Deployment shop/db"});
}

TEST_CASE("destroy --dry-run deletes nothing and says what it would delete") {
  FakeCluster cluster;
  ApplyShop(cluster);
  cluster.ClearCalls();
  RecordingReporter reporter;
  DestroyStats stats;
  DestroyOptions options;
  options.dry_run = true;
  CHECK(DestroyAll(cluster, reporter, &stats, options) == ApplyResult::kOk);
  CHECK(cluster.Writes().empty());
  ReleaseEvent api = reporter.Last("shop/api");
  CHECK(api.phase == Phase::kPlanned);
  CHECK(api.details ==
        std::vector<std::string>{"delete Deployment shop/api", "delete ConfigMap shop/api-config"});
}

TEST_CASE("destroy: a failed delete keeps what is left in the record, to finish later") {
  FakeCluster cluster;
  ApplyShop(cluster);
  cluster.SetFault([](const testing::FakeCall& call) -> std::optional<testing::Fault> {
    if (call.verb != "delete" || call.ref.name != "api-config") return std::nullopt;
    testing::Fault fault;
    fault.response.status = 500;
    fault.response.body =
        R"({"kind":"Status","reason":"InternalError","message":"etcd","code":500})";
    return fault;
  });
  RecordingReporter reporter;
  DestroyStats stats;
  CHECK(DestroyAll(cluster, reporter, &stats) == ApplyResult::kFailed);
  CHECK(cluster.Has(Deployment("db")));  // the next wave did not start
  cluster.SetFault(nullptr);
  std::vector<Inventory> records = Records(cluster);
  REQUIRE(records.size() == 1);
  const InventoryRelease& api = records[0].releases.at("shop/api");
  REQUIRE(api.objects.size() == 1);
  CHECK(api.objects[0].ref.name == "api-config");
  // A second destroy finishes the job.
  CHECK(DestroyAll(cluster, reporter, &stats) == ApplyResult::kOk);
  CHECK(cluster.Objects().empty());
}

TEST_CASE("destroy of a feature leaves the baseline, and the home namespace its records") {
  TestFleet fleet;
  fleet.AddRelease("api");
  Blueprint blueprint = fleet.Get();
  Release feature_api = blueprint.releases[0];
  feature_api.feature = "checkout";
  feature_api.ns = "shop-alice";
  feature_api.objects = {testing::DeploymentObject("shop", "shop-alice", "api", "api:2")};
  blueprint.releases.push_back(feature_api);
  blueprint.features.push_back({"checkout", "alice", "shop-alice", "2h"});
  FakeCluster cluster;
  RecordingReporter reporter;
  ApplyOptions options;
  options.poll_interval = std::chrono::milliseconds(1);
  ApplyStats applied;
  REQUIRE(Apply(blueprint, cluster, cluster, reporter, options, &applied) == ApplyResult::kOk);
  auto feature_ns = cluster.Find({"v1", "Namespace", "", "shop-alice"});
  REQUIRE(feature_ns.has_value());
  CHECK((*feature_ns)["metadata"]["annotations"]["janitor/ttl"] == "2h");

  std::vector<Inventory> records = Records(cluster);
  REQUIRE(records.size() == 2);
  Inventory& alice = records[0].group == "alice" ? records[0] : records[1];
  DestroyStats stats;
  CHECK(DestroyGroup(cluster, cluster, alice, reporter, {}, true, &stats) == ApplyResult::kOk);
  CHECK_FALSE(cluster.Has({"v1", "Namespace", "", "shop-alice"}));
  CHECK(cluster.Has(Deployment("api")));
  records = Records(cluster);
  REQUIRE(records.size() == 1);
  CHECK(records[0].group == kBaselineGroup);
}

}  // namespace
}  // namespace dsc::runtime
