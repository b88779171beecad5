// The applier's decisions on a fake cluster (testing/fake_cluster.h): waves and needs,
// hooks, what an unchanged or changed release sends, prune, refusals of objects dsc did
// not make, conflicts, lost answers and record failures, cancellation, preflight and
// --dry-run. The runtime suite (tests/runtime/) runs the same paths on a real apiserver.
#include "runtime/apply/applier.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "base/json_fields.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/testing/fake_cluster.h"
#include "runtime/apply/testing/test_fleet.h"

namespace dsc::runtime {
namespace {

using testing::FakeCall;
using testing::FakeCluster;
using testing::Fault;
using testing::RecordingReporter;
using testing::TestFleet;

ApplyOptions Fast() {
  ApplyOptions options;
  options.poll_interval = std::chrono::milliseconds(1);
  options.timeout = std::chrono::seconds(10);
  return options;
}

struct Outcome {
  ApplyResult result;
  ApplyStats stats;
};

Outcome ApplyTo(FakeCluster& cluster, const Blueprint& blueprint, RecordingReporter& reporter,
                const ApplyOptions& options = Fast()) {
  Outcome out;
  out.result = Apply(blueprint, cluster, cluster, reporter, options, &out.stats);
  return out;
}

// The record of the fleet's baseline as it is in the cluster.
Inventory Record(FakeCluster& cluster, const std::string& fleet) {
  std::vector<Inventory> records;
  std::string error;
  REQUIRE(ListInventories(cluster, fleet, &records, &error));
  for (Inventory& r : records)
    if (r.group == kBaselineGroup) return r;
  return {};
}

// A release `api` of a Deployment and a ConfigMap.
TestFleet ApiWithConfig() {
  TestFleet fleet;
  fleet.AddRelease("api").objects.push_back(testing::ConfigMapObject("shop", "shop", "api-config"));
  return fleet;
}

ObjectRef Deployment(const std::string& name) { return {"apps/v1", "Deployment", "shop", name}; }

TEST_CASE("apply: the namespace first, then wave by wave, each release after those it needs") {
  TestFleet fleet;
  fleet.AddRelease("db", 0);
  fleet.AddRelease("api", 1, {"db"});
  FakeCluster cluster;
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(run.result == ApplyResult::kOk);
  CHECK(run.stats.installed == 2);
  long ns = cluster.WriteIndex("create Namespace shop");
  long db = cluster.WriteIndex("create Deployment shop/db");
  long api = cluster.WriteIndex("create Deployment shop/api");
  REQUIRE(ns >= 0);
  REQUIRE(db >= 0);
  REQUIRE(api >= 0);
  CHECK(ns < db);
  CHECK(db < api);
  // The record names each object with the uid it got.
  Inventory record = Record(cluster, "shop");
  REQUIRE(record.releases.count("shop/api"));
  const InventoryObject* o = record.releases.at("shop/api").Find(Deployment("api"));
  REQUIRE(o != nullptr);
  CHECK(o->uid == base::MetadataString(*cluster.Find(Deployment("api")), "uid"));
  CHECK(record.releases.at("shop/api").state == "applied");
  CHECK(record.created_namespaces == std::vector<std::string>{"shop"});
}

TEST_CASE("apply: a release waits for what it needs to be ready, not only written") {
  TestFleet fleet;
  fleet.AddRelease("db", 0);
  fleet.AddRelease("api", 1, {"db"});
  FakeCluster cluster;
  // db's Deployment never becomes available: api must not be sent.
  cluster.SetController([](nlohmann::json& o) {
    if (base::MetadataString(o, "name") != "db") FakeCluster::DefaultController(o);
  });
  RecordingReporter reporter;
  ApplyOptions options = Fast();
  options.timeout = std::chrono::seconds(1);
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter, options);
  CHECK(run.result == ApplyResult::kFailed);
  CHECK(run.stats.failed == 1);
  CHECK(run.stats.blocked == 1);
  CHECK(reporter.Last("shop/db").message.find("not ready after 1s") != std::string::npos);
  CHECK(reporter.Last("shop/api").phase == Phase::kBlocked);
  CHECK_FALSE(cluster.Has(Deployment("api")));
}

TEST_CASE("apply: pre-install hooks complete before the objects, post-install ones after") {
  TestFleet fleet;
  Release& api = fleet.AddRelease("api");
  api.hooks.push_back(
      testing::HookJob("shop", "shop", "migrate", {"pre-install"}, {"hook-succeeded"}));
  api.hooks.push_back(testing::HookJob("shop", "shop", "smoke", {"post-install"}));
  FakeCluster cluster;
  RecordingReporter reporter;
  CHECK(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  long migrate = cluster.WriteIndex("create Job shop/migrate");
  long migrate_gone = cluster.WriteIndex("delete Job shop/migrate");
  long deployment = cluster.WriteIndex("create Deployment shop/api");
  long smoke = cluster.WriteIndex("create Job shop/smoke");
  REQUIRE(migrate >= 0);
  CHECK(migrate < migrate_gone);  // hook-succeeded: deleted once it completed
  CHECK(migrate_gone < deployment);
  CHECK(deployment < smoke);
  CHECK_FALSE(cluster.Has({"batch/v1", "Job", "shop", "migrate"}));
  CHECK(cluster.Has({"batch/v1", "Job", "shop", "smoke"}));
  // An unchanged re-apply runs no hook again.
  cluster.ClearCalls();
  CHECK(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  CHECK(cluster.Writes().empty());
}

TEST_CASE("apply: a failed hook fails its release and blocks its dependants; others go on") {
  TestFleet fleet;
  Release& db = fleet.AddRelease("db", 0);
  db.hooks.push_back(testing::HookJob("shop", "shop", "seed", {"pre-install"}));
  fleet.AddRelease("web", 0);
  fleet.AddRelease("api", 1, {"db"});
  FakeCluster cluster;
  cluster.SetController([](nlohmann::json& o) {
    if (base::MetadataString(o, "name") == "seed")
      o["status"] = {
          {"failed", 1},
          {"conditions",
           {{{"type", "Failed"}, {"status", "True"}, {"reason", "BackoffLimitExceeded"}}}}};
    else
      FakeCluster::DefaultController(o);
  });
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(run.result == ApplyResult::kFailed);
  CHECK(run.stats.failed == 1);
  CHECK(run.stats.blocked == 1);
  CHECK(run.stats.installed == 1);
  CHECK(reporter.Last("shop/db").message.find("pre-install hook Job shop/seed failed") !=
        std::string::npos);
  CHECK_FALSE(cluster.Has(Deployment("db")));  // its objects wait for its hooks
  CHECK_FALSE(cluster.Has(Deployment("api")));
  CHECK(cluster.Has(Deployment("web")));
  // The failure is recorded, with the hook it created (so destroy finds it).
  Inventory record = Record(cluster, "shop");
  CHECK(record.releases.at("shop/db").state == "failed");
  CHECK(record.releases.at("shop/db").Find({"batch/v1", "Job", "shop", "seed"}) != nullptr);
}

TEST_CASE("apply: an unchanged re-apply writes nothing; a change sends only what changed") {
  TestFleet fleet = ApiWithConfig();
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);

  cluster.ClearCalls();
  Outcome again = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(again.result == ApplyResult::kOk);
  CHECK(again.stats.unchanged == 1);
  CHECK(cluster.Writes().empty());

  // A new image: the Deployment goes again (its create's fields handed to apply first,
  // or the apply would conflict with dsc's own create); the ConfigMap does not.
  fleet.Find("api").objects[0] = testing::DeploymentObject("shop", "shop", "api", "api:2");
  cluster.ClearCalls();
  Outcome upgrade = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(upgrade.result == ApplyResult::kOk);
  CHECK(upgrade.stats.upgraded == 1);
  CHECK(cluster.WriteIndex("hand-over Deployment shop/api") >= 0);
  CHECK(cluster.WriteIndex("hand-over Deployment shop/api") <
        cluster.WriteIndex("apply Deployment shop/api"));
  CHECK(cluster.WriteIndex("apply ConfigMap shop/api-config") == -1);
  CHECK(cluster.WriteIndex("create ConfigMap shop/api-config") == -1);
  auto live = cluster.Find(Deployment("api"));
  CHECK((*live)["spec"]["template"]["spec"]["containers"][0]["image"] == "api:2");
}

TEST_CASE("apply: a field changed in the cluster (drift) is repaired without hooks") {
  TestFleet fleet;
  Release& api = fleet.AddRelease("api");
  api.hooks.push_back(testing::HookJob("shop", "shop", "migrate", {"pre-upgrade"}));
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  // Someone scales it by hand.
  nlohmann::json live = *cluster.Find(Deployment("api"));
  live["spec"]["replicas"] = 3;
  cluster.Apply(Deployment("api"), live, /*force=*/true);
  cluster.ClearCalls();
  Outcome repair = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(repair.result == ApplyResult::kOk);
  CHECK(reporter.Last("shop/api").message == "repaired drift in 1 object");
  CHECK(cluster.WriteIndex("apply Deployment shop/api") >= 0);
  CHECK(cluster.WriteIndex("create Job shop/migrate") == -1);
  CHECK((*cluster.Find(Deployment("api")))["spec"]["replicas"] == 1);
}

TEST_CASE("prune: what a release no longer renders is deleted under its uid, then forgotten") {
  TestFleet fleet = ApiWithConfig();
  fleet.AddRelease("worker");
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);

  // api drops its ConfigMap; worker leaves the fleet.
  TestFleet next;
  next.AddRelease("api");
  cluster.ClearCalls();
  Outcome run = ApplyTo(cluster, next.Get(), reporter);
  CHECK(run.result == ApplyResult::kOk);
  CHECK(run.stats.objects_pruned == 2);
  CHECK_FALSE(cluster.Has({"v1", "ConfigMap", "shop", "api-config"}));
  CHECK_FALSE(cluster.Has(Deployment("worker")));
  CHECK(cluster.Has(Deployment("api")));
  Inventory record = Record(cluster, "shop");
  CHECK(record.releases.count("shop/worker") == 0);
  CHECK(record.releases.at("shop/api").Find({"v1", "ConfigMap", "shop", "api-config"}) == nullptr);
}

TEST_CASE("prune: an object someone replaced since (another uid) is left alone") {
  TestFleet fleet;
  fleet.AddRelease("api");
  fleet.AddRelease("worker");
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  // The worker Deployment is deleted and made again by hand, with dsc's labels copied.
  std::string hand_uid = base::MetadataString(cluster.ReplaceByHand(Deployment("worker")), "uid");

  TestFleet next;
  next.AddRelease("api");
  ApplyTo(cluster, next.Get(), reporter);
  auto live = cluster.Find(Deployment("worker"));
  REQUIRE(live.has_value());
  CHECK(base::MetadataString(*live, "uid") == hand_uid);
}

TEST_CASE("ownership: an object of the same name dsc did not make fails its release, untouched") {
  TestFleet fleet;
  fleet.AddRelease("api");
  fleet.AddRelease("web");
  FakeCluster cluster;
  cluster.Put({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "shop"}}}});
  // Made by hand, even with dsc's labels copied: no managedFields entry of dsc's.
  nlohmann::json hand = testing::DeploymentObject("shop", "shop", "api", "theirs:1").manifest;
  std::string rv = base::MetadataString(cluster.Put(hand, "kubectl"), "resourceVersion");
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(run.result == ApplyResult::kFailed);
  ReleaseEvent api = reporter.Last("shop/api");
  CHECK(api.phase == Phase::kFailed);
  CHECK(api.message == "Deployment shop/api exists and was not created by dsc");
  CHECK(base::MetadataString(*cluster.Find(Deployment("api")), "resourceVersion") == rv);
  CHECK(cluster.Has(Deployment("web")));
  // A namespace dsc did not create is not recorded as dsc's (destroy leaves it).
  CHECK(Record(cluster, "shop").created_namespaces.empty());
}

TEST_CASE("conflict: a field another manager took fails the apply, unless forced") {
  TestFleet fleet;
  fleet.AddRelease("api");
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  cluster.Claim(Deployment("api"), "kubectl", ".spec.replicas");
  fleet.Find("api").objects[0] = testing::DeploymentObject("shop", "shop", "api", "api:2");

  Outcome refused = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(refused.result == ApplyResult::kFailed);
  ReleaseEvent api = reporter.Last("shop/api");
  CHECK(api.message ==
        "conflict on Deployment shop/api: field manager `kubectl` owns .spec.replicas");
  REQUIRE_FALSE(api.details.empty());
  CHECK(api.details[0].find("--force-conflicts") != std::string::npos);
  CHECK(Record(cluster, "shop").releases.at("shop/api").state == "failed");

  ApplyOptions force = Fast();
  force.force_conflicts = true;
  CHECK(ApplyTo(cluster, fleet.Get(), reporter, force).result == ApplyResult::kOk);
  CHECK(Record(cluster, "shop").releases.at("shop/api").state == "applied");
}

TEST_CASE("lost answer: an object whose create reached the cluster stays in the record") {
  TestFleet fleet;
  fleet.AddRelease("api");
  FakeCluster cluster;
  // The create of the Deployment takes effect, then the connection drops.
  cluster.SetFault([](const FakeCall& call) -> std::optional<Fault> {
    if (call.verb != "create" || call.ref.kind != "Deployment") return std::nullopt;
    Fault fault;
    fault.after_effect = true;
    fault.response.transport_error = kube::TransportError::kConnect;
    fault.response.error_message = "connection reset";
    return fault;
  });
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(run.result == ApplyResult::kUnreachable);
  REQUIRE(cluster.Has(Deployment("api")));
  cluster.SetFault(nullptr);
  Inventory record = Record(cluster, "shop");
  const InventoryRelease& api = record.releases.at("shop/api");
  CHECK(api.state != "applied");
  const InventoryObject* listed = api.Find(Deployment("api"));
  REQUIRE(listed != nullptr);
  CHECK(listed->uid.empty());  // the answer with the uid was lost

  // The next apply proves the Deployment is dsc's (labels and dsc's managedFields)
  // and records its uid.
  CHECK(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  Inventory second = Record(cluster, "shop");
  listed = second.releases.at("shop/api").Find(Deployment("api"));
  REQUIRE(listed != nullptr);
  CHECK(listed->uid == base::MetadataString(*cluster.Find(Deployment("api")), "uid"));
}

TEST_CASE("records: a release record that cannot be written fails the release before its objects") {
  TestFleet fleet;
  fleet.AddRelease("api");
  FakeCluster cluster;
  cluster.SetFault([](const FakeCall& call) -> std::optional<Fault> {
    // The group's record may be written; the release's may not.
    if (call.ref.kind != "ConfigMap" || call.ref.name.find("api") == std::string::npos)
      return std::nullopt;
    if (call.verb != "apply" && call.verb != "create") return std::nullopt;
    Fault fault;
    fault.response.status = 403;
    fault.response.body = R"({"kind":"Status","reason":"Forbidden","message":"no","code":403})";
    return fault;
  });
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(run.result == ApplyResult::kFailed);
  CHECK(reporter.Last("shop/api").message.rfind("not applied: ", 0) == 0);
  CHECK_FALSE(cluster.Has(Deployment("api")));
}

TEST_CASE("retries: a readiness wait outlasts an apiserver that is away for a moment") {
  TestFleet fleet;
  fleet.AddRelease("api");
  FakeCluster cluster;
  // Once the Deployment is written, the next LIST of Deployments finds nothing listening.
  std::atomic<int> created{0}, refused{0};
  cluster.SetFault([&](const FakeCall& call) -> std::optional<Fault> {
    if (call.verb == "create" && call.ref.kind == "Deployment") ++created;
    if (call.verb != "list" || call.ref.kind != "Deployment" || !created || refused) return {};
    ++refused;
    Fault fault;
    fault.response.transport_error = kube::TransportError::kConnect;
    fault.response.error_message = "connection refused";
    return fault;
  });
  RecordingReporter reporter;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter);
  CHECK(refused == 1);
  CHECK(run.result == ApplyResult::kOk);
  CHECK(reporter.Last("shop/api").phase == Phase::kReady);
}

TEST_CASE("cancel: no wave starts after an interrupt, and what ran is recorded") {
  TestFleet fleet;
  fleet.AddRelease("db", 0);
  fleet.AddRelease("api", 1, {"db"});
  FakeCluster cluster;
  std::atomic<bool> cancel{false};
  RecordingReporter reporter;
  reporter.on_release = [&](const ReleaseEvent& e) {
    if (e.release == "shop/db" && e.phase == Phase::kReady) cancel = true;
  };
  ApplyOptions options = Fast();
  options.cancel = &cancel;
  Outcome run = ApplyTo(cluster, fleet.Get(), reporter, options);
  CHECK(run.result == ApplyResult::kCancelled);
  CHECK(reporter.Last("shop/api").phase == Phase::kCancelled);
  CHECK(reporter.Last("shop/api").message == "not started");
  CHECK_FALSE(cluster.Has(Deployment("api")));
  Inventory record = Record(cluster, "shop");
  CHECK(record.releases.at("shop/db").state == "applied");
  CHECK(record.releases.count("shop/api") == 0);
}

TEST_CASE("preflight: a kind the cluster does not serve refuses the blueprint before any write") {
  TestFleet fleet;
  Release& api = fleet.AddRelease("api");
  Object route;
  route.ref = {"traefik.io/v1alpha1", "IngressRoute", "shop", "api"};
  route.manifest = {{"apiVersion", "traefik.io/v1alpha1"},
                    {"kind", "IngressRoute"},
                    {"metadata", {{"name", "api"}, {"namespace", "shop"}}}};
  route.hash = ContentHash(route.manifest);
  route.install_rank = 40;
  api.objects.push_back(route);
  FakeCluster cluster;
  RecordingReporter reporter;
  CHECK(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kFailed);
  CHECK(cluster.Writes().empty());
  auto messages = reporter.Messages();
  CHECK(std::any_of(messages.begin(), messages.end(), [](const std::string& m) {
    return m.find("IngressRoute traefik.io/v1alpha1 is not served by this cluster") !=
           std::string::npos;
  }));

  // Served once a CRD of the blueprint defines it: the CRD goes first and is waited for.
  Release& crds = fleet.AddRelease("crds", -1);
  crds.objects.clear();
  Object crd;
  crd.ref = {"apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "ingressroutes.traefik.io"};
  crd.manifest = {{"apiVersion", "apiextensions.k8s.io/v1"},
                  {"kind", "CustomResourceDefinition"},
                  {"metadata", {{"name", "ingressroutes.traefik.io"}}},
                  {"spec",
                   {{"group", "traefik.io"},
                    {"scope", "Namespaced"},
                    {"names", {{"kind", "IngressRoute"}, {"plural", "ingressroutes"}}},
                    {"versions", {{{"name", "v1alpha1"}}}}}}};
  crd.hash = ContentHash(crd.manifest);
  crds.objects.push_back(crd);
  CHECK(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);
  CHECK(cluster.Has(route.ref));
}

TEST_CASE("dry run: nothing is written, and the plan says what would change") {
  TestFleet fleet = ApiWithConfig();
  FakeCluster cluster;
  RecordingReporter reporter;
  REQUIRE(ApplyTo(cluster, fleet.Get(), reporter).result == ApplyResult::kOk);

  TestFleet next;
  next.AddRelease("api");
  next.Find("api").objects[0] = testing::DeploymentObject("shop", "shop", "api", "api:2");
  cluster.ClearCalls();
  ApplyOptions dry = Fast();
  dry.dry_run = true;
  // The Deployment's fields are still held by dsc's create: the dry run's apply
  // conflicts with dsc alone, and is forced (the real apply hands them over first).
  CHECK(ApplyTo(cluster, next.Get(), reporter, dry).result == ApplyResult::kOk);
  CHECK(cluster.Writes().empty());
  ReleaseEvent plan = reporter.Last("shop/api");
  CHECK(plan.phase == Phase::kPlanned);
  CHECK(plan.details ==
        std::vector<std::string>{"update Deployment shop/api", "prune ConfigMap shop/api-config"});
  CHECK((*cluster.Find(Deployment("api")))["spec"]["template"]["spec"]["containers"][0]["image"] ==
        "api:1");
}

}  // namespace
}  // namespace dsc::runtime
