// Which calls of each service pass through Traefik: the URLs in its env whose host is
// a route host of the fleet (a route's, or a feature's preview host), whether a
// reference wrote them (`api.route_url`, `api.url` with `calls = "traefik"`) or the
// fleet file did (`"http://api.shop.dev"`). Emit resolves those hosts to Traefik in
// the pod; `dsc route explain` follows them.
#include <algorithm>
#include <unordered_set>

#include "base/ascii.h"
#include "compiler/sema/analyzer.h"
#include "compiler/sema/preview_host.h"
#include "compiler/sema/urls_in_text.h"

namespace dsc::sema {
void Analyzer::FindTraefikCalls() {
  std::unordered_set<std::string> route_hosts;
  for (const model::Service& service : model_.services) {
    if (service.external) continue;
    for (const model::Route& route : service.routes)
      route_hosts.insert(base::AsciiLowered(route.host));
  }
  for (const FeatureInfo& feature : features_) {
    for (const Entity& baseline : entities_) {
      if (baseline.kind != EntityKind::kService || baseline.external || baseline.feature >= 0)
        continue;
      auto fork = feature.forks.find(baseline.name);
      const Entity& target = fork == feature.forks.end() ? baseline : entities_[fork->second];
      const model::Service& service = model_.services[target.model_index];
      if (service.routes.empty()) continue;
      route_hosts.insert(base::AsciiLowered(PreviewHost(model_.fleet, service, feature.label)));
    }
  }
  if (route_hosts.empty()) return;
  for (model::Service& service : model_.services) {
    if (service.external) continue;
    // Its own route hosts are its public address (links it writes), not calls.
    std::unordered_set<std::string> own;
    for (const model::Route& route : service.routes) own.insert(base::AsciiLowered(route.host));
    std::vector<std::string>& hosts = service.traefik_hosts;
    for (const model::EnvVar& var : service.env) {
      if (var.from_secret) continue;
      for (const UrlInText& url : UrlsIn(var.value)) {
        std::string host = base::AsciiLowered(url.host);
        if (route_hosts.count(host) && !own.count(host)) hosts.push_back(std::move(host));
      }
    }
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  }
}

}  // namespace dsc::sema
