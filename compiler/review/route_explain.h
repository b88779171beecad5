// `dsc route explain`: where a request goes, on the routes the build emits.
//
// Input: the checked model and graph, the emitted routing (emit::EmitRouting:
// the routes of blueprint.json, with their Middlewares) and a request. Output:
// an Explanation:
//   - the entry: every route whose rule matches (route_rule.h), the winner
//     being the highest priority, as in Traefik; equal top priorities are a
//     tie, which Traefik breaks by no rule within one provider (it sorts with
//     Go's unstable sort.Sort), so it is reported, not resolved;
//   - the feature label in effect: set by the preview Middleware of the winner,
//     else carried by the request (the routing header, or a `baggage` member);
//   - the hops: every call walked breadth-first from the Service the entry
//     reaches. A call to a route host (a URL in the caller's env whose host a route
//     serves: `api.route_url`, `api.url` with `calls = "traefik"`, or a literal
//     `http://api.shop.dev`) passes through Traefik again: it is matched against
//     the emitted routes like the entry, with the label on it only if every service
//     before it propagates the label (`propagates = true`), so the hop says which
//     version answers and whether the label survived. Any other call goes to the
//     Kubernetes Service wired into the caller at build time (its env): the hop says
//     which Service that is and, when a label is in effect, which fork of that
//     feature the call does not reach.
// Printing is route_explain_print.cpp.
#pragma once

#include <string>
#include <vector>

#include "compiler/emit/emit.h"
#include "compiler/graph/dependency_graph.h"
#include "compiler/review/route_rule.h"
#include "compiler/sema/model.h"

namespace dsc::review {

struct LabelInEffect {
  int feature = -1;    // index into Model::features; -1: none
  std::string source;  // "preview", "header" or "baggage"
  // What the request carried that names no emitted feature, e.g. `nope`.
  std::vector<std::string> unknown;
};

struct Hop {
  int from = 0, to = 0;  // model node indexes: `from` calls, or depends on, `to`
  int depth = 2;         // the entry service is hop 1; what it calls, hop 2 …
  size_t visit = 0;      // index into Explanation::visited: the caller's visit
  bool depends_on = false, reference = false;
  // Through Traefik: the route host called and the route that answered.
  bool via_traefik = false;
  std::string host;
  const emit::EmittedRoute* route = nullptr;
  // The label in effect where the call arrives (-1: none), and, when a label was in
  // effect at the caller, whether the call carries it (the caller propagates).
  int label = -1;
  bool label_dropped = false;
  // Env vars of `from` that carry `to`'s address or exports, e.g.
  // "DATABASE_URL (outputs ConfigMap, key url)".
  std::vector<std::string> env;
  // The node of the label's feature with `to`'s name (its fork, or the
  // feature's own infra) that this call does not reach; -1: none.
  int bypassed = -1;
};

// A service the walk reached, with the label in effect there.
struct Visit {
  int node = 0;
  int depth = 1;
  int label = -1;
};

struct Explanation {
  HttpRequest request;
  model::TraefikVersion traefik = model::TraefikVersion::kV3;
  size_t route_count = 0;
  // Matching routes, highest priority first (ties in emission order).
  std::vector<const emit::EmittedRoute*> matches;
  bool tie = false;  // the top two share a priority
  // Routes whose rule could not be evaluated, with why.
  std::vector<std::pair<const emit::EmittedRoute*, std::string>> unevaluated;
  LabelInEffect label;
  int entry_node = -1;         // the model node of the Service the winner reaches
  std::vector<Visit> visited;  // in the order the walk reached them
  std::vector<Hop> hops;       // grouped by `from`, in `visited` order
};

Explanation ExplainRequest(const model::Model& model, const graph::DependencyGraph& graph,
                           const emit::EmittedRouting& routing, const HttpRequest& request);

// Text for people, JSON for tools (route_explain_print.cpp).
std::string ExplanationText(const model::Model& model, const emit::EmittedRouting& routing,
                            const Explanation& explanation);
std::string ExplanationJson(const model::Model& model, const emit::EmittedRouting& routing,
                            const Explanation& explanation);

}  // namespace dsc::review
