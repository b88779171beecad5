#include "runtime/apply/blueprint.h"

#include <doctest/doctest.h>

#include "runtime/apply/inventory.h"
#include "runtime/apply/yaml_json.h"

namespace dsc::runtime {
namespace {

const char* kBlueprintJson = R"({
  "format": 1,
  "fleet": {"name": "shop", "namespace": "shop", "ephemeral": false, "ttl": "2d"},
  "namespaces": ["shop"],
  "features": [{"name": "checkout-v2", "label": "v2", "namespace": "shop", "ttl": "12h"}],
  "releases": [
    {"name": "web", "namespace": "shop", "feature": null, "wave": 1, "chart": "charts/web",
     "needs": ["shop/orders"], "hash": "sha256:w",
     "objects": [
       {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
       {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "web"}]},
    {"name": "orders", "namespace": "shop", "feature": null, "wave": 0,
     "chart": "charts/orders", "needs": [], "hash": "sha256:o",
     "objects": [
       {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "shop", "name": "orders-outputs"},
       {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "orders-provision"},
       {"apiVersion": "v1", "kind": "ServiceAccount", "namespace": "shop", "name": "orders-sa"}]}
  ]
})";

FileTree Tree() {
  return {
      {"blueprint.json", kBlueprintJson},
      {"charts/web/templates/deployment-web.yaml",
       "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
       "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
       "      - name: web\n        args: [\"{{ \"{{\" }} .Values }}\", \"true\", \"1.0\"]\n"
       "        env:\n        - name: ON\n          value: \"on\"\n"
       "        ports:\n        - containerPort: 8080\n          protocol: TCP\n"},
      {"charts/web/templates/service-web.yaml",
       "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"},
      {"charts/orders/templates/configmap-orders-outputs.yaml",
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders-outputs\n"},
      {"charts/orders/templates/job-orders-provision.yaml",
       "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: orders-provision\n  annotations:\n"
       "    helm.sh/hook: \"pre-install,pre-upgrade\"\n    helm.sh/hook-weight: \"0\"\n"
       "    helm.sh/hook-delete-policy: \"before-hook-creation,hook-succeeded\"\n"},
      {"charts/orders/templates/serviceaccount-orders-sa.yaml",
       "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: orders-sa\n  annotations:\n"
       "    helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"-20\"\n"},
  };
}

TEST_CASE("blueprint: releases by wave, objects as Helm would send them") {
  Blueprint bp;
  std::string error;
  REQUIRE_MESSAGE(LoadBlueprint(Tree(), &bp, &error), error);
  CHECK(bp.fleet == "shop");
  REQUIRE(bp.releases.size() == 2);
  CHECK(bp.releases[0].name == "orders");  // wave 0 first
  const Release& web = bp.releases[1];
  CHECK(web.needs == std::vector<std::string>{"shop/orders"});
  REQUIRE(web.objects.size() == 2);
  CHECK(web.objects[0].ref.kind == "Service");  // Helm's kind order: Service before Deployment
  const auto& container = web.objects[1].manifest["spec"]["template"]["spec"]["containers"][0];
  // The Helm escape is undone; quoted scalars stay strings; plain ones are typed.
  CHECK(container["args"] == nlohmann::json({"{{ .Values }}", "true", "1.0"}));
  CHECK(container["env"][0]["value"] == "on");
  CHECK(container["ports"][0]["containerPort"] == 8080);
  CHECK(web.objects[1].manifest["metadata"]["namespace"] == "shop");  // filled in
  CHECK(web.objects[1].hash.starts_with("sha256:"));
  CHECK(bp.FindFeature("v2") == bp.FindFeature("checkout-v2"));
}

TEST_CASE("blueprint: plain scalars are typed as YAML 1.2's core schema says") {
  std::vector<nlohmann::json> docs;
  std::string error;
  REQUIRE(YamlDocumentsToJson(
      "a: [1, -2, +3, 1.5, .5, 2., 1e3, -1.5E-2, 99999999999999999999, 1.2.3, 0x1F, '7', "
      "true, False, null, ~, \"\", 1h, e3, 1e, 1e999, -1e-400]\n",
      &docs, &error));
  // Beyond a double's range: kept as text (a hostile template must not throw).
  nlohmann::json want = {
      1,       -2,     3,       1.5,      0.5,   2.0,     1000.0,  -0.015, "99999999999999999999",
      "1.2.3", "0x1F", "7",     true,     false, nullptr, nullptr, "",     "1h",
      "e3",    "1e",   "1e999", "-1e-400"};
  CHECK(docs.at(0)["a"] == want);
}

TEST_CASE("blueprint: hooks by weight, with Helm's default delete policy") {
  Blueprint bp;
  std::string error;
  REQUIRE(LoadBlueprint(Tree(), &bp, &error));
  const Release& orders = bp.releases[0];
  REQUIRE(orders.hooks.size() == 2);
  CHECK(orders.hooks[0].ref.kind == "ServiceAccount");
  CHECK(orders.hooks[0].hook->weight == -20);
  CHECK(orders.hooks[0].hook->delete_policies == std::vector<std::string>{"before-hook-creation"});
  CHECK(orders.hooks[1].hook->Runs("pre-upgrade"));
  CHECK_FALSE(orders.hooks[1].hook->Runs("post-install"));
  CHECK(orders.hooks[1].hook->HasPolicy("hook-succeeded"));
  REQUIRE(orders.objects.size() == 1);
}

TEST_CASE("blueprint: the same manifest always has the same hash") {
  Blueprint a, b;
  std::string error;
  REQUIRE(LoadBlueprint(Tree(), &a, &error));
  REQUIRE(LoadBlueprint(Tree(), &b, &error));
  CHECK(a.releases[1].objects[1].hash == b.releases[1].objects[1].hash);
  CHECK(a.releases[1].objects[0].hash != a.releases[1].objects[1].hash);
}

TEST_CASE("blueprint: a tree that does not match blueprint.json is refused") {
  Blueprint bp;
  std::string error;
  FileTree missing = Tree();
  missing.erase("charts/web/templates/service-web.yaml");
  CHECK_FALSE(LoadBlueprint(missing, &bp, &error));
  CHECK(error ==
        "release `web`: Service shop/web is listed in blueprint.json but no template under "
        "charts/web/templates/ renders it");
  FileTree extra = Tree();
  extra["charts/web/templates/configmap-x.yaml"] =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
  CHECK_FALSE(LoadBlueprint(extra, &bp, &error));
  CHECK(error ==
        "release `web`: ConfigMap shop/x is rendered under charts/web/templates/ but not listed "
        "in blueprint.json");
  CHECK_FALSE(LoadBlueprint({}, &bp, &error));
  CHECK(error == "blueprint.json is missing: is this the output of `dsc build`?");
  FileTree broken = Tree();
  broken["charts/web/templates/service-web.yaml"] = "kind: [unclosed\n";
  CHECK_FALSE(LoadBlueprint(broken, &bp, &error));
  CHECK(error.starts_with("charts/web/templates/service-web.yaml: "));
  FileTree bad_wave = Tree();
  auto doc = nlohmann::json::parse(bad_wave["blueprint.json"]);
  doc["releases"][0]["wave"] = 1e110;
  bad_wave["blueprint.json"] = doc.dump();
  CHECK_FALSE(LoadBlueprint(bad_wave, &bp, &error));
  CHECK(error == "blueprint.json: release `web` has no wave (a small whole number)");
}

TEST_CASE("inventory: JSON round trip keeps every field") {
  Inventory inv;
  inv.fleet = "shop";
  inv.group = "v2";
  inv.feature = "checkout-v2";
  inv.ns = "shop";
  inv.created_at = "2026-11-27T05:00:00Z";
  inv.expires_at = "2026-11-27T17:00:00Z";
  inv.ttl = "12h";
  inv.created_namespaces = {"shop-v2"};
  InventoryRelease r{"api-v2", "shop-v2", 3, "sha256:x", "failed", "hook failed", {}};
  r.objects.push_back({{"apps/v1", "Deployment", "shop-v2", "api-v2"}, "sha256:d", "uid-1", false});
  r.objects.push_back({{"batch/v1", "Job", "shop-v2", "api-v2-hook"}, "", "", true});
  inv.releases[r.Id()] = r;
  Inventory back;
  std::string error;
  REQUIRE_MESSAGE(InventoryFromJson(InventoryToJson(inv), &back, &error), error);
  CHECK(InventoryToJson(back) == InventoryToJson(inv));
  CHECK(back.releases.at("shop-v2/api-v2").objects[1].hook);
  CHECK(inv.Name() == "dsc-inventory.shop.v2");
  nlohmann::json future = InventoryToJson(inv);
  future["format"] = 2;
  CHECK_FALSE(InventoryFromJson(future, &back, &error));
  CHECK(error == "inventory format 2 is not known to this dsc");
  future["format"] = nlohmann::json::parse("1e110");
  CHECK_FALSE(InventoryFromJson(future, &back, &error));
  CHECK(error == "inventory format 1e+110 is not known to this dsc");
}

}  // namespace
}  // namespace dsc::runtime
