// Checks that need the whole fleet: names as Kubernetes will see them (after
// feature suffixes), labels, and routes that two services claim.
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "compiler/sema/analyzer.h"
#include "compiler/sema/names.h"
#include "compiler/sema/preview_host.h"

namespace dsc::sema {

void Analyzer::CheckK8sName(const std::string& name, Span span, std::string_view what,
                            bool letter_first) {
  std::string problem = DnsLabelProblem(name, letter_first);
  if (!problem.empty()) {
    diags_->Report(DiagKind::kInvalidDnsLabel, span, name, problem)
        .Note(fmt::format("the {} becomes a Kubernetes name (a DNS-1123 label)", what));
    return;
  }
  if (name.size() > kMaxLabelLength) {
    diags_->Report(DiagKind::kNameTooLong, span, name, name.size(), kMaxLabelLength)
        .Note(fmt::format("the {} becomes a Kubernetes name (a DNS-1123 label)", what));
  }
}

void Analyzer::CheckKubernetesNames() {
  for (const Entity& entity : entities_) {
    if (entity.external) continue;
    bool is_service = entity.kind == EntityKind::kService;
    const std::string& k8s_name = is_service ? model_.services[entity.model_index].k8s_name
                                             : model_.infra[entity.model_index].k8s_name;
    if (entity.fork == nullptr && entity.feature < 0) {
      CheckK8sName(k8s_name, entity.decl->name.span, is_service ? "service name" : "infra name",
                   true);
      continue;
    }
    // Infra declared in a feature has no baseline whose check covers its name.
    if (entity.fork == nullptr && !DnsLabelProblem(entity.name, true).empty()) {
      CheckK8sName(entity.name, entity.decl->name.span, "infra name", true);
      continue;
    }
    // A feature's copy: only the suffix can make a valid name too long; bad
    // characters were reported on the baseline name or the label.
    if (!DnsLabelProblem(entity.name, true).empty()) continue;
    const std::string& label = features_[entity.feature].label;
    if (!DnsLabelProblem(label, false).empty()) continue;
    Span span = entity.fork ? entity.fork->name.span : entity.decl->name.span;
    if (k8s_name.size() > kMaxLabelLength) {
      diags_->Report(DiagKind::kNameTooLong, span, k8s_name, k8s_name.size(), kMaxLabelLength)
          .Note(fmt::format("in feature `{}`, `{}` is deployed as `{}-{}`",
                            model_.features[entity.feature].name, entity.name, entity.name, label))
          .Help("shorten the feature's `label` or the service name");
      continue;
    }
    if (is_service && !model_.services[entity.model_index].routes.empty()) {
      std::string preview = PreviewHost(model_.fleet, model_.services[entity.model_index], label);
      if (preview.size() > kMaxSubdomainLength) {
        diags_->Report(DiagKind::kInvalidHost, span, preview, "it is longer than 253 characters")
            .Note("this is the feature's preview host for the service");
      }
    }
  }
}

// A feature's copies are named `<name>-<label>`, and every name becomes a release (a chart
// directory) and Kubernetes objects: a fork `api` in feature `beta` and a service
// `api-beta` would be one. Two features with one label would collide on everything.
// Found here, so that `dsc check` (a pre-commit hook) refuses what `dsc build` cannot build.
void Analyzer::CheckNameCollisions() {
  std::map<std::string, int> labels;  // label -> feature
  for (size_t f = 0; f < features_.size(); ++f) {
    auto [it, fresh] = labels.emplace(features_[f].label, static_cast<int>(f));
    if (fresh) continue;
    const FeatureInfo& first = features_[it->second];
    // Two features of one name are DS2002 already.
    if (first.decl->name.text == features_[f].decl->name.text) continue;
    diags_
        ->Report(DiagKind::kDuplicateLabel, features_[f].decl->name.span, features_[f].label,
                 first.decl->name.text, features_[f].decl->name.text)
        .Secondary(first.decl->name.span, "the first feature with it")
        .Note(
            "a label names the feature's copies, its routes and its header value: two "
            "features with one label would overwrite each other")
        .Help("give one of them another `label`");
  }
  // Hashed, on views of the model's names: a sorted map of copies was a twentieth of
  // `dsc check` at 10,000 services. (Diagnostics follow the entities' order, not the
  // table's.)
  std::unordered_map<std::string_view, const Entity*> names;  // Kubernetes name -> entity
  names.reserve(entities_.size());
  auto describe = [&](const Entity& e) {
    std::string what = e.kind == EntityKind::kService ? "service" : "infra";
    if (e.fork)
      return fmt::format("the fork of `{}` in feature `{}`", e.name,
                         features_[e.feature].decl->name.text);
    if (e.feature >= 0)
      return fmt::format("infra `{}` of feature `{}`", e.name,
                         features_[e.feature].decl->name.text);
    return fmt::format("{} `{}`", what, e.name);
  };
  for (const Entity& entity : entities_) {
    if (entity.external) continue;
    const std::string& k8s_name = entity.kind == EntityKind::kService
                                      ? model_.services[entity.model_index].k8s_name
                                      : model_.infra[entity.model_index].k8s_name;
    auto [it, fresh] = names.emplace(k8s_name, &entity);
    if (fresh) continue;
    // Two features with one label are reported once, above.
    const Entity& other = *it->second;
    if (entity.feature >= 0 && other.feature >= 0 && entity.feature != other.feature &&
        features_[entity.feature].label == features_[other.feature].label)
      continue;
    Span span = entity.fork ? entity.fork->name.span : entity.decl->name.span;
    Span other_span = other.fork ? other.fork->name.span : other.decl->name.span;
    diags_
        ->Report(DiagKind::kNameCollision, span, "workload", k8s_name, describe(other),
                 describe(entity))
        .Secondary(other_span, "the other one")
        .Help("rename one of them, or give the feature another `label`");
  }
}

void Analyzer::CheckLabels(const Value* labels) {
  if (!labels || !labels->ok()) return;
  for (const MapEntry& entry : labels->entries) {
    std::string problem = LabelKeyProblem(entry.key);
    if (!problem.empty())
      diags_->Report(DiagKind::kInvalidLabel, entry.key_span, "key", entry.key, problem);
    if (!entry.value.ok()) continue;
    problem = LabelValueProblem(entry.value.text);
    if (!problem.empty()) {
      diags_->Report(DiagKind::kInvalidLabel, entry.value.span, "value", entry.value.text, problem);
    }
  }
}

// In the baseline, and in each feature (baseline services it does not fork,
// plus its forks), one host+path must lead to one service. A fork sharing its
// baseline's route is the point of a fork: header routing tells them apart.
namespace {
struct HostPathHash {
  size_t operator()(const std::pair<std::string_view, std::string_view>& key) const {
    std::hash<std::string_view> h;
    return h(key.first) * 31 + h(key.second);
  }
};
}  // namespace

void Analyzer::CheckRouteConflicts() {
  std::set<std::tuple<std::string, std::string, std::string, std::string>> reported;
  for (int scope = -1; scope < static_cast<int>(features_.size()); ++scope) {
    // (host, path) -> the first service routed there, hashed on views of the model's
    // strings (as above; diagnostics follow the entities' order).
    std::unordered_map<std::pair<std::string_view, std::string_view>,
                       std::pair<const model::Service*, Span>, HostPathHash>
        owners;
    owners.reserve(model_.services.size());
    for (const Entity& entity : entities_) {
      if (entity.kind != EntityKind::kService || entity.external) continue;
      if (entity.feature >= 0 && entity.feature != scope) continue;
      if (entity.feature < 0 && scope >= 0 && features_[scope].forks.count(entity.name)) continue;
      const model::Service& service = model_.services[entity.model_index];
      for (const model::Route& route : service.routes) {
        auto key = std::make_pair(std::string_view(route.host), std::string_view(route.path));
        auto [it, fresh] = owners.emplace(key, std::make_pair(&service, route.span));
        const model::Service* owner = it->second.first;
        if (fresh || owner->name == service.name) continue;
        auto id = std::make_tuple(route.host, route.path, std::min(owner->name, service.name),
                                  std::max(owner->name, service.name));
        if (!reported.insert(id).second) continue;
        diags_
            ->Report(DiagKind::kRouteConflict, route.span, route.host, route.path, owner->name,
                     service.name)
            .Secondary(it->second.second, fmt::format("`{}` claims it here", owner->name))
            .Help("give one of them another host or path");
      }
    }
  }
}

// Each feature gives each routed baseline service a preview host (by default
// `<service>-<label>.<domain>`), routed on the paths of the service it reaches there (its
// fork, or the baseline). Two can be spelled alike (`a-b` in feature `c`, `a` in feature
// `b-c`), and a pattern without `${service}` gives all of a feature's services one host:
// Traefik would tie on a path two of them share and reach either service.
void Analyzer::CheckPreviewHostConflicts() {
  struct Preview {
    int feature;
    const std::string* service;
  };
  std::map<std::pair<std::string, std::string>, Preview> owners;  // (host, path) -> preview
  std::set<std::string> reported;
  for (size_t f = 0; f < features_.size(); ++f) {
    for (const Entity& base : entities_) {
      if (base.kind != EntityKind::kService || base.external || base.feature >= 0) continue;
      auto fork = features_[f].forks.find(base.name);
      const Entity& target = fork == features_[f].forks.end() ? base : entities_[fork->second];
      const model::Service& service = model_.services[target.model_index];
      std::string host = PreviewHost(model_.fleet, service, features_[f].label);
      if (service.routes.empty() || !OverlongLabel(host).empty()) continue;
      for (const model::Route& route : service.routes) {
        Preview preview{static_cast<int>(f), &base.name};
        auto [it, fresh] = owners.emplace(std::make_pair(host, route.path), preview);
        if (fresh || *it->second.service == base.name || !reported.insert(host).second) continue;
        const FeatureInfo& other = features_[it->second.feature];
        auto& d = diags_->Report(DiagKind::kRouteConflict, features_[f].decl->name.span, host,
                                 route.path, *it->second.service, base.name);
        if (it->second.feature == preview.feature) {
          d.Note(fmt::format("the preview host pattern `{}` gives every routed service of a "
                             "feature one host, and `{}` and `{}` are both routed on `{}`",
                             PreviewHostPattern(model_.fleet, service), *it->second.service,
                             base.name, route.path))
              .Help(
                  "put `${service}` in `preview_host`, or route the services on different "
                  "paths");
          continue;
        }
        d.Secondary(other.decl->name.span,
                    fmt::format("feature `{}` gives `{}` the same preview host",
                                other.decl->name.text, *it->second.service))
            .Note(fmt::format("the preview host of `{}` in this feature (label `{}`) and of `{}` "
                              "in feature `{}` (label `{}`) are both `{}`",
                              base.name, features_[f].label, *it->second.service,
                              other.decl->name.text, other.label, host))
            .Help("give one of the features another `label`");
      }
    }
  }
}

}  // namespace dsc::sema
