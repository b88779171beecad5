#include "compiler/diff/live_report.h"

#include <doctest/doctest.h>

#include "compiler/diff/render.h"

namespace dsc::diff {
namespace {

using nlohmann::json;
using runtime::PlannedObject;
using runtime::PlannedRelease;

json Deployment(int replicas, const std::string& image) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "worker"}, {"namespace", "shop"}}},
          {"spec",
           {{"replicas", replicas},
            {"template", {{"spec", {{"containers", {{{"name", "worker"}, {"image", image}}}}}}}}}}};
}

runtime::FieldDrift Drift(std::vector<json> steps, json applied, json live,
                          std::vector<std::string> managers) {
  return {{std::move(steps), std::move(applied), std::move(live)}, std::move(managers)};
}

runtime::LivePlan SamplePlan() {
  runtime::LivePlan plan;
  plan.new_namespaces = {"shop-beta"};
  PlannedObject worker;
  worker.action = PlannedObject::Action::kUpdate;
  worker.ref = {"apps/v1", "Deployment", "shop", "worker"};
  worker.release = "shop/worker";
  worker.live = Deployment(4, "worker:1");
  worker.planned = Deployment(2, "worker:1");
  worker.drift.push_back(Drift({"spec", "replicas"}, 2, 4, {"kubectl", "hpa"}));
  plan.objects.push_back(worker);
  PlannedObject created;
  created.action = PlannedObject::Action::kCreate;
  created.ref = {"v1", "Service", "shop-beta", "api-beta"};
  created.release = "shop-beta/api-beta";
  created.feature = "beta";
  created.planned = {{"apiVersion", "v1"}, {"kind", "Service"}};
  plan.objects.push_back(created);
  PlannedObject foreign;
  foreign.ref = {"v1", "ConfigMap", "shop", "settings"};
  foreign.release = "shop/worker";
  foreign.live = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}};
  foreign.problem = "exists and was not created by dsc";
  plan.objects.push_back(foreign);
  PlannedObject pruned;
  pruned.action = PlannedObject::Action::kPrune;
  pruned.ref = {"v1", "Service", "shop", "old"};
  pruned.release = "shop/old";
  pruned.live = {{"apiVersion", "v1"}, {"kind", "Service"}};
  plan.objects.push_back(pruned);
  plan.releases = {{PlannedRelease::Action::kRepair, "shop", "worker", ""},
                   {PlannedRelease::Action::kInstall, "shop-beta", "api-beta", "beta"},
                   {PlannedRelease::Action::kUninstall, "shop", "old", ""}};
  return plan;
}

TEST_CASE("live diff: sections, releases and objects of a plan") {
  Report report;
  report.before_label = "cluster";
  report.after_label = "shop.ds";
  report.fleet = "shop";
  ReportLivePlan(SamplePlan(), 1, &report);
  CHECK(report.live);
  CHECK_FALSE(report.Same());
  REQUIRE(report.drift.size() == 1);
  CHECK(report.drift[0].name == "Deployment shop/worker");
  CHECK(report.drift[0].detail == "changed in the cluster by `hpa`, `kubectl`");
  REQUIRE(report.drift[0].fields.size() == 1);
  CHECK(*report.drift[0].fields[0].before == "4");
  CHECK(*report.drift[0].fields[0].after == "2");
  CHECK(report.problems ==
        std::vector<std::string>{"ConfigMap shop/settings: exists and was not created by dsc"});
  // Ordered by kind, namespace, name; the foreign ConfigMap has nothing to diff.
  REQUIRE(report.objects.size() == 3);
  CHECK(report.objects[0].Describe() == "Deployment shop/worker");
  CHECK(report.objects[1].Describe() == "Service shop/old");
  CHECK(report.objects[1].change == Change::kRemoved);
  CHECK(report.objects[2].Describe() == "Service shop-beta/api-beta");
  REQUIRE(report.releases.size() == 3);
  CHECK(report.releases[0].action == ReleaseChange::Action::kRepair);
  CHECK(report.releases[0].objects == std::vector<std::string>{"Deployment worker (changed)"});
  CHECK(report.releases[1].objects == std::vector<std::string>{"Service api-beta (created)"});
  CHECK(report.releases[2].objects == std::vector<std::string>{"Service old (pruned)"});

  std::string text = RenderText(report, {false});
  CHECK(text.find("Fleet shop: cluster -> shop.ds\n\nNamespaces\n  + shop-beta\nDrift\n"
                  "  ~ Deployment shop/worker: changed in the cluster by `hpa`, `kubectl`\n"
                  "      spec.replicas: 4 -> 2\nProblems\n"
                  "  ! ConfigMap shop/settings: exists and was not created by dsc\nReleases\n"
                  "  repair     shop/worker: Deployment worker (changed)\n") == 0);
  CHECK(text.find("Manifests (1 changed, 1 created, 1 pruned)") != std::string::npos);
  CHECK(text.find("-  replicas: 4\n+  replicas: 2\n") != std::string::npos);
  CHECK(text.find("Service shop/old (release old, pruned)\n--- a/Service/shop/old\n"
                  "+++ /dev/null\n") != std::string::npos);
  std::string markdown = RenderMarkdown(report);
  CHECK(markdown.find("**Drift**") != std::string::npos);
  CHECK(markdown.find("- ConfigMap shop/settings: exists") != std::string::npos);
  json doc = json::parse(RenderJson(report));
  CHECK(doc["live"] == true);
  CHECK(doc["summary"]["new_namespaces"] == json{"shop-beta"});
  CHECK(doc["summary"]["releases"][0]["action"] == "repair");
  CHECK(doc["objects"][1]["change"] == "pruned");
}

TEST_CASE("live diff: a Secret's drifted values and data are never shown") {
  runtime::LivePlan plan;
  PlannedObject secret;
  secret.ref = {"v1", "Secret", "shop", "token"};
  secret.release = "shop/api";
  secret.live = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"data", {{"token", "bGl2ZQ=="}}}};
  secret.planned = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"data", {{"token", "bmV3"}}}};
  secret.drift.push_back(Drift({"data", "token"}, "bmV3", "bGl2ZQ==", {"kubectl"}));
  plan.objects.push_back(secret);
  Report report;
  ReportLivePlan(plan, 3, &report);
  std::string all = RenderText(report, {false}) + RenderMarkdown(report) + RenderJson(report);
  CHECK(all.find("bmV3") == std::string::npos);
  CHECK(all.find("bGl2ZQ==") == std::string::npos);
  CHECK(all.find("(hidden, changed)") != std::string::npos);
  CHECK(all.find("data.token: (hidden) -> (hidden)") != std::string::npos);
}

TEST_CASE("live diff: an empty plan is no change, said as such") {
  Report report;
  report.after_label = "shop.ds";
  ReportLivePlan(runtime::LivePlan{}, 3, &report);
  CHECK(report.Same());
  CHECK(RenderText(report, {false}) == "No changes: the cluster matches shop.ds.\n");
  CHECK(RenderMarkdown(report).find("No changes: the cluster matches.") != std::string::npos);
}

}  // namespace
}  // namespace dsc::diff
