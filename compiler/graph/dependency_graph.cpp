#include "compiler/graph/dependency_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace dsc::graph {
namespace {

// Tarjan's strongly connected components, with an explicit stack.
std::vector<std::vector<int>> StronglyConnected(const std::vector<std::vector<int>>& deps) {
  int n = static_cast<int>(deps.size());
  std::vector<int> index(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<int> stack;
  std::vector<std::vector<int>> components;
  int counter = 0;
  struct Frame {
    int node;
    size_t next;
  };
  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    std::vector<Frame> frames = {{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& frame = frames.back();
      int v = frame.node;
      if (frame.next < deps[v].size()) {
        int w = deps[v][frame.next++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::vector<int> component;
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component.push_back(w);
        } while (w != v);
        std::sort(component.begin(), component.end());
        components.push_back(std::move(component));
      }
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
    }
  }
  return components;
}

// A shortest cycle through `start` that stays inside `component` (breadth-first).
std::vector<int> CycleThrough(int start, const std::vector<int>& component,
                              const std::vector<std::vector<int>>& deps) {
  std::map<int, int> parent;
  std::vector<int> frontier = {start};
  parent[start] = -1;
  while (!frontier.empty()) {
    std::vector<int> next;
    for (int v : frontier) {
      for (int w : deps[v]) {
        if (!std::binary_search(component.begin(), component.end(), w)) continue;
        if (w == start) {
          std::vector<int> path = {start};
          for (int at = v; at != start; at = parent[at]) path.push_back(at);
          std::reverse(path.begin() + 1, path.end());
          path.push_back(start);
          return path;
        }
        if (parent.emplace(w, v).second) next.push_back(w);
      }
    }
    frontier = std::move(next);
  }
  return {start, start};
}

// The feature a node's service or infra belongs to, or -1 for the baseline.
int FeatureOf(const model::Model& model, int node) {
  const model::Node& n = model.nodes[node];
  size_t index = static_cast<size_t>(n.index);
  if (n.kind == model::Node::Kind::kService) {
    return index < model.services.size() ? model.services[index].feature : -1;
  }
  return index < model.infra.size() ? model.infra[index].feature : -1;
}

// A feature's copies of services re-evaluate the baseline's declarations, so a cycle among
// them is made of edges with the very source spans of a baseline cycle. Such a repeat is not
// reported again: a cycle is new unless every edge inside its strongly connected component
// has the span of an edge inside one cycle already reported (components are visited in node
// order, so the baseline's come first). The first report gets a note naming the features
// that repeat it.
class CycleReports {
 public:
  CycleReports(const model::Model& model, DiagnosticSink& diags) : model_(model), diags_(diags) {}

  // The diagnostic to fill in for a cycle (reported at `at`) whose component's edges have
  // these spans, or null for a repeat.
  Diagnostic* Report(const std::vector<Span>& spans, Span at, int first_node, DiagKind kind,
                     const std::string& arg) {
    if (Seen* seen = RepeatOf(spans)) {
      int feature = FeatureOf(model_, first_node);
      if (feature >= 0) seen->repeated_in.insert(model_.features[feature].name);
      return nullptr;
    }
    Seen& seen = seen_.emplace_back();
    seen.diagnostic = &diags_.Report(kind, at, arg);
    for (Span span : spans) owner_.emplace(Key(span), &seen);
    return seen.diagnostic;
  }

  void AddNotes() {
    for (Seen& seen : seen_) {
      std::vector<std::string> names;
      for (const std::string& name : seen.repeated_in) names.push_back("`" + name + "`");
      if (names.empty()) continue;
      seen.diagnostic->Note(fmt::format("it recurs in feature{} {}", names.size() == 1 ? "" : "s",
                                        fmt::join(names, ", ")));
    }
  }

 private:
  struct Seen {
    Diagnostic* diagnostic = nullptr;
    std::set<std::string> repeated_in;
  };
  using SpanKey = std::tuple<FileId, uint32_t, uint32_t>;
  static SpanKey Key(Span span) { return {span.file, span.begin, span.end}; }

  Seen* RepeatOf(const std::vector<Span>& spans) const {
    Seen* seen = nullptr;
    for (Span span : spans) {
      auto it = owner_.find(Key(span));
      if (it == owner_.end() || (seen && it->second != seen)) return nullptr;
      seen = it->second;
    }
    return seen;
  }

  const model::Model& model_;
  DiagnosticSink& diags_;
  std::deque<Seen> seen_;  // a deque keeps the pointers in owner_ valid
  std::map<SpanKey, Seen*> owner_;
};

}  // namespace

DependencyGraph BuildGraph(const model::Model& model, DiagnosticSink& diags) {
  DependencyGraph graph;
  size_t n = model.nodes.size();
  graph.deps.resize(n);
  std::map<std::pair<int, int>, Span> first_span;
  for (const model::Edge& edge : model.edges) {
    first_span.emplace(std::make_pair(edge.from, edge.to), edge.span);
    if (edge.from == edge.to) continue;
    graph.deps[edge.from].push_back(edge.to);
  }
  for (auto& deps : graph.deps) {
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  }
  CycleReports reports(model, diags);
  for (const auto& [key, span] : first_span) {
    if (key.first != key.second) continue;
    graph.acyclic = false;
    Diagnostic* d = reports.Report({span}, span, key.first, DiagKind::kSelfDependency,
                                   model.nodes[key.first].display_name);
    if (!d) continue;
    d->Help("a service reaches itself without a reference; use `localhost` or drop the entry");
  }
  // The cycles: components of two or more, in a stable order for the diagnostics (sorting
  // all of them, one per node, was a twentieth of `dsc check` at 10,000 services).
  std::vector<std::vector<int>> components = StronglyConnected(graph.deps);
  std::erase_if(components, [](const std::vector<int>& c) { return c.size() < 2; });
  std::sort(components.begin(), components.end());
  for (const auto& component : components) {
    graph.acyclic = false;
    std::vector<int> cycle = CycleThrough(component.front(), component, graph.deps);
    std::vector<Span> inside;
    for (int v : component) {
      for (int w : graph.deps[v]) {
        if (std::binary_search(component.begin(), component.end(), w)) {
          inside.push_back(first_span[{v, w}]);
        }
      }
    }
    std::vector<Span> edges;
    for (size_t i = 0; i + 1 < cycle.size(); ++i) {
      edges.push_back(first_span[{cycle[i], cycle[i + 1]}]);
    }
    std::vector<std::string> names;
    for (int node : cycle) names.push_back("`" + model.nodes[node].display_name + "`");
    Diagnostic* d = reports.Report(inside, edges.front(), cycle[0], DiagKind::kDependencyCycle,
                                   fmt::format("{}", fmt::join(names, " -> ")));
    if (!d) continue;
    for (size_t i = 1; i + 1 < cycle.size(); ++i) {
      d->Secondary(edges[i],
                   fmt::format("`{}` depends on `{}` here", model.nodes[cycle[i]].display_name,
                               model.nodes[cycle[i + 1]].display_name));
    }
    d->Help("services are started in dependency order, so a cycle can never start; break one edge");
  }
  reports.AddNotes();
  if (!graph.acyclic) return graph;
  // Kahn's algorithm, one wave at a time.
  std::vector<int> remaining(n);
  std::vector<std::vector<int>> dependents(n);
  for (size_t v = 0; v < n; ++v) {
    remaining[v] = static_cast<int>(graph.deps[v].size());
    for (int w : graph.deps[v]) dependents[w].push_back(static_cast<int>(v));
  }
  std::vector<int> wave;
  for (size_t v = 0; v < n; ++v) {
    if (remaining[v] == 0) wave.push_back(static_cast<int>(v));
  }
  while (!wave.empty()) {
    std::vector<int> next;
    for (int v : wave) {
      for (int d : dependents[v]) {
        if (--remaining[d] == 0) next.push_back(d);
      }
    }
    std::sort(next.begin(), next.end());
    graph.waves.push_back(std::move(wave));
    wave = std::move(next);
  }
  return graph;
}

}  // namespace dsc::graph
