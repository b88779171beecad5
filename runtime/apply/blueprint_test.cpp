#include "runtime/apply/blueprint.h"

#include <doctest/doctest.h>

#include "base/chart_hash.h"
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

// The tree with blueprint.json's chart hashes made to match its files, as `dsc build`
// writes them.
FileTree Sealed(FileTree tree) {
  auto doc = nlohmann::json::parse(tree["blueprint.json"]);
  for (auto& release : doc["releases"])
    release["hash"] = base::ChartHash(tree, release["chart"].get<std::string>());
  tree["blueprint.json"] = doc.dump();
  return tree;
}

FileTree Unsealed() {
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

FileTree Tree() { return Sealed(Unsealed()); }

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
  CHECK_FALSE(LoadBlueprint(Sealed(missing), &bp, &error));
  CHECK(error ==
        "release `web`: Service shop/web is listed in blueprint.json but no template under "
        "charts/web/templates/ renders it");
  FileTree extra = Tree();
  extra["charts/web/templates/configmap-x.yaml"] =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
  CHECK_FALSE(LoadBlueprint(Sealed(extra), &bp, &error));
  CHECK(error ==
        "release `web`: ConfigMap shop/x is rendered under charts/web/templates/ but not listed "
        "in blueprint.json");
  CHECK_FALSE(LoadBlueprint({}, &bp, &error));
  CHECK(error == "blueprint.json is missing: is this the output of `dsc build`?");
  FileTree broken = Tree();
  broken["charts/web/templates/service-web.yaml"] = "kind: [unclosed\n";
  CHECK_FALSE(LoadBlueprint(Sealed(broken), &bp, &error));
  CHECK(error.starts_with("charts/web/templates/service-web.yaml: "));
  FileTree bad_wave = Tree();
  auto doc = nlohmann::json::parse(bad_wave["blueprint.json"]);
  doc["releases"][0]["wave"] = 1e110;
  bad_wave["blueprint.json"] = doc.dump();
  CHECK_FALSE(LoadBlueprint(bad_wave, &bp, &error));
  CHECK(error == "blueprint.json: release `web` has no wave (a small whole number)");
}

TEST_CASE("blueprint: a hand-edited chart, a release listed twice, needs that cannot hold") {
  Blueprint bp;
  std::string error;
  FileTree edited = Tree();
  edited["charts/web/templates/service-web.yaml"] += "  labels: {edited: \"by-hand\"}\n";
  CHECK_FALSE(LoadBlueprint(edited, &bp, &error));
  CHECK(error ==
        "release `web`: the files under charts/web/ do not match the hash blueprint.json records "
        "for them (edited by hand?): change the fleet and run `dsc build` again");

  auto with = [](auto change) {
    FileTree tree = Unsealed();
    auto doc = nlohmann::json::parse(tree["blueprint.json"]);
    change(doc["releases"]);
    tree["blueprint.json"] = doc.dump();
    return Sealed(tree);
  };
  CHECK_FALSE(LoadBlueprint(with([](auto& r) {
                              r[0]["name"] = "orders";
                              r[0]["chart"] = "charts/orders";
                              r[0]["objects"] = r[1]["objects"];
                            }),
                            &bp, &error));
  CHECK(error == "blueprint.json: release `shop/orders` is listed twice");
  CHECK_FALSE(LoadBlueprint(with([](auto& r) { r[0]["needs"] = {"shop/payments"}; }), &bp, &error));
  CHECK(error ==
        "blueprint.json: release `shop/web` needs `shop/payments`, which is not a release of this "
        "blueprint");
  CHECK_FALSE(LoadBlueprint(with([](auto& r) { r[1]["needs"] = {"shop/web"}; }), &bp, &error));
  CHECK(error ==
        "blueprint.json: release `shop/orders` (wave 0) needs `shop/web` (wave 1): what a release "
        "needs must come in an earlier wave (a cycle?)");
}

TEST_CASE("inventory: the group's and each release's record round-trip every field") {
  Inventory inv;
  inv.fleet = "shop";
  inv.group = "v2";
  inv.feature = "checkout-v2";
  inv.ns = "shop";
  inv.created_at = "2026-11-27T05:00:00Z";
  inv.expires_at = "2026-11-27T17:00:00Z";
  inv.ttl = "12h";
  inv.owner = "dev@example.com";
  inv.created_namespaces = {"shop-v2"};
  InventoryRelease r{"api-v2", "shop-v2", 3, "sha256:x", "failed", "hook failed", {}, "checkout"};
  r.objects.push_back({{"apps/v1", "Deployment", "shop-v2", "api-v2"}, "sha256:d", "uid-1", false});
  r.objects.push_back({{"batch/v1", "Job", "shop-v2", "api-v2-hook"}, "", "", true});
  inv.releases[r.Id()] = r;

  Inventory back;
  std::string error;
  bool is_release = true;
  REQUIRE_MESSAGE(InventoryFromJson(InventoryToJson(inv), &back, &error, &is_release), error);
  CHECK_FALSE(is_release);
  CHECK(back.releases.empty());  // format 2: the group's record lists no release
  CHECK_FALSE(back.legacy);
  REQUIRE_MESSAGE(InventoryFromJson(ReleaseRecordToJson(inv, r), &back, &error, &is_release),
                  error);
  CHECK(is_release);
  CHECK(InventoryToJson(back) == InventoryToJson(inv));
  CHECK(ReleaseRecordToJson(back, back.releases.at("shop-v2/api-v2")) ==
        ReleaseRecordToJson(inv, r));
  CHECK(back.releases.at("shop-v2/api-v2").objects[1].hook);
  CHECK(back.owner == "dev@example.com");
  CHECK(back.releases.at("shop-v2/api-v2").team == "checkout");

  CHECK(inv.Name() == "dsc-inventory.shop.v2");
  CHECK(inv.ReleaseRecordName(r) == "dsc-inventory.shop.v2.shop-v2.api-v2");
  InventoryRelease long_name = r;
  long_name.ns = std::string(63, 'n');
  long_name.name = std::string(53, 'a') + "x";
  InventoryRelease other = long_name;
  other.name = std::string(53, 'a') + "y";
  inv.fleet = std::string(63, 'f');
  inv.group = std::string(63, 'g');
  // Past 253 characters the name is the group's and a hash: still unique per release.
  CHECK(inv.ReleaseRecordName(long_name).size() <= 253);
  CHECK(inv.ReleaseRecordName(long_name).rfind(inv.Name() + ".r", 0) == 0);
  CHECK(inv.ReleaseRecordName(long_name) != inv.ReleaseRecordName(other));

  nlohmann::json future = InventoryToJson(inv);
  future["format"] = 3;
  CHECK_FALSE(InventoryFromJson(future, &back, &error));
  CHECK(error == "inventory format 3 is not known to this dsc");
  future["format"] = nlohmann::json::parse("1e110");
  CHECK_FALSE(InventoryFromJson(future, &back, &error));
  CHECK(error == "inventory format 1e+110 is not known to this dsc");
}

TEST_CASE("inventory: a format-1 record (releases inside) is read and marked for rewriting") {
  nlohmann::json v1 = {{"format", 1},
                       {"fleet", "shop"},
                       {"group", "baseline"},
                       {"createdNamespaces", {"shop"}},
                       {"releases",
                        {{{"name", "api"},
                          {"namespace", "shop"},
                          {"wave", 1},
                          {"hash", "sha256:a"},
                          {"state", "applied"},
                          {"objects",
                           {{{"apiVersion", "v1"},
                             {"kind", "Service"},
                             {"namespace", "shop"},
                             {"name", "api"},
                             {"uid", "u1"}}}}}}}};
  nlohmann::json config_map = {{"metadata", {{"name", "dsc-inventory.shop.baseline"}}},
                               {"data", {{"inventory.json", v1.dump()}}}};
  Inventory back;
  std::string error;
  bool is_release = true;
  REQUIRE_MESSAGE(InventoryFromConfigMap(config_map, &back, &error, &is_release), error);
  CHECK_FALSE(is_release);
  CHECK(back.exists);
  CHECK(back.legacy);
  REQUIRE(back.releases.count("shop/api") == 1);
  CHECK(back.releases.at("shop/api").objects.at(0).uid == "u1");
  CHECK(InventoryConfigMap(back)["data"]["inventory.json"].get<std::string>().find("releases") ==
        std::string::npos);

  nlohmann::json neither = {{"metadata", {{"name", "x"}}}, {"data", {{"other", "{}"}}}};
  CHECK_FALSE(InventoryFromConfigMap(neither, &back, &error));
  CHECK(error == "inventory x has neither inventory.json nor release.json");
}

}  // namespace
}  // namespace dsc::runtime
