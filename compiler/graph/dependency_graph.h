// Stage 3: the dependency graph of a checked model.
//
// Input: model::Model (its nodes and reference/`depends_on` edges). Output: a
// DependencyGraph with deployment waves, and diagnostics DS4001 (a cycle,
// printed whole, one note per edge) and DS4002 (a self-dependency). All
// algorithms are iterative: a 10,000-service chain cannot overflow the stack.
#pragma once

#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"

namespace dsc::graph {

struct DependencyGraph {
  // deps[n]: the nodes n depends on, sorted, without duplicates or self-edges.
  std::vector<std::vector<int>> deps;
  // Waves in deployment order: every node's dependencies are in earlier waves.
  // Empty when the graph has a cycle.
  std::vector<std::vector<int>> waves;
  bool acyclic = true;
};

DependencyGraph BuildGraph(const model::Model& model, DiagnosticSink& diags);

}  // namespace dsc::graph
