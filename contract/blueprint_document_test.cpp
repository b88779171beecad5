#include "contract/blueprint_document.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "base/read_file.h"

namespace dsc::contract {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSourceDir = DSC_SOURCE_DIR;

std::string Read(const fs::path& path) {
  std::string text, error;
  REQUIRE_MESSAGE(base::ReadFileToString(path.string(), &text, &error), error);
  return text;
}

// A document with every optional field set and every list holding one entry.
BlueprintDocument Full() {
  BlueprintDocument d;
  d.generator = "dsc 0.1.0";
  d.fleet = {"shop",
             "shop",
             "dev.example.com",
             true,
             "12h",
             {"header", "X-Feature", "v3"},
             {{"team", "payments"}}};
  d.all_features = false;
  d.namespaces = {"shop"};
  ReleaseEntry r;
  r.name = "api";
  r.ns = "shop";
  r.kind = "service";
  r.entity = "api";
  r.feature = "alice";
  r.wave = 1;
  r.chart = "charts/api";
  r.needs = {"shop/db"};
  r.objects = {{"apps/v1", "Deployment", "shop", "api", "pre-install"}};
  r.hash = "sha256:" + std::string(64, 'a');
  d.releases = {r};
  d.services = {{"api",
                 "api",
                 "shop",
                 "alice",
                 false,
                 "api:1",
                 2,
                 {{"http", 8080}},
                 {{"DB_PASSWORD", "db", "password"}},
                 true,
                 {{"url", "http://api.shop:8080"}}}};
  d.infra = {{"orders", "orders", "shop", "sqs", "alice", false, {{"url", "http://sqs"}}}};
  d.edges = {{"api", "orders"}};
  d.features = {{"checkout", "alice", "shop-alice", "2h", {"api"}, {"orders"}}};
  d.routes = {{"api.dev.example.com", "/", "Host(`api.dev.example.com`)", 10, "header", "alice",
               "api", "shop", "api"}};
  return d;
}

// The schema node `node` points at, through `$ref` ("#/$defs/name") and a oneOf's
// object-typed alternative.
const json& Resolve(const json& schema, const json& node) {
  if (node.contains("$ref")) {
    std::string ref = node["$ref"].get<std::string>();
    REQUIRE(ref.rfind("#/$defs/", 0) == 0);
    return Resolve(schema, schema["$defs"][ref.substr(8)]);
  }
  if (node.contains("oneOf")) {
    for (const json& alternative : node["oneOf"]) {
      const json& resolved = Resolve(schema, alternative);
      if (resolved.value("type", json()) == "object") return resolved;
    }
  }
  return node;
}

// Every object in `value` has exactly the properties its schema names, all required
// ones present: the writer and docs/blueprint.schema.json describe the same document.
void CheckKeys(const json& schema, const json& node, const json& value, const std::string& path) {
  const json& resolved = Resolve(schema, node);
  if (value.is_object() && resolved.contains("properties")) {
    std::set<std::string> written, described;
    for (const auto& [key, member] : value.items()) written.insert(key);
    for (const auto& [key, member] : resolved["properties"].items()) described.insert(key);
    if (resolved.value("additionalProperties", true) == false)
      CHECK_MESSAGE(written == described, path, ": written keys differ from the schema's");
    for (const json& key : resolved.value("required", json::array()))
      CHECK_MESSAGE(written.count(key.get<std::string>()), path, ": lacks ", key);
    for (const auto& [key, member] : value.items()) {
      if (resolved["properties"].contains(key))
        CheckKeys(schema, resolved["properties"][key], member, path + "." + key);
    }
  } else if (value.is_array() && resolved.contains("items")) {
    for (const json& item : value) CheckKeys(schema, resolved["items"], item, path + "[]");
  }
}

TEST_CASE("blueprint.json: what ToJsonText writes has exactly the schema's fields") {
  json schema = json::parse(Read(kSourceDir / "docs/blueprint.schema.json"));
  CheckKeys(schema, schema, json::parse(ToJsonText(Full())), "$");
  // Unset optionals are written as null, not left out.
  BlueprintDocument sparse = Full();
  sparse.releases[0].entity.reset();
  sparse.releases[0].feature.reset();
  sparse.releases[0].objects[0].hook.reset();
  json written = json::parse(ToJsonText(sparse));
  CHECK(written["releases"][0]["entity"].is_null());
  CHECK(written["releases"][0]["feature"].is_null());
  CHECK(written["releases"][0]["objects"][0]["hook"].is_null());
  CheckKeys(schema, schema, written, "$");
}

TEST_CASE("blueprint.json: reading and writing are one contract (every build golden round-trips)") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests/golden/build")) {
    fs::path file = entry.path() / "expected/blueprint.json";
    if (!fs::exists(file)) continue;
    ++cases;
    std::string text = Read(file);
    BlueprintDocument doc;
    std::string error;
    REQUIRE_MESSAGE(FromJsonText(text, &doc, &error), file.string(), ": ", error);
    CHECK_MESSAGE(ToJsonText(doc) == text, file.string(), " changes when read and written again");
  }
  CHECK(cases >= 5);
  BlueprintDocument full;
  std::string error;
  REQUIRE(FromJsonText(ToJsonText(Full()), &full, &error));
  CHECK(ToJsonText(full) == ToJsonText(Full()));
}

TEST_CASE("blueprint.json: what cannot be read says why, naming the file") {
  BlueprintDocument doc;
  std::string error;
  CHECK_FALSE(FromJsonText("{", &doc, &error));
  CHECK(error.rfind("blueprint.json: ", 0) == 0);

  json other = json::parse(ToJsonText(Full()));
  other["format"] = 2;
  CHECK_FALSE(FromJsonText(other.dump(), &doc, &error));
  CHECK(error == "blueprint.json: unsupported format (expected 1); rebuild with this dsc");

  json no_wave = json::parse(ToJsonText(Full()));
  no_wave["releases"][0].erase("wave");
  CHECK_FALSE(FromJsonText(no_wave.dump(), &doc, &error));
  CHECK(error == "blueprint.json: release `api` has no wave (a small whole number)");

  json huge_wave = json::parse(ToJsonText(Full()));
  huge_wave["releases"][0]["wave"] = 1e110;
  CHECK_FALSE(FromJsonText(huge_wave.dump(), &doc, &error));

  // Lists the runtime does not need may be missing from a hand-made blueprint.
  json lean = json::parse(ToJsonText(Full()));
  for (const char* key : {"services", "infra", "edges", "routes"}) lean.erase(key);
  CHECK(FromJsonText(lean.dump(), &doc, &error));
  CHECK(doc.services.empty());
  CHECK(doc.releases.size() == 1);
}

}  // namespace
}  // namespace dsc::contract
