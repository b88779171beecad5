// `dsc usage`'s arithmetic: requests × replicas × hours alive in the window, grouped, and
// what it reads from dsc's records (owner, team, expiry), on a fake cluster.
#include "runtime/apply/usage.h"

#include <doctest/doctest.h>

#include "base/rfc3339.h"
#include "runtime/apply/testing/fake_cluster.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

TimePoint At(const char* text) { return *base::ParseRfc3339(text); }

json Deployment(const std::string& ns, const std::string& name, const char* created, int replicas,
                const char* cpu, const char* memory) {
  json container = {{"name", "app"},
                    {"image", "nginx"},
                    {"resources", {{"requests", {{"cpu", cpu}, {"memory", memory}}}}}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"namespace", ns}, {"creationTimestamp", created}}},
          {"spec",
           {{"replicas", replicas},
            {"template", {{"spec", {{"containers", json::array({container})}}}}}}}};
}

TEST_CASE("usage: requests per pod × replicas × hours alive within the window") {
  WorkloadUsage w;
  // 2 × (250m, 128Mi), created 3 h before `at`, the window the last 7 days: 3 h.
  MeasureWorkload(Deployment("shop", "api", "2026-12-06T09:00:00Z", 2, "250m", "128Mi"),
                  At("2026-11-29T12:00:00Z"), At("2026-12-06T12:00:00Z"), &w);
  CHECK(w.cpu_cores == doctest::Approx(0.5));
  CHECK(w.memory_bytes == doctest::Approx(2 * 128.0 * 1024 * 1024));
  CHECK(w.hours == doctest::Approx(3));
  CHECK(w.CpuCoreHours() == doctest::Approx(1.5));
  CHECK(w.MemoryGibHours() == doctest::Approx(0.75));
  UsagePrices prices;
  CHECK(w.Cost(prices) == doctest::Approx(1.5 * 0.04048 + 0.75 * 0.004445));

  // Created before the window: counted from the window's start.
  MeasureWorkload(Deployment("shop", "api", "2026-01-01T00:00:00Z", 1, "1", "1Gi"),
                  At("2026-12-06T10:00:00Z"), At("2026-12-06T12:00:00Z"), &w);
  CHECK(w.hours == doctest::Approx(2));

  // An init container that asks for more than the containers together sets the pod's.
  json init = Deployment("shop", "api", "2026-12-06T11:00:00Z", 1, "100m", "64Mi");
  init["spec"]["template"]["spec"]["initContainers"] = json::array(
      {{{"name", "migrate"}, {"resources", {{"requests", {{"cpu", "2"}, {"memory", "1Mi"}}}}}}});
  MeasureWorkload(init, At("2026-12-06T00:00:00Z"), At("2026-12-06T12:00:00Z"), &w);
  CHECK(w.cpu_cores == doctest::Approx(2));
  CHECK(w.memory_bytes == doctest::Approx(64.0 * 1024 * 1024));

  // A Job counts until it completed.
  json job = Deployment("shop", "seed", "2026-12-06T11:00:00Z", 1, "1", "0");
  job["kind"] = "Job";
  job["apiVersion"] = "batch/v1";
  job["spec"].erase("replicas");
  job["status"] = {{"completionTime", "2026-12-06T11:30:00Z"}};
  MeasureWorkload(job, At("2026-12-06T00:00:00Z"), At("2026-12-06T12:00:00Z"), &w);
  CHECK(w.hours == doctest::Approx(0.5));
  CHECK(w.cpu_cores == doctest::Approx(1));
}

TEST_CASE("usage: from dsc's records, by owner, team and feature; expired features flagged") {
  testing::FakeCluster cluster;
  auto record = [&](const std::string& group, const std::string& owner, const char* expires,
                    const std::string& workload, const std::string& team) {
    Inventory inv;
    inv.fleet = "shop";
    inv.group = group;
    inv.feature = group == kBaselineGroup ? "" : group;
    inv.ns = "shop";
    inv.created_at = "2026-12-06T08:00:00Z";
    inv.expires_at = expires;
    inv.owner = owner;
    InventoryRelease release{workload, "shop", 0, "sha256:x", "applied", "", {}, team};
    release.objects.push_back({{"apps/v1", "Deployment", "shop", workload}, "h", "", false});
    release.objects.push_back({{"batch/v1", "Job", "shop", workload + "-hook"}, "", "", true});
    cluster.Put(InventoryConfigMap(inv), "dsc");
    cluster.Put(ReleaseRecordConfigMap(inv, release), "dsc");
  };
  record(kBaselineGroup, "alice@example.com", "", "api", "checkout");
  record("beta", "bob@example.com", "2026-12-06T11:00:00Z", "api-beta", "checkout");
  record("gamma", "bob@example.com", "2026-12-07T00:00:00Z", "web-gamma", "");
  cluster.Put(Deployment("shop", "api", "2026-12-06T10:00:00Z", 2, "500m", "1Gi"));
  cluster.Put(Deployment("shop", "api-beta", "2026-12-06T11:00:00Z", 1, "1", "512Mi"));
  cluster.Put(Deployment("shop", "web-gamma", "2026-12-06T11:30:00Z", 1, "2", "0"));
  cluster.Put(Deployment("shop", "hand-made", "2026-12-06T00:00:00Z", 9, "9", "9Gi"));

  UsageReport report;
  std::string error;
  REQUIRE_MESSAGE(CollectUsage(cluster, "shop", At("2026-11-29T12:00:00Z"),
                               At("2026-12-06T12:00:00Z"), &report, &error, nullptr),
                  error);
  REQUIRE(report.workloads.size() == 3);  // neither the hand-made Deployment nor hooks
  UsagePrices prices{1.0, 10.0, "EUR"};

  // alice: api, 1 core × 2 h, 2 GiB × 2 h. bob: beta 1 core × 1 h + 0.5 GiB × 1 h, gamma
  // 2 cores × 0.5 h.
  auto by_owner = GroupUsage(report, "owner", prices);
  REQUIRE(by_owner.size() == 2);
  CHECK(by_owner[0].key == "alice@example.com");
  CHECK(by_owner[0].cpu_core_hours == doctest::Approx(2));
  CHECK(by_owner[0].memory_gib_hours == doctest::Approx(4));
  CHECK(by_owner[0].cost == doctest::Approx(2 + 40));
  CHECK(by_owner[1].key == "bob@example.com");
  CHECK(by_owner[1].workloads == 2);
  CHECK(by_owner[1].cpu_core_hours == doctest::Approx(1 + 1));
  CHECK(by_owner[1].memory_gib_hours == doctest::Approx(0.5));
  CHECK(by_owner[1].cost == doctest::Approx(2 + 5));

  auto by_team = GroupUsage(report, "team", prices);
  REQUIRE(by_team.size() == 2);
  CHECK(by_team[0].key == "checkout");
  CHECK(by_team[1].key == "(no team)");

  auto by_feature = GroupUsage(report, "feature", prices);
  REQUIRE(by_feature.size() == 3);
  CHECK(by_feature[0].key == "shop/baseline");

  REQUIRE(report.expired.size() == 1);
  CHECK(report.expired[0].group == "beta");
  CHECK(report.expired[0].owner == "bob@example.com");
  CHECK(report.expired[0].workloads == 1);
}

TEST_CASE("usage: a prices file sets what it names and refuses what it does not know") {
  UsagePrices prices;
  std::string error;
  REQUIRE(ParsePrices("cpu_core_hour: 0.05\ncurrency: EUR\n", &prices, &error));
  CHECK(prices.cpu_core_hour == 0.05);
  CHECK(prices.memory_gib_hour == 0.004445);
  CHECK(prices.currency == "EUR");
  CHECK_FALSE(ParsePrices("{\"cpu\": 1}", &prices, &error));
  CHECK(error.find("not a price") != std::string::npos);
  CHECK_FALSE(ParsePrices("memory_gib_hour: -1\n", &prices, &error));
  CHECK(error.find("0 or more") != std::string::npos);
}

}  // namespace
}  // namespace dsc::runtime
