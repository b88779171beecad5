#include "compiler/graph/dependency_graph.h"

#include <doctest/doctest.h>

namespace dsc::graph {
namespace {

model::Model Chain(int n, std::vector<std::pair<int, int>> extra = {}) {
  model::Model m;
  for (int i = 0; i < n; ++i)
    m.nodes.push_back({model::Node::Kind::kService, i, "s" + std::to_string(i)});
  for (int i = 1; i < n; ++i) m.edges.push_back({i, i - 1, {1, 0, 1}, false});
  for (auto [from, to] : extra) m.edges.push_back({from, to, {1, 0, 1}, true});
  return m;
}

TEST_CASE("waves follow dependencies") {
  model::Model m = Chain(3);
  m.nodes.push_back({model::Node::Kind::kInfra, 0, "db"});
  m.edges.push_back({0, 3, {1, 0, 1}, false});
  DiagnosticSink diags;
  DependencyGraph g = BuildGraph(m, diags);
  CHECK(diags.diagnostics().empty());
  REQUIRE(g.acyclic);
  REQUIRE(g.waves.size() == 4);
  CHECK(g.waves[0] == std::vector<int>{3});
  CHECK(g.waves[3] == std::vector<int>{2});
}

TEST_CASE("duplicate edges collapse") {
  model::Model m = Chain(2, {{1, 0}, {1, 0}});
  DiagnosticSink diags;
  DependencyGraph g = BuildGraph(m, diags);
  CHECK(g.deps[1] == std::vector<int>{0});
}

TEST_CASE("a cycle is reported once, whole, with a note per edge") {
  model::Model m = Chain(4, {{0, 3}});
  DiagnosticSink diags;
  DependencyGraph g = BuildGraph(m, diags);
  CHECK_FALSE(g.acyclic);
  CHECK(g.waves.empty());
  REQUIRE(diags.diagnostics().size() == 1);
  const Diagnostic& d = diags.diagnostics()[0];
  CHECK(d.kind == DiagKind::kDependencyCycle);
  CHECK(d.message == "dependency cycle: `s0` -> `s3` -> `s2` -> `s1` -> `s0`");
  CHECK(d.labels.size() == 3);
}

TEST_CASE("cycles with the same edges (a feature's copies) are reported once") {
  // s0 <-> s1, and their copies s2 <-> s3, whose edges are the same source spans.
  model::Model m = Chain(4);
  m.edges.clear();
  m.edges.push_back({0, 1, {1, 10, 11}, false});
  m.edges.push_back({1, 0, {1, 20, 21}, false});
  m.edges.push_back({3, 2, {1, 20, 21}, false});
  m.edges.push_back({2, 3, {1, 10, 11}, false});
  m.edges.push_back({2, 2, {1, 30, 31}, false});
  m.edges.push_back({0, 0, {1, 30, 31}, false});
  DiagnosticSink diags;
  DependencyGraph g = BuildGraph(m, diags);
  CHECK_FALSE(g.acyclic);
  REQUIRE(diags.diagnostics().size() == 2);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kSelfDependency);
  CHECK(diags.diagnostics()[0].message == "`s0` depends on itself");
  CHECK(diags.diagnostics()[1].kind == DiagKind::kDependencyCycle);
  CHECK(diags.diagnostics()[1].message == "dependency cycle: `s0` -> `s1` -> `s0`");
}

TEST_CASE("a self-dependency has its own code") {
  model::Model m = Chain(1, {{0, 0}});
  DiagnosticSink diags;
  BuildGraph(m, diags);
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kSelfDependency);
}

TEST_CASE("a 100,000-node chain does not overflow the stack") {
  model::Model m = Chain(100000, {{0, 99999}});
  DiagnosticSink diags;
  DependencyGraph g = BuildGraph(m, diags);
  CHECK_FALSE(g.acyclic);
  CHECK(diags.error_count() == 1);
  model::Model ok = Chain(100000);
  DiagnosticSink none;
  CHECK(BuildGraph(ok, none).waves.size() == 100000);
}

}  // namespace
}  // namespace dsc::graph
