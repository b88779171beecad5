// The two DocWriters describe one document: the YAML one writes text that a YAML loader
// (yaml-cpp) reads back as the tree the JSON one builds, in the block layout ToYaml
// prints (ToYaml replays a tree through YamlDocWriter). Checked on hand-picked shapes
// (the empty and nested cases where a streaming writer has to look back, with their exact
// text), on random trees, and on every object of the repository's example and golden
// fleets.
#include "compiler/emit/doc_writer.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <random>
#include <set>

#include "compiler/check/check.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// Tells `w` what `doc` is, as an emitter would (every key a UserKey: they are data here).
void Replay(const Json& doc, DocWriter& w) {
  if (doc.is_object()) {
    w.BeginMap();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      w.UserKey(it.key());
      Replay(it.value(), w);
    }
    w.End();
  } else if (doc.is_array()) {
    w.BeginSeq();
    for (const Json& item : doc) Replay(item, w);
    w.End();
  } else if (doc.is_string()) {
    w.String(doc.get_ref<const std::string&>());
  } else if (doc.is_boolean()) {
    w.Bool(doc.get<bool>());
  } else {
    w.Int(doc.get<int64_t>());
  }
}

Json TreeOf(const Json& doc) {
  JsonDocWriter w;
  Replay(doc, w);
  return w.Take();
}

// Whether a loader's reading of the text is `doc`: the same mappings (keys in order),
// sequences and scalars, with numbers and booleans plain and strings as they were.
bool ReadsAs(const YAML::Node& node, const Json& doc) {
  if (doc.is_object()) {
    if (!node.IsMap() || node.size() != doc.size()) return false;
    auto it = doc.begin();
    for (const auto& entry : node) {
      if (entry.first.as<std::string>() != it.key() || !ReadsAs(entry.second, it.value()))
        return false;
      ++it;
    }
    return true;
  }
  if (doc.is_array()) {
    if (!node.IsSequence() || node.size() != doc.size()) return false;
    for (size_t i = 0; i < doc.size(); ++i)
      if (!ReadsAs(node[i], doc[i])) return false;
    return true;
  }
  if (!node.IsScalar()) return false;
  if (doc.is_string()) return node.as<std::string>() == doc.get<std::string>();
  // yaml-cpp's tag of a plain scalar is "?": a quoted number would load as a string.
  return node.Tag() == "?" && node.as<std::string>() == doc.dump();
}

void CheckAgrees(const Json& doc) {
  CAPTURE(doc.dump());
  std::string yaml = ToYaml(doc);
  CAPTURE(yaml);
  CHECK(ReadsAs(YAML::Load(yaml), doc));
  CHECK(TreeOf(doc) == doc);
}

TEST_CASE("YamlDocWriter: the shapes a streaming writer must look back on, read back and as text") {
  CheckAgrees(Json::object());
  CheckAgrees(Json::array());
  CheckAgrees(Json::parse(R"({"a": {}, "b": [], "c": 1})"));
  CheckAgrees(Json::parse(R"({"a": [{}, [], [[]], [1, [2, 3]], {"x": {}}]})"));
  CheckAgrees(Json::parse(R"([{"a": 1, "b": {"c": [true, false]}}, {"d": []}])"));
  CheckAgrees(Json::parse(R"({"on": "yes", "a: b": "#c", "": "", "1.5": "-x", "k": "é\n"})"));
  CheckAgrees(Json::parse(R"({"deep": {"deeper": {"deepest": [{"a": [{"b": {}}]}]}}})"));
  CheckAgrees(Json::parse(R"([[["x"]], [], {}])"));

  // And what that text is, as a person reads it.
  CHECK(ToYaml(Json::parse(R"({"a": [{}, [], [[1]], {"x": {}, "y": [2]}]})")) ==
        "a:\n"
        "  - {}\n"
        "  - []\n"
        "  - \n"
        "    - \n"
        "      - 1\n"
        "  - x: {}\n"
        "    \"y\":\n"
        "      - 2\n");
  CHECK(ToYaml(Json::object()) == "{}\n");
  YamlDocWriter w;
  w.BeginMap();
  w.BeginMap("metadata");
  w.Str("name", "api");
  w.BeginMap("labels");
  w.End();
  w.End();
  w.BeginSeq("ports");
  w.BeginMap();
  w.Int("port", 80);
  w.UserStr("on", "no");
  w.End();
  w.BeginSeq();
  w.End();
  w.End();
  w.Bool("ready", false);
  w.End();
  CHECK(w.text() ==
        "metadata:\n"
        "  name: api\n"
        "  labels: {}\n"
        "ports:\n"
        "  - port: 80\n"
        "    \"on\": \"no\"\n"
        "  - []\n"
        "ready: false\n");
}

// A random tree of mappings, sequences, strings (some needing quotes), ints and bools.
Json RandomTree(std::mt19937& rng, int depth) {
  static const char* kStrings[] = {"a",       "name",       "on", "1:30", "a: b",
                                   "x #y",    "",           "-",  "é",    "multi\nline",
                                   "{{ x }}", "http://h/p", "~",  "0x1F"};
  int pick = static_cast<int>(rng() % (depth > 4 ? 3 : 5));
  switch (pick) {
    case 0:
      return kStrings[rng() % std::size(kStrings)];
    case 1:
      return static_cast<int64_t>(rng() % 2000) - 1000;
    case 2:
      return rng() % 2 == 0;
    case 3: {
      Json map = Json::object();
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i)
        map[kStrings[rng() % std::size(kStrings)]] = RandomTree(rng, depth + 1);
      return map;
    }
    default: {
      Json seq = Json::array();
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) seq.push_back(RandomTree(rng, depth + 1));
      return seq;
    }
  }
}

TEST_CASE("YamlDocWriter's text reads back as the JSON writer's tree: 2,000 random trees") {
  std::mt19937 rng(17);
  for (int i = 0; i < 2000; ++i) {
    Json doc = RandomTree(rng, 0);
    if (!doc.is_object() && !doc.is_array()) continue;  // documents are collections
    CheckAgrees(doc);
  }
}

// Every object of a fleet's plan: the YAML writer's text is the tree the JSON writer
// built for `dsc apply`, printed. (Both writers see the calls of one AddObject.)
void CheckFleet(const std::string& relative) {
  CAPTURE(relative);
  std::string path = std::string(DSC_SOURCE_DIR) + "/" + relative;
  RealFileSystem fs;
  SourceManager sources;
  DiagnosticSink diags;
  std::optional<check::CheckedFleet> fleet = check::CheckFleet(path, fs, sources, diags);
  REQUIRE(fleet);
  EmitOptions options;
  EmitContext ctx = ContextFor(*fleet, sources, options, diags);
  ctx.keep_manifests = true;
  REQUIRE(SelectFeatures(ctx));
  std::optional<Plan> plan = BuildPlan(ctx);
  REQUIRE(plan);
  size_t objects = 0;
  for (const Release& release : plan->releases) {
    for (const PlannedObject& object : release.objects) {
      CAPTURE(object.name);
      REQUIRE(object.manifest);
      CHECK(object.yaml == ToYaml(*object.manifest));
      // The plan's record of the object is what its manifest says.
      const Json& meta = (*object.manifest)["metadata"];
      CHECK((*object.manifest)["kind"] == object.kind);
      CHECK((*object.manifest)["apiVersion"] == object.api_version);
      CHECK(meta["name"] == object.name);
      CHECK(meta["namespace"] == object.namespace_);
      ++objects;
    }
  }
  CHECK(objects > 0);
}

TEST_CASE("every object of the example and golden fleets: its YAML is its tree, printed") {
  for (const char* fleet :
       {"examples/crud/crud.ds", "examples/sqs/sqs.ds", "examples/marketplace/marketplace.ds"})
    CheckFleet(fleet);
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(DSC_SOURCE_DIR) + "/tests/golden/build")) {
    CheckFleet("tests/golden/build/" + entry.path().filename().string() + "/main.ds");
  }
}

}  // namespace
}  // namespace dsc::emit
