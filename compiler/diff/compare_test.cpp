#include "compiler/diff/compare.h"

#include <doctest/doctest.h>

#include "compiler/check/check.h"
#include "compiler/diff/render.h"
#include "compiler/emit/emit.h"
#include "compiler/pipeline/build_for_test.h"

namespace dsc::diff {
namespace {

constexpr const char* kBase = R"(
fleet shop {
  namespace = "shop"
  domain = "shop.localtest.me"
}

service api {
  image = "registry.example.com/api:1.0"
  ports { http = 8080 }
  env {
    LOG_LEVEL = "info"
    API_TOKEN = secret("api-credentials", "token")
  }
  route { host = "api.${fleet.domain}", path = "/v1" }
}

service worker {
  image = "registry.example.com/worker:1.0"
}
)";

// `text` with the first `from` replaced by `to`.
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

Tree BuildTree(const std::string& source) { return emit::BuildForTest(source); }

Report CompareTrees(const Tree& before, const Tree& after) {
  Build old_build, new_build;
  std::string error;
  REQUIRE_MESSAGE(ReadBuild(before, &old_build, &error), error);
  REQUIRE_MESSAGE(ReadBuild(after, &new_build, &error), error);
  Report report;
  report.before_label = "old";
  report.after_label = "new";
  Compare(old_build, new_build, {}, &report);
  return report;
}

Report CompareSources(const std::string& before, const std::string& after) {
  return CompareTrees(BuildTree(before), BuildTree(after));
}

const FieldChange* FindField(const std::vector<FieldChange>& fields, const std::string& name) {
  for (const FieldChange& f : fields)
    if (f.field == name) return &f;
  return nullptr;
}

TEST_CASE("the same fleet gives an empty report") {
  Report report = CompareSources(kBase, kBase);
  CHECK(report.Same());
  CHECK(RenderText(report, {}).starts_with("No changes: old and new"));
  CHECK(RenderJson(report).find("\"same\": true") != std::string::npos);
}

TEST_CASE("image and replicas: a service change, its Deployment, its release upgraded") {
  std::string after = Edit(kBase, "api:1.0\"", "api:1.1\"\n  replicas = 3");
  Report report = CompareSources(kBase, after);
  REQUIRE(report.services.size() == 1);
  const EntityChange& api = report.services[0];
  CHECK(api.name == "api");
  CHECK(api.change == Change::kChanged);
  const FieldChange* image = FindField(api.fields, "image");
  REQUIRE(image);
  CHECK(*image->before == "registry.example.com/api:1.0");
  CHECK(*image->after == "registry.example.com/api:1.1");
  REQUIRE(FindField(api.fields, "replicas"));
  CHECK(*FindField(api.fields, "replicas")->after == "3");
  REQUIRE(report.releases.size() == 1);
  CHECK(report.releases[0].action == ReleaseChange::Action::kUpgrade);
  CHECK(report.releases[0].name == "api");
  REQUIRE(report.objects.size() == 1);
  CHECK(report.objects[0].Describe() == "Deployment shop/api");
  std::string diff = UnifiedHunks(report.objects[0].hunks);
  CHECK(diff.find("-  replicas: 1\n+  replicas: 3\n") != std::string::npos);
}

TEST_CASE("env: literal and Secret reference changes show name and key only") {
  std::string after = Edit(Edit(kBase, "\"info\"", "\"debug\""), "\"token\")", "\"token-v2\")");
  Report report = CompareSources(kBase, after);
  REQUIRE(report.services.size() == 1);
  const FieldChange* level = FindField(report.services[0].fields, "env.LOG_LEVEL");
  REQUIRE(level);
  CHECK(*level->before == "\"info\"");
  CHECK(*level->after == "\"debug\"");
  const FieldChange* token = FindField(report.services[0].fields, "env.API_TOKEN");
  REQUIRE(token);
  CHECK(*token->before == "secret(\"api-credentials\", \"token\")");
  CHECK(*token->after == "secret(\"api-credentials\", \"token-v2\")");
}

TEST_CASE("a new dependency is an edge; a new service an install") {
  std::string after = Edit(kBase, "service worker {\n  image = \"registry.example.com/worker:1.0\"",
                           "service worker {\n  image = \"registry.example.com/worker:1.0\"\n"
                           "  env { API = api.url }");
  after += "\nservice search {\n  image = \"registry.example.com/search:1.0\"\n}\n";
  Report report = CompareSources(kBase, after);
  REQUIRE(report.edges.size() == 1);
  CHECK(report.edges[0].change == Change::kAdded);
  CHECK(report.edges[0].from == "worker");
  CHECK(report.edges[0].to == "api");
  bool installed = false;
  for (const ReleaseChange& r : report.releases)
    installed |= r.name == "search" && r.action == ReleaseChange::Action::kInstall;
  CHECK(installed);
  REQUIRE_FALSE(report.services.empty());
}

TEST_CASE("a route's new path is one changed route, with its new priority") {
  Report report = CompareSources(kBase, Edit(kBase, "path = \"/v1\"", "path = \"/v2/api\""));
  REQUIRE(report.routes.size() == 1);
  const RouteChange& route = report.routes[0];
  CHECK(route.change == Change::kChanged);
  REQUIRE(FindField(route.fields, "path"));
  CHECK(*FindField(route.fields, "path")->after == "/v2/api");
  REQUIRE(FindField(route.fields, "priority"));
  CHECK(*FindField(route.fields, "priority")->before == "1030");
  CHECK(*FindField(route.fields, "priority")->after == "1070");
}

// Names of the changed fields, in report order.
std::string FieldNames(const std::vector<FieldChange>& fields) {
  std::string out;
  for (const FieldChange& f : fields) out += (out.empty() ? "" : " ") + f.field;
  return out;
}

TEST_CASE("fleet settings, labels and ports: each a field, listed by name") {
  std::string before = Edit(Edit(kBase, "domain = \"shop.localtest.me\"",
                                 "domain = \"shop.localtest.me\"\n  labels { zone = \"a\", "
                                 "app = \"shop\" }"),
                            "ports { http = 8080 }", "ports { http = 8080, admin = 9000 }");
  std::string after =
      Edit(Edit(Edit(before, "zone = \"a\", app = \"shop\"", "zone = \"b\", app = \"store\""),
                "http = 8080, admin = 9000", "http = 8081, admin = 9001"),
           "domain = \"shop.localtest.me\"",
           "domain = \"shop.localtest.me\"\n  routing = \"baggage\"\n"
           "  traefik = \"v2\"");
  Report report = CompareSources(before, after);
  // Declared zone before app, and http before admin; reported by name.
  CHECK(FieldNames(report.fleet_fields) == "routing.mode routing.traefik labels.app labels.zone");
  CHECK(*FindField(report.fleet_fields, "routing.mode")->before == "header");
  CHECK(*FindField(report.fleet_fields, "routing.mode")->after == "baggage");
  CHECK(*FindField(report.fleet_fields, "labels.app")->after == "\"store\"");
  const EntityChange* api = nullptr;
  for (const EntityChange& s : report.services)
    if (s.name == "api") api = &s;
  REQUIRE(api);
  CHECK(FieldNames(api->fields).starts_with("ports.admin ports.http"));
  CHECK(*FindField(api->fields, "ports.http")->after == "8081");
}

TEST_CASE("a feature: added with its TTL and forks") {
  std::string after = std::string(kBase) +
                      "\nfeature checkout {\n  ttl = 2d\n  fork api { image = "
                      "\"registry.example.com/api:pr-1\" }\n}\n";
  Report report = CompareSources(kBase, after);
  REQUIRE(report.features.size() == 1);
  CHECK(report.features[0].change == Change::kAdded);
  CHECK(report.features[0].detail == "ttl 2d, forks api");
  bool fork = false;
  for (const EntityChange& s : report.services)
    fork |= s.name == "api-checkout" && s.feature == "checkout" && s.change == Change::kAdded;
  CHECK(fork);
}

// A build directory is only files: if one holds a Secret, its values must not
// reach any rendering, while a changed value still shows as changed.
TEST_CASE("Secret objects are masked in every format") {
  Tree before = BuildTree(kBase);
  Tree after = before;
  auto secret = [](const std::string& password, const std::string& token) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: planted\n  namespace: shop\n"
           "data:\n  password: " +
           password + "\nstringData:\n  token: " + token + "\n";
  };
  before["charts/api/templates/secret-planted.yaml"] = secret("c3VwZXJzZWNyZXQx", "hunter2-old");
  after["charts/api/templates/secret-planted.yaml"] = secret("c3VwZXJzZWNyZXQy", "hunter2-old");
  Report report = CompareTrees(before, after);
  REQUIRE(report.objects.size() == 1);
  CHECK(report.objects[0].kind == "Secret");
  for (const std::string& out :
       {RenderText(report, {}), RenderMarkdown(report), RenderJson(report)}) {
    CHECK(out.find("c3VwZXJzZWNyZXQ") == std::string::npos);
    CHECK(out.find("hunter2") == std::string::npos);
    CHECK(out.find("(hidden, changed)") != std::string::npos);
  }
  std::string diff = UnifiedHunks(report.objects[0].hunks);
  INFO(diff);
  CHECK(diff.find("-  password: \"(hidden)\"\n+  password: \"(hidden, changed)\"\n") !=
        std::string::npos);
  // The unchanged key is outside the hunk: the masked text is equal on both sides.
  CHECK(diff.find("token") == std::string::npos);

  // Added on one side only: masked too.
  report = CompareTrees(BuildTree(kBase), after);
  REQUIRE(report.objects.size() == 1);
  CHECK(report.objects[0].change == Change::kAdded);
  CHECK(RenderText(report, {}).find("hunter2") == std::string::npos);
}

TEST_CASE("a tree without blueprint.json is not a build") {
  Build build;
  std::string error;
  CHECK_FALSE(ReadBuild({{"helmfile.yaml", "releases: []\n"}}, &build, &error));
  CHECK(error.find("no blueprint.json") != std::string::npos);
  CHECK_FALSE(ReadBuild({{"blueprint.json", "{\"format\": 7}"}}, &build, &error));
  CHECK(error.find("unsupported format") != std::string::npos);
  CHECK_FALSE(ReadBuild({{"blueprint.json", "not json"}}, &build, &error));
}

TEST_CASE("a template that is not YAML names its file") {
  Tree tree = BuildTree(kBase);
  tree["charts/api/templates/broken.yaml"] = "a: [unclosed\n";
  Build build;
  std::string error;
  CHECK_FALSE(ReadBuild(tree, &build, &error));
  CHECK(error.starts_with("charts/api/templates/broken.yaml: "));
}

}  // namespace
}  // namespace dsc::diff
