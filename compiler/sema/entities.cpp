// Services and infra, evaluated on demand (a reference pulls in what it names)
// and turned into model structs. Forks re-evaluate their baseline's body in the
// feature's scope, so references inside it resolve to the feature's copies.
#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "compiler/sema/analyzer.h"

namespace dsc::sema {
namespace {

// Entry index by key, for merging maps of any size in linear time.
std::unordered_map<std::string_view, size_t> IndexOf(const Value& map) {
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(map.entries.size());
  for (size_t i = 0; i < map.entries.size(); ++i) index.emplace(map.entries[i].key, i);
  return index;
}

bool MergesKeyByKey(const std::string& key, const Value& base, const Value& overrides) {
  return base.kind == ValueKind::kMap && overrides.kind == ValueKind::kMap &&
         (key == "env" || key == "labels");
}

// A fork's maps (env, labels) merge key by key; every other field replaces.
void MergeOverrides(Value& base, const Value& overrides) {
  for (const MapEntry& entry : overrides.entries) {
    Value* existing = base.GetMutable(entry.key);
    if (existing && MergesKeyByKey(entry.key, *existing, entry.value)) {
      auto index = IndexOf(*existing);
      std::vector<MapEntry> added;
      for (const MapEntry& item : entry.value.entries) {
        if (auto it = index.find(item.key); it != index.end()) {
          existing->entries[it->second].value = item.value;
        } else {
          added.push_back(item);
        }
      }
      existing->entries.insert(existing->entries.end(), added.begin(), added.end());
    } else if (existing) {
      *existing = entry.value;
    } else {
      base.entries.push_back(entry);
    }
  }
}

// The spans of the baseline values a fork's overrides replace: whole fields, or single
// entries of `env` and `labels` (merged key by key, as MergeOverrides does).
std::vector<Span> OverriddenSpans(const Value& base, const Value& overrides) {
  std::vector<Span> spans;
  for (const MapEntry& entry : overrides.entries) {
    const Value* existing = base.Get(entry.key);
    if (!existing) continue;
    if (!MergesKeyByKey(entry.key, *existing, entry.value)) {
      spans.push_back(existing->span);
      continue;
    }
    auto index = IndexOf(*existing);
    for (const MapEntry& item : entry.value.entries) {
      if (auto it = index.find(item.key); it != index.end())
        spans.push_back(existing->entries[it->second].value.span);
    }
  }
  return spans;
}

bool SameDiagnostic(const Diagnostic& a, const Diagnostic& b) {
  return a.kind == b.kind && a.span.file == b.span.file && a.span.begin == b.span.begin &&
         a.span.end == b.span.end && a.message == b.message;
}

bool Within(Span inner, Span outer) {
  return inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

}  // namespace

Scope Analyzer::ScopeFor(int id) const {
  const Entity& entity = entities_[id];
  Scope scope;
  scope.module = entity.module;
  scope.feature = entity.feature;
  scope.current = id;
  return scope;
}

Scope Analyzer::ForkScope(int id) const {
  Scope scope = ScopeFor(id);
  scope.module = entities_[id].fork_module;
  return scope;
}

std::string Analyzer::NamespaceFor(const Entity& entity) const {
  if (entity.external) return module_fleets_[entity.module].at("namespace").text;
  if (entity.feature >= 0) return model_.features[entity.feature].namespace_;
  return model_.fleet.namespace_;
}

void Analyzer::EnsureEvaluated(int id) {
  if (entities_[id].state != EvalState::kPending) return;
  entities_[id].state = EvalState::kInProgress;
  if (entities_[id].kind == EntityKind::kService) {
    EvaluateService(id);
  } else {
    EvaluateInfra(id);
  }
  entities_[id].state = EvalState::kDone;
}

void Analyzer::EvaluateService(int id) {
  Entity& entity = entities_[id];
  Scope scope = ScopeFor(id);
  model::Service service;
  service.name = entity.name;
  service.feature = entity.feature;
  service.external = entity.external;
  service.span = entity.decl->span;
  service.k8s_name =
      entity.fork ? entity.name + "-" + features_[entity.feature].label : entity.name;
  service.namespace_ = NamespaceFor(entity);
  if (!entity.fork) {
    Value fields =
        EvalRecord(entity.decl->body, schemas_.service, scope, true, entity.decl->name.span);
    BuildService(fields, &service);
  } else {
    // The baseline's own diagnostics were reported with the baseline; keep what
    // concerns the fork block itself, and what its overrides break in the
    // baseline's fields (a route to a port the fork renumbered), moved to the fork.
    DiagnosticSink evaluated, baseline_alone, merged;
    DiagnosticSink* real = diags_;
    diags_ = &evaluated;
    size_t baseline_edges = model_.edges.size();
    Value fields =
        EvalRecord(entity.decl->body, schemas_.service, scope, true, entity.decl->name.span);
    size_t fork_edges = model_.edges.size();
    Value overrides =
        EvalRecord(entity.fork->body, schemas_.service, ForkScope(id), false, entity.fork->span);
    // The fork depends on what its own fields reference: a baseline value it overrides
    // is not deployed with it, nor are the entities that value named.
    std::vector<Span> replaced = OverriddenSpans(fields, overrides);
    // Values never overlap: sorted by where they begin, the one that can hold an edge's
    // reference is the last that begins at or before it.
    std::sort(replaced.begin(), replaced.end(),
              [](Span a, Span b) { return std::tie(a.file, a.begin) < std::tie(b.file, b.begin); });
    auto first = model_.edges.begin() + static_cast<long>(baseline_edges);
    auto last = model_.edges.begin() + static_cast<long>(fork_edges);
    auto kept = std::remove_if(first, last, [&](const model::Edge& edge) {
      auto after = std::upper_bound(
          replaced.begin(), replaced.end(), edge.span,
          [](Span e, Span s) { return std::tie(e.file, e.begin) < std::tie(s.file, s.begin); });
      return after != replaced.begin() && Within(edge.span, *std::prev(after));
    });
    model_.edges.erase(kept, last);
    diags_ = &baseline_alone;
    model::Service unforked = service;
    BuildService(fields, &unforked);
    diags_ = &merged;
    MergeOverrides(fields, overrides);
    BuildService(fields, &service);
    diags_ = real;
    for (const Diagnostic& d : evaluated.diagnostics()) {
      if (Within(d.span, entity.fork->span)) diags_->Append(d);
    }
    std::vector<Diagnostic> unmatched(baseline_alone.diagnostics().begin(),
                                      baseline_alone.diagnostics().end());
    Span header{entity.fork->span.file, entity.fork->span.begin, entity.fork->name.span.end};
    for (const Diagnostic& d : merged.diagnostics()) {
      if (Within(d.span, entity.fork->span)) {
        diags_->Append(d);
        continue;
      }
      auto same = std::find_if(unmatched.begin(), unmatched.end(),
                               [&](const Diagnostic& u) { return SameDiagnostic(u, d); });
      if (same != unmatched.end()) {
        unmatched.erase(same);  // the baseline has it too, and reported it
        continue;
      }
      Diagnostic moved = d;
      moved.span = header;
      moved.span_label = "in this fork";
      moved.labels.insert(moved.labels.begin(),
                          {d.span, d.span_label.empty() ? "in the baseline" : d.span_label});
      moved.notes.push_back(fmt::format(
          "the baseline `{}` is fine here; the fork's overrides in feature `{}` make it wrong",
          entity.name, features_[entity.feature].decl->name.text));
      diags_->Append(moved);
    }
  }
  AddServiceExports(service);
  entity.exports_deferred = true;  // built again, as Values, if a reference needs them
  model_.services[entity.model_index] = std::move(service);
}

const Value& Analyzer::ExportsOf(int id) {
  Entity& entity = entities_[id];
  if (entity.exports_deferred) {
    entity.exports = ServiceExports(entity, model_.services[entity.model_index]);
    entity.exports_deferred = false;
  }
  return entity.exports;
}

void Analyzer::AddServiceExports(model::Service& service) const {
  // `<name>.<namespace>` resolves from every namespace of the cluster (through
  // the pods' `svc.<cluster domain>` search domain), so a fork in a feature's
  // own namespace reaches the baseline, and no cluster domain is assumed.
  std::string host = service.k8s_name + "." + service.namespace_;
  service.exports.reserve(5);
  service.exports.emplace_back("name", service.k8s_name);
  // Through Traefik: the first route's host (a fork's is its baseline's, so Traefik
  // chooses the version by the feature label), and its path unless `/`.
  std::string route_url;
  if (!service.routes.empty() && !service.routes.front().host.empty()) {
    const model::Route& route = service.routes.front();
    route_url = "http://" + route.host + (route.path == "/" ? "" : route.path);
  }
  if (service.ports.empty()) {
    service.exports.emplace_back("host", std::move(host));
  } else {
    std::string port = std::to_string(service.ports.front().ServicePort());
    std::string url = model_.fleet.calls_via_traefik && !route_url.empty()
                          ? route_url
                          : "http://" + host + ":" + port;
    service.exports.emplace_back("host", std::move(host));
    service.exports.emplace_back("port", std::move(port));
    service.exports.emplace_back("url", std::move(url));
  }
  if (!route_url.empty()) service.exports.emplace_back("route_url", std::move(route_url));
}

Value Analyzer::ServiceExports(const Entity& entity, const model::Service& service) const {
  // The model's list as Values: the same names and texts, `port` a number.
  Span span = entity.decl->name.span;
  Value exports;
  exports.kind = ValueKind::kMap;
  exports.entries.reserve(service.exports.size());
  for (const auto& [name, text] : service.exports) {
    exports.entries.push_back({name, span,
                               name == "port" ? IntValue(service.ports.front().ServicePort(), span)
                                              : StringValue(text, span)});
  }
  return exports;
}

void Analyzer::EvaluateInfra(int id) {
  Entity& entity = entities_[id];
  Scope scope = ScopeFor(id);
  const ast::Decl& decl = *entity.decl;
  model::Infra infra;
  infra.name = entity.name;
  infra.k8s_name =
      entity.feature >= 0 ? entity.name + "-" + features_[entity.feature].label : entity.name;
  infra.namespace_ = NamespaceFor(entity);
  infra.kind = decl.kind_ref.ToString();
  infra.feature = entity.feature;
  infra.external = entity.external;
  infra.span = decl.span;
  entity.exports.kind = ValueKind::kMap;
  // A fork evaluates its baseline's declaration again, whose diagnostics were reported
  // with the baseline: keep those of the fork's own block.
  DiagnosticSink fork_diags;
  DiagnosticSink* real = diags_;
  if (entity.fork) diags_ = &fork_diags;
  const KindInfo* kind = LookupKind(decl.kind_ref, entity.module, decl.kind_ref.span);
  if (kind && kind->category != "infra") {
    diags_
        ->Report(DiagKind::kWrongKindCategory, decl.kind_ref.span, infra.kind, kind->category,
                 "infra")
        .Help("`infra` takes kinds such as `aws.sqs` or `db.postgres`");
    kind = nullptr;
  }
  if (!kind) {
    entity.poisoned = true;
  } else {
    Scope fork_scope = entity.fork ? ForkScope(id) : scope;
    std::optional<KindInstance> instance = Instantiate(
        *kind, infra.kind, decl.has_body ? &decl.body : nullptr, scope, infra.k8s_name,
        infra.namespace_, decl.name.span, entity.fork ? &entity.fork->body : nullptr, &fork_scope);
    for (const auto& p : kind->params) {
      const Value& v = instance->params[p.name];
      if (v.ok() && v.kind != ValueKind::kList && v.kind != ValueKind::kMap) {
        infra.params.emplace_back(p.name, v.ToText());
      }
    }
    entity.exports = instance->exports;
    for (const MapEntry& e : instance->exports.entries) {
      if (e.value.ok() && e.value.kind != ValueKind::kSecret)
        infra.exports.emplace_back(e.key, e.value.ToText());
    }
    if (instance->provision) {
      model::Job job;
      const Value& p = *instance->provision;
      if (const Value* v = p.Get("image"); v && v->ok()) job.image = v->text;
      for (const char* list : {"command", "args"}) {
        const Value* v = p.Get(list);
        if (!v || !v->ok()) continue;
        for (const Value& item : v->items)
          (std::string_view(list) == "command" ? job.command : job.args).push_back(item.text);
      }
      job.env = BuildEnv(p.Get("env"));
      infra.provision = std::move(job);
    }
    if (instance->workload) {
      model::Workload workload;
      BuildWorkload(*instance->workload, infra.k8s_name, &workload);
      infra.workload = std::move(workload);
    }
  }
  diags_ = real;
  if (entity.fork) {
    for (const Diagnostic& d : fork_diags.diagnostics()) {
      if (Within(d.span, entity.fork->span)) diags_->Append(d);
    }
    CheckForkIsNotBaseline(entity, infra);
  }
  model_.infra[entity.model_index] = std::move(infra);
}

void Analyzer::CheckForkIsNotBaseline(const Entity& fork, const model::Infra& infra) {
  // A baseline that names its resource itself (`queue = "orders"`) gives the fork that
  // name too, unless the fork sets its own: then both are one queue, shared.
  EnsureEvaluated(fork.base);
  const model::Infra& base = model_.infra[entities_[fork.base].model_index];
  if (infra.exports.empty() || infra.exports != base.exports) return;
  std::vector<std::string> fixed;
  for (const ast::Member& member : fork.decl->body.members) {
    bool overridden = false;
    for (const ast::Member& own : fork.fork->body.members)
      overridden |= own.key.text == member.key.text;
    if (!overridden && member.kind == ast::MemberKind::kAssign)
      fixed.push_back("`" + member.key.text + "`");
  }
  auto& d = diags_->Report(DiagKind::kForkIsBaseline, fork.fork->name.span, fork.name,
                           features_[fork.feature].decl->name.text, infra.kind);
  d.Secondary(fork.decl->name.span, "the baseline");
  d.Help(fixed.empty() ? std::string("give the fork's instance a name of its own in the fork block")
                       : fmt::format("the baseline sets {}; set a value of the feature's own in "
                                     "the fork block",
                                     fmt::join(fixed, ", ")));
}

}  // namespace dsc::sema
