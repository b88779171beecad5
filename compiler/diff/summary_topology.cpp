#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "compiler/diff/summary.h"

namespace dsc::diff {
namespace {

void CompareEdges(const contract::BlueprintDocument& before,
                  const contract::BlueprintDocument& after, Report* report) {
  using Edge = std::pair<std::string, std::string>;
  auto read = [](const contract::BlueprintDocument& blueprint) {
    std::set<Edge> edges;
    for (const contract::Edge& e : blueprint.edges) edges.emplace(e.from, e.to);
    return edges;
  };
  std::set<Edge> old_edges = read(before), new_edges = read(after);
  std::set<Edge> all = old_edges;
  all.insert(new_edges.begin(), new_edges.end());
  for (const Edge& e : all) {
    if (old_edges.count(e) && new_edges.count(e)) continue;
    report->edges.push_back(
        {new_edges.count(e) ? Change::kAdded : Change::kRemoved, e.first, e.second});
  }
}

FlatFields RouteFields(const contract::RouteEntry& r) {
  return {{"host", r.host},
          {"path", r.path},
          {"priority", std::to_string(r.priority)},
          {"match", r.match},
          {"service", r.service},
          {"namespace", r.ns},
          {"ingress_route", r.ingress_route}};
}

RouteChange MakeRouteChange(Change change, const contract::RouteEntry& shown) {
  RouteChange out;
  out.change = change;
  out.host = shown.host;
  out.path = shown.path;
  out.via = shown.via;
  out.feature = FeatureLabel(shown.feature);
  out.namespace_ = shown.ns;
  out.ingress_route = shown.ingress_route;
  return out;
}

// Routes are the same route when feature, kind, host and path agree. What is
// left over on both sides in one IngressRoute, one route each, is that route
// with a new path or host (a rename), reported as one change.
void CompareRoutes(const contract::BlueprintDocument& before,
                   const contract::BlueprintDocument& after, Report* report) {
  using Route = contract::RouteEntry;
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  auto key = [](const Route& r) { return Key{FeatureLabel(r.feature), r.via, r.host, r.path}; };
  std::map<Key, std::pair<const Route*, const Route*>> routes;
  for (const Route& r : before.routes) routes[key(r)].first = &r;
  for (const Route& r : after.routes) routes[key(r)].second = &r;
  using Owner = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Owner, std::pair<std::vector<const Route*>, std::vector<const Route*>>> leftovers;
  for (const auto& [k, pair] : routes) {
    const auto& [old_route, new_route] = pair;
    if (old_route && new_route) {
      RouteChange change = MakeRouteChange(Change::kChanged, *new_route);
      change.fields = DiffFields(RouteFields(*old_route), RouteFields(*new_route));
      if (!change.fields.empty()) report->routes.push_back(std::move(change));
      continue;
    }
    const Route& r = old_route ? *old_route : *new_route;
    Owner owner{FeatureLabel(r.feature), r.via, r.ns, r.ingress_route};
    (old_route ? leftovers[owner].first : leftovers[owner].second).push_back(&r);
  }
  for (const auto& [owner, sides] : leftovers) {
    const auto& [removed, added] = sides;
    if (removed.size() == 1 && added.size() == 1) {
      RouteChange change = MakeRouteChange(Change::kChanged, *added[0]);
      change.fields = DiffFields(RouteFields(*removed[0]), RouteFields(*added[0]));
      report->routes.push_back(std::move(change));
      continue;
    }
    for (const Route* r : removed) report->routes.push_back(MakeRouteChange(Change::kRemoved, *r));
    for (const Route* r : added) report->routes.push_back(MakeRouteChange(Change::kAdded, *r));
  }
  std::stable_sort(report->routes.begin(), report->routes.end(),
                   [](const RouteChange& a, const RouteChange& b) {
                     return std::tie(a.feature, a.host, a.path, a.via) <
                            std::tie(b.feature, b.host, b.path, b.via);
                   });
}

// A release is upgraded when its chart's hash changed (blueprint.json's hash
// covers every file of the chart), installed or uninstalled when it appears
// or disappears.
void CompareReleases(const contract::BlueprintDocument& before,
                     const contract::BlueprintDocument& after, Report* report) {
  using Key = std::pair<std::string, std::string>;  // namespace, name
  using Release = contract::ReleaseEntry;
  std::map<Key, std::pair<const Release*, const Release*>> releases;
  for (const Release& r : before.releases) releases[{r.ns, r.name}].first = &r;
  for (const Release& r : after.releases) releases[{r.ns, r.name}].second = &r;
  for (const auto& [key, pair] : releases) {
    const auto& [old_release, new_release] = pair;
    ReleaseChange change;
    change.namespace_ = key.first;
    change.name = key.second;
    if (!old_release || !new_release) {
      change.action =
          old_release ? ReleaseChange::Action::kUninstall : ReleaseChange::Action::kInstall;
    } else if (old_release->hash == new_release->hash) {
      continue;
    }
    if (old_release && new_release) {
      for (const ObjectChange& o : report->objects) {
        if (o.release != change.name) continue;
        std::string where = o.namespace_ == change.namespace_ ? "" : o.namespace_ + "/";
        change.objects.push_back(o.kind + " " + where + o.name + " (" + ChangeName(o.change) + ")");
      }
    }
    report->releases.push_back(std::move(change));
  }
}

}  // namespace

void SummarizeTopology(const BuildView& before, const BuildView& after, Report* report) {
  CompareEdges(before.blueprint, after.blueprint, report);
  CompareRoutes(before.blueprint, after.blueprint, report);
  CompareReleases(before.blueprint, after.blueprint, report);
}

}  // namespace dsc::diff
