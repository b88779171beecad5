#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "compiler/diff/summary.h"

namespace dsc::diff {
namespace {

using nlohmann::json;

void CompareEdges(const json& before, const json& after, Report* report) {
  using Edge = std::pair<std::string, std::string>;
  auto read = [](const json& blueprint) {
    std::set<Edge> edges;
    for (const json& e : blueprint.at("edges"))
      edges.emplace(e.at("from").get<std::string>(), e.at("to").get<std::string>());
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

FlatFields RouteFields(const json& r) {
  return {{"host", Display(r.at("host"))},
          {"path", Display(r.at("path"))},
          {"priority", Display(r.at("priority"))},
          {"match", Display(r.at("match"))},
          {"service", Display(r.at("service"))},
          {"namespace", Display(r.at("namespace"))},
          {"ingress_route", Display(r.at("ingress_route"))}};
}

RouteChange MakeRouteChange(Change change, const json& shown) {
  RouteChange out;
  out.change = change;
  out.host = shown.at("host").get<std::string>();
  out.path = shown.at("path").get<std::string>();
  out.via = shown.at("via").get<std::string>();
  out.feature = FeatureLabel(shown);
  out.namespace_ = shown.at("namespace").get<std::string>();
  out.ingress_route = shown.at("ingress_route").get<std::string>();
  return out;
}

// Routes are the same route when feature, kind, host and path agree. What is
// left over on both sides in one IngressRoute, one route each, is that route
// with a new path or host (a rename), reported as one change.
void CompareRoutes(const json& before, const json& after, Report* report) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  auto key = [](const json& r) {
    return Key{FeatureLabel(r), r.at("via").get<std::string>(), r.at("host").get<std::string>(),
               r.at("path").get<std::string>()};
  };
  std::map<Key, std::pair<const json*, const json*>> routes;
  for (const json& r : before.at("routes")) routes[key(r)].first = &r;
  for (const json& r : after.at("routes")) routes[key(r)].second = &r;
  using Owner = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Owner, std::pair<std::vector<const json*>, std::vector<const json*>>> leftovers;
  for (const auto& [k, pair] : routes) {
    const auto& [old_route, new_route] = pair;
    if (old_route && new_route) {
      RouteChange change = MakeRouteChange(Change::kChanged, *new_route);
      change.fields = DiffFields(RouteFields(*old_route), RouteFields(*new_route));
      if (!change.fields.empty()) report->routes.push_back(std::move(change));
      continue;
    }
    const json& r = old_route ? *old_route : *new_route;
    Owner owner{FeatureLabel(r), r.at("via").get<std::string>(),
                r.at("namespace").get<std::string>(), r.at("ingress_route").get<std::string>()};
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
    for (const json* r : removed) report->routes.push_back(MakeRouteChange(Change::kRemoved, *r));
    for (const json* r : added) report->routes.push_back(MakeRouteChange(Change::kAdded, *r));
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
void CompareReleases(const json& before, const json& after, Report* report) {
  using Key = std::pair<std::string, std::string>;  // namespace, name
  std::map<Key, std::pair<const json*, const json*>> releases;
  for (const json& r : before.at("releases"))
    releases[{r.at("namespace").get<std::string>(), r.at("name").get<std::string>()}].first = &r;
  for (const json& r : after.at("releases"))
    releases[{r.at("namespace").get<std::string>(), r.at("name").get<std::string>()}].second = &r;
  for (const auto& [key, pair] : releases) {
    const auto& [old_release, new_release] = pair;
    ReleaseChange change;
    change.namespace_ = key.first;
    change.name = key.second;
    if (!old_release || !new_release) {
      change.action =
          old_release ? ReleaseChange::Action::kUninstall : ReleaseChange::Action::kInstall;
    } else if (old_release->at("hash") == new_release->at("hash")) {
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
