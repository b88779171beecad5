// The graph `dsc graph` draws, from a fleet checked in memory.
#include "compiler/review/fleet_graph.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/check/check.h"
#include "compiler/review/graph_render.h"

namespace dsc::review {
namespace {

constexpr const char* kFleet = R"(
import "std/db"
import "./other.ds" as other
fleet shop {
  namespace = "shop"
  domain = "shop.test"
}
infra shop-db: db.postgres { database = "shop" }
service api {
  image = "acme/api:1"
  ports { http = 8080 }
  env {
    DATABASE_URL = shop-db.url
    SEARCH_URL = other.search.url
  }
  depends_on = [shop-db, worker]
  route { host = "api.${fleet.domain}" }
}
service worker {
  image = "acme/worker:1"
  ports { http = 9090 }
}
feature beta {
  label = "b"
  fork api { image = "acme/api:2" }
}
feature gamma {
  fork worker { image = "acme/worker:2" }
}
)";

constexpr const char* kOther = R"(
fleet other {
  namespace = "other"
}
service search {
  image = "acme/search:1"
  ports { http = 7700 }
}
)";

struct Checked {
  SourceManager sources;
  DiagnosticSink diags;
  std::optional<check::CheckedFleet> fleet;
};

std::unique_ptr<Checked> Check() {
  InMemoryFileSystem fs;
  fs.Add("/f/shop.ds", kFleet);
  fs.Add("/f/other.ds", kOther);
  auto run = std::make_unique<Checked>();
  run->fleet = check::CheckFleet("/f/shop.ds", fs, run->sources, run->diags);
  REQUIRE(run->fleet);
  REQUIRE_FALSE(run->diags.has_errors());
  return run;
}

std::vector<std::string> Ids(const FleetGraph& g) {
  std::vector<std::string> out;
  for (const GraphNode& n : g.nodes) out.push_back(n.id);
  return out;
}

const GraphEdge* EdgeBetween(const FleetGraph& g, const std::string& from, const std::string& to) {
  for (const GraphEdge& e : g.edges) {
    if (g.nodes[e.from].id == from && g.nodes[e.to].id == to) return &e;
  }
  return nullptr;
}

TEST_CASE("nodes: the baseline, externals marked, then each feature's forks") {
  auto run = Check();
  DiagnosticSink diags;
  auto all = SelectFeatures(run->fleet->model, {}, diags);
  REQUIRE(all);
  FleetGraph g = BuildFleetGraph(run->fleet->model, *all);
  std::vector<std::string> ids = Ids(g);
  CHECK(std::find(ids.begin(), ids.end(), "other/search") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "shop/api-b") != ids.end());
  REQUIRE(g.features.size() == 2);
  CHECK(g.features[0].label == "b");
  REQUIRE(g.features[0].nodes.size() == 1);
  CHECK(g.nodes[g.features[0].nodes[0]].id == "shop/api-b");
  CHECK(g.nodes[g.features[0].nodes[0]].name == "api");
  for (const GraphNode& n : g.nodes) {
    if (n.id == "other/search") CHECK(n.external);
    if (n.id == "shop/shop-db") CHECK(n.infra_kind == "db.postgres");
  }
}

TEST_CASE("edges say depends_on, reference or both, once per pair") {
  auto run = Check();
  FleetGraph g = BuildFleetGraph(run->fleet->model, {0, 1});
  const GraphEdge* db = EdgeBetween(g, "shop/api", "shop/shop-db");
  REQUIRE(db);
  CHECK(db->depends_on);
  CHECK(db->reference);
  const GraphEdge* worker = EdgeBetween(g, "shop/api", "shop/worker");
  REQUIRE(worker);
  CHECK(worker->depends_on);
  CHECK_FALSE(worker->reference);
  const GraphEdge* search = EdgeBetween(g, "shop/api", "other/search");
  REQUIRE(search);
  CHECK_FALSE(search->depends_on);
  CHECK(search->reference);
  // The fork of api in gamma's absence still points at the baseline worker.
  CHECK(EdgeBetween(g, "shop/api-b", "shop/worker"));
  size_t pairs = 0;
  for (const GraphEdge& e : g.edges) pairs += g.nodes[e.from].id == "shop/api" ? 1 : 0;
  CHECK(pairs == 3);
}

TEST_CASE("--feature limits the groups; an unknown name is DS6005") {
  auto run = Check();
  DiagnosticSink diags;
  auto one = SelectFeatures(run->fleet->model, {"gamma"}, diags);
  REQUIRE(one);
  FleetGraph g = BuildFleetGraph(run->fleet->model, *one);
  REQUIRE(g.features.size() == 1);
  CHECK(g.features[0].name == "gamma");
  std::vector<std::string> ids = Ids(g);
  CHECK(std::find(ids.begin(), ids.end(), "shop/api-b") == ids.end());
  // By label too.
  CHECK(SelectFeatures(run->fleet->model, {"b"}, diags));
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(SelectFeatures(run->fleet->model, {"nope"}, diags));
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].message == "no feature named `nope` in this fleet");
}

TEST_CASE("a call at a route host is an edge through Traefik, to the fork in a feature") {
  InMemoryFileSystem fs;
  fs.Add("/f/chain.ds", R"(
fleet chain { namespace = "chain", domain = "chain.test", calls = "traefik" }
service front {
  image = "acme/front:1"
  ports { http = 8080 }
  env { API = api.url, AUDIT = "http://audit.chain.test/v1", DIRECT = worker.url }
}
service api {
  image = "acme/api:1"
  ports { http = 8080 }
  route { host = "api.chain.test" }
}
service audit {
  image = "acme/audit:1"
  ports { http = 8080 }
  route { host = "audit.chain.test", path = "/v1" }
}
service worker {
  image = "acme/worker:1"
  ports { http = 8080 }
}
feature beta {
  fork front { replicas = 2 }
  fork api { image = "acme/api:2" }
}
)");
  Checked run;
  run.fleet = check::CheckFleet("/f/chain.ds", fs, run.sources, run.diags);
  REQUIRE(run.fleet);
  REQUIRE_FALSE(run.diags.has_errors());
  FleetGraph g = BuildFleetGraph(run.fleet->model, {0});
  const GraphEdge* api = EdgeBetween(g, "chain/front", "chain/api");
  REQUIRE(api);
  CHECK(api->reference);
  CHECK(api->traefik_hosts == std::vector<std::string>{"api.chain.test"});
  // Written literally: a call without a reference.
  const GraphEdge* audit = EdgeBetween(g, "chain/front", "chain/audit");
  REQUIRE(audit);
  CHECK_FALSE(audit->reference);
  CHECK(audit->traefik_hosts == std::vector<std::string>{"audit.chain.test"});
  // Not routed: wired straight to its Service.
  const GraphEdge* worker = EdgeBetween(g, "chain/front", "chain/worker");
  REQUIRE(worker);
  CHECK(worker->traefik_hosts.empty());
  // The feature's front calls the feature's api; audit is the baseline's.
  CHECK(EdgeBetween(g, "chain/front-beta", "chain/api-beta"));
  CHECK(EdgeBetween(g, "chain/front-beta", "chain/audit"));
  std::string dot = RenderDot(g);
  CHECK(dot.find("\"chain/front\" -> \"chain/audit\" [label=\"via Traefik: audit.chain.test\", "
                 "style=bold") != std::string::npos);
  CHECK(RenderMermaid(g).find("==>|via Traefik: api.chain.test|") != std::string::npos);
}

TEST_CASE("the renderers group features and tell edge kinds apart") {
  auto run = Check();
  FleetGraph g = BuildFleetGraph(run->fleet->model, {0});
  std::string dot = RenderDot(g);
  CHECK(dot.starts_with("digraph \"shop\" {\n"));
  CHECK(dot.find("subgraph \"cluster_feature_b\" {") != std::string::npos);
  CHECK(dot.find("\"shop/api\" -> \"shop/worker\" [label=\"depends_on\", style=dashed];") !=
        std::string::npos);
  CHECK(dot.find("\"shop/api\" -> \"shop/shop-db\" [label=\"depends_on\"];") != std::string::npos);
  CHECK(dot.find("\"shop/api\" -> \"other/search\";") != std::string::npos);
  CHECK(dot.find("external, namespace other") != std::string::npos);
  CHECK(RenderDot(g) == dot);  // deterministic

  std::string mermaid = RenderMermaid(g);
  CHECK(mermaid.starts_with("flowchart LR\n"));
  CHECK(mermaid.find("subgraph feature0[\"feature beta (label b, namespace shop)\"]") !=
        std::string::npos);
  CHECK(mermaid.find("-.->|depends_on|") != std::string::npos);
  CHECK(mermaid.find(":::external") != std::string::npos);

  std::string json = RenderGraphJson(g);
  CHECK(json.find("\"fork_of\": \"api\"") != std::string::npos);
  CHECK(json.find("\"id\": \"other/search\"") != std::string::npos);
}

}  // namespace
}  // namespace dsc::review
