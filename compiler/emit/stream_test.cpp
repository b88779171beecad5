// `dsc build -o -` against what it means: the same objects as the directory build's
// charts, each once; the namespaces first, a feature's with its TTL and the baseline's
// without; releases in deployment order; a release's pre-install hooks before its objects.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <climits>
#include <map>

#include "compiler/emit/emit.h"
#include "compiler/pipeline/build_fleet.h"

namespace dsc::emit {
namespace {

// "Kind namespace/name" of a manifest.
std::string Key(const std::string& kind, const std::string& ns, const std::string& name) {
  return kind + " " + ns + "/" + name;
}

struct Document {
  std::string comment;  // the `# …` line before it
  YAML::Node node;
};

std::vector<Document> SplitStream(const std::string& stream) {
  std::vector<Document> out;
  const std::string separator = "---\n";
  REQUIRE(stream.starts_with(separator));
  size_t at = 0;
  while (at < stream.size()) {
    size_t next = stream.find(separator, at + separator.size());
    std::string text =
        stream.substr(at + separator.size(),
                      next == std::string::npos ? std::string::npos : next - at - separator.size());
    REQUIRE(text.starts_with("# "));
    out.push_back({text.substr(0, text.find('\n')), YAML::Load(text)});
    at = next == std::string::npos ? stream.size() : next;
  }
  return out;
}

// The sqs example has provision hooks; marketplace has a feature in a namespace of its
// own and one in the baseline's (whose TTL must not reach the baseline's namespace).
void CheckStream(const std::string& example) {
  CAPTURE(example);
  std::string path = std::string(DSC_SOURCE_DIR) + "/" + example;
  RealFileSystem fs;
  SourceManager sources;
  DiagnosticSink diags;
  std::string stream;
  auto append = [&stream](std::span<const std::string_view> pieces) {
    for (std::string_view piece : pieces) stream += piece;
  };
  REQUIRE(pipeline::BuildFleet(path, fs, sources, diags, {}, {}, nullptr, nullptr, append));
  OutputTree tree;
  contract::ChartObjects charts;
  REQUIRE(pipeline::BuildFleet(path, fs, sources, diags, {}, {}, &tree, &charts));
  contract::BlueprintDocument blueprint;
  std::string error;
  REQUIRE(contract::FromJsonText(tree.at("blueprint.json"), &blueprint, &error));

  std::vector<Document> documents = SplitStream(stream);
  // Namespaces first: the fleet's, with no TTL (kube-janitor would delete the baseline),
  // and each feature's with the feature's.
  std::map<std::string, std::string> namespace_ttl;
  size_t first_object = 0;
  while (first_object < documents.size() &&
         documents[first_object].node["kind"].as<std::string>() == "Namespace") {
    const YAML::Node& meta = documents[first_object].node["metadata"];
    namespace_ttl[meta["name"].as<std::string>()] =
        meta["annotations"] ? meta["annotations"]["janitor/ttl"].as<std::string>() : "";
    ++first_object;
  }
  std::map<std::string, std::string> expected_ttl;
  for (const std::string& ns : blueprint.namespaces) expected_ttl[ns] = "";
  for (const contract::FeatureEntry& f : blueprint.features)
    if (f.ns != blueprint.fleet.ns) expected_ttl[f.ns] = f.ttl;
  CHECK(namespace_ttl == expected_ttl);
  CHECK(namespace_ttl.at(blueprint.fleet.ns).empty());

  // The same objects as the charts, each once, under the comment of its release.
  std::map<std::string, std::string> release_of;  // object key -> "ns/release (wave N)"
  for (const contract::ReleaseEntry& r : blueprint.releases) {
    for (const nlohmann::json& object : charts.at(r.chart)) {
      const auto& meta = object["metadata"];
      release_of[Key(object["kind"], meta["namespace"], meta["name"])] =
          "# release " + r.ns + "/" + r.name + " (wave " + std::to_string(r.wave) + ")";
    }
  }
  std::map<std::string, int> seen;
  int last_wave = 0;
  std::string release;
  bool past_hooks = false;
  int last_weight = INT_MIN;
  for (size_t i = first_object; i < documents.size(); ++i) {
    const YAML::Node& node = documents[i].node;
    std::string key =
        Key(node["kind"].as<std::string>(), node["metadata"]["namespace"].as<std::string>(),
            node["metadata"]["name"].as<std::string>());
    CAPTURE(key);
    ++seen[key];
    REQUIRE(release_of.count(key));
    CHECK(documents[i].comment == release_of[key]);
    int wave = std::stoi(documents[i].comment.substr(documents[i].comment.rfind(' ') + 1));
    CHECK(wave >= last_wave);
    last_wave = wave;
    if (documents[i].comment != release) {
      release = documents[i].comment;
      past_hooks = false;
      last_weight = INT_MIN;
    }
    const YAML::Node annotations = node["metadata"]["annotations"];
    bool pre_hook = annotations && annotations["helm.sh/hook"] &&
                    annotations["helm.sh/hook"].as<std::string>().find("pre-") != std::string::npos;
    CHECK_FALSE((pre_hook && past_hooks));  // a pre-install hook after an object
    past_hooks |= !pre_hook;
    if (pre_hook) {  // and the hooks by weight, as Helm runs them
      int weight = std::stoi(annotations["helm.sh/hook-weight"].as<std::string>("0"));
      CHECK(weight >= last_weight);
      last_weight = weight;
    }
  }
  CHECK(seen.size() == release_of.size());
  for (const auto& [key, count] : seen) CHECK_MESSAGE(count == 1, key);
  // Both have provision hooks, so the hook order was tested.
  CHECK(stream.find("helm.sh/hook: \"pre-install") != std::string::npos);
}

TEST_CASE("build -o -: the examples' objects, in deployment order, hooks first") {
  CheckStream("examples/sqs/sqs.ds");
  CheckStream("examples/marketplace/marketplace.ds");
  // A feature in a namespace of its own, whose Secret-copying hooks have two weights.
  CheckStream("tests/golden/build/feature-namespace/main.ds");
}

}  // namespace
}  // namespace dsc::emit
