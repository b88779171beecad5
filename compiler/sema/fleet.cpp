// The fleet header, module fleets (for another team's file) and TTLs.
#include <algorithm>
#include <filesystem>
#include <set>

#include "compiler/sema/analyzer.h"
#include "compiler/sema/names.h"
#include "compiler/sema/preview_host.h"

namespace dsc::sema {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kDay = 24 * 60 * kMinute;
constexpr int64_t kMinTtl = 10 * kMinute;
constexpr int64_t kMaxMaxTtl = 365 * kDay;

std::string FormatDuration(int64_t ms) {
  if (ms % kDay == 0) return std::to_string(ms / kDay) + "d";
  if (ms % (60 * kMinute) == 0) return std::to_string(ms / (60 * kMinute)) + "h";
  if (ms % kMinute == 0) return std::to_string(ms / kMinute) + "m";
  return std::to_string(ms / 1000) + "s";
}

const std::string& TextOr(const Value* value, const std::string& fallback) {
  return value && value->ok() ? value->text : fallback;
}

}  // namespace

void Analyzer::CheckFleet() {
  model::Fleet& fleet = model_.fleet;
  const ast::Decl* decl = nullptr;
  for (const auto& d : entry_.file.decls) {
    if (d->kind != ast::DeclKind::kFleet) continue;
    if (decl) {
      diags_->Report(DiagKind::kDuplicateFleet, d->name.span)
          .Secondary(decl->name.span, "the first `fleet` declaration")
          .Help("a fleet file has exactly one `fleet` header");
      continue;
    }
    decl = d.get();
  }
  fleet.ttl_ms = 7 * kDay;
  fleet.max_ttl_ms = 30 * kDay;
  if (!decl) {
    if (as_ == AnalyzeAs::kFleet) {
      diags_->Report(DiagKind::kMissingFleet, Span{entry_.file.file, 0, 0}, entry_.path)
          .Help("start the file with `fleet NAME { namespace = \"…\" }`");
    }
    fleet.name = std::filesystem::path(entry_.path).stem().string();
    fleet.namespace_ = fleet.name;
    fleet.domain = fleet.name + ".localtest.me";
  } else {
    fleet.name = decl->name.text;
    fleet.span = decl->span;
    CheckK8sName(fleet.name, decl->name.span, "fleet name", false);
    Value fields = EvalRecord(decl->body, schemas_.fleet, ModuleScope(0), true, decl->span);
    fleet.namespace_ = TextOr(fields.Get("namespace"), fleet.name);
    fleet.domain = TextOr(fields.Get("domain"), fleet.name + ".localtest.me");
    fleet.routing_header = TextOr(fields.Get("routing_header"), fleet.routing_header);
    if (const Value* v = fields.Get("namespace"); v && v->ok()) {
      CheckK8sName(v->text, v->span, "namespace", false);
    }
    if (const Value* v = fields.Get("domain"); v && v->ok()) {
      std::string problem = HostProblem(v->text);
      if (!problem.empty()) {
        auto& d = diags_->Report(DiagKind::kInvalidHost, v->span, v->text, problem);
        if (v->text.find("://") != std::string::npos) {
          d.Help("write the bare domain, without the scheme: `shop.localtest.me`");
        }
      }
    }
    if (const Value* v = fields.Get("routing_header"); v && v->ok() && !IsHeaderName(v->text)) {
      diags_->Report(DiagKind::kInvalidHeaderName, v->span, v->text)
          .Help(
              "a header name is letters, digits and the symbols ! # $ % & ' * + - . ^ _ | ~, "
              "e.g. `x-devstack-label`");
    }
    fleet.routing = CheckChoice(fields.Get("routing"), {"header", "baggage"},
                                std::string(model::NameOf(fleet.routing))) == "baggage"
                        ? model::RoutingMode::kBaggage
                        : model::RoutingMode::kHeader;
    fleet.traefik = *model::ParseTraefikVersion(CheckChoice(
        fields.Get("traefik"), {"v2", "v3"}, std::string(model::NameOf(fleet.traefik))));
    fleet.calls_via_traefik =
        CheckChoice(fields.Get("calls"), {"direct", "traefik"}, "direct") == "traefik";
    if (const Value* v = fields.Get("traefik_address"); v && v->ok()) {
      if (IsIpAddress(v->text)) {
        fleet.traefik_address = v->text;
      } else {
        diags_->Report(DiagKind::kInvalidAddress, v->span, v->text)
            .Help(
                "give the ClusterIP of Traefik's Service (pin it with the Service's "
                "`spec.clusterIP`), e.g. `10.96.0.80`");
      }
    }
    if (const Value* v = fields.Get("entry_points"); v && v->ok()) {
      std::vector<std::string> points;
      for (const Value& item : v->items) {
        if (!item.ok()) continue;
        CheckK8sName(item.text, item.span, "entry point", false);
        points.push_back(item.text);
      }
      if (points.empty()) {
        diags_->Report(DiagKind::kTypeMismatch, v->span, "at least one entry point", "`[]`")
            .Help("name the Traefik entry points routes listen on, e.g. `[\"web\"]`");
      } else {
        fleet.entry_points = std::move(points);
      }
    }
    if (const Value* v = fields.Get("preview_host"); v && v->ok() && CheckPreviewHostPattern(*v)) {
      fleet.preview_host = v->text;
    }
    if (const Value* v = fields.Get("service_port"); v && v->ok()) {
      if (v->number < 1 || v->number > 65535) {
        diags_->Report(DiagKind::kPortOutOfRange, v->span, v->number)
            .Help("the port every single-port Service listens on, e.g. `service_port = 80`");
      } else {
        fleet.service_port = static_cast<int>(v->number);
      }
    }
    BuildPodSettings(fields.Get("pod"), &fleet.pod);
    if (const Value* v = fields.Get("ephemeral"); v && v->ok()) fleet.ephemeral = v->flag;
    const Value* max_ttl = fields.Get("max_ttl");
    if (max_ttl && max_ttl->ok()) {
      if (max_ttl->number < kMinTtl || max_ttl->number > kMaxMaxTtl) {
        diags_->Report(DiagKind::kTtlOutOfBounds, max_ttl->span, max_ttl->text,
                       "`max_ttl` must be between 10m and 365d");
      } else {
        fleet.max_ttl_ms = max_ttl->number;
      }
    }
    const Value* ttl = fields.Get("ttl");
    CheckTtl(ttl, "fleet TTL");
    if (ttl && ttl->ok()) fleet.ttl_ms = ttl->number;
    if (!ttl && fleet.ttl_ms > fleet.max_ttl_ms) {
      // Only a valid `max_ttl` lowers the bound, so `max_ttl` is set here.
      diags_
          ->Report(DiagKind::kTtlOutOfBounds, max_ttl->span, FormatDuration(fleet.ttl_ms),
                   fmt::format("the fleet's `max_ttl` is {}", FormatDuration(fleet.max_ttl_ms)))
          .Label(fmt::format("below the default fleet `ttl` of {}", FormatDuration(fleet.ttl_ms)))
          .Note(
              "the fleet sets no `ttl`, so the default applies to it and to every feature "
              "without a `ttl` of its own")
          .Help("set `ttl` in the fleet header to at most `max_ttl`, or raise `max_ttl`");
    }
    if (const Value* labels = fields.Get("labels")) {
      CheckLabels(labels);
      for (const MapEntry& e : labels->entries) fleet.labels.emplace_back(e.key, e.value.text);
    }
    CheckLintBlock(fields.Get("lint"));
  }
  // `fleet.*` as seen from each module: member files see this fleet; another
  // team's file sees its own header.
  std::map<std::string, Value> entry_view = {
      {"name", StringValue(fleet.name, fleet.span)},
      {"namespace", StringValue(fleet.namespace_, fleet.span)},
      {"domain", StringValue(fleet.domain, fleet.span)},
      {"routing_header", StringValue(fleet.routing_header, fleet.span)}};
  for (size_t m = 0; m < modules_.modules.size(); ++m) {
    const Module& module = modules_.modules[m];
    module_fleets_[m] = entry_view;
    if (m == 0 || !module.fleet) continue;
    Value fields = EvalRecord(module.fleet->body, schemas_.fleet, ModuleScope(static_cast<int>(m)),
                              true, module.fleet->span);
    const std::string& name = module.fleet->name.text;
    module_fleets_[m]["name"] = StringValue(name, module.fleet->span);
    module_fleets_[m]["namespace"] =
        StringValue(TextOr(fields.Get("namespace"), name), module.fleet->span);
    module_fleets_[m]["domain"] =
        StringValue(TextOr(fields.Get("domain"), name + ".localtest.me"), module.fleet->span);
  }
  // A file without a header that another team's fleet file deploys sees that fleet's
  // header, not this one.
  for (size_t f = 0; f < fleet_members_.size(); ++f) {
    for (int member : fleet_members_[f]) module_fleets_[member] = module_fleets_[f];
  }
}

std::string Analyzer::CheckChoice(const Value* value,
                                  std::initializer_list<std::string_view> choices,
                                  const std::string& fallback) {
  if (!value || !value->ok()) return fallback;
  for (std::string_view choice : choices) {
    if (value->text == choice) return value->text;
  }
  std::string listed;
  for (std::string_view choice : choices) {
    listed += listed.empty() ? "" : " or ";
    listed += fmt::format("`\"{}\"`", choice);
  }
  diags_->Report(DiagKind::kInvalidChoice, value->span, value->text, listed)
      .Help(fmt::format("write one of {}", listed));
  return fallback;
}

void Analyzer::CheckTtl(const Value* ttl, std::string_view what) {
  if (!ttl || !ttl->ok()) return;
  if (ttl->number < kMinTtl) {
    diags_
        ->Report(DiagKind::kTtlOutOfBounds, ttl->span, ttl->text,
                 fmt::format("a {} must be at least 10m", what))
        .Help("shorter-lived copies would be collected before they are ready");
  } else if (ttl->number > model_.fleet.max_ttl_ms) {
    diags_
        ->Report(
            DiagKind::kTtlOutOfBounds, ttl->span, ttl->text,
            fmt::format("the fleet's `max_ttl` is {}", FormatDuration(model_.fleet.max_ttl_ms)))
        .Help("shorten the TTL, or raise `max_ttl` in the fleet header");
  }
}

// `lint { DL101 = "off", image-untagged = "error" }`: severities for
// `dsc lint`. Checked here so that a typo fails `dsc check` too, instead of
// silently leaving a rule at its default.
// `preview_host = "demo-${label}.dev.com"`: the placeholders were checked as the string
// was evaluated; here, that each feature gets its own host and that it is a host.
bool Analyzer::CheckPreviewHostPattern(const Value& pattern) {
  if (pattern.text.find("${label}") == std::string::npos) {
    diags_
        ->Report(DiagKind::kInvalidPreviewHost, pattern.span,
                 "it has no `${label}`, so every feature would get the same host")
        .Help(fmt::format("put the feature's label in it, e.g. `\"${{label}}-{}\"`", pattern.text));
    return false;
  }
  model::Service sample;
  sample.name = "service";
  sample.preview_host = pattern.text;
  std::string host = PreviewHost(model_.fleet, sample, "label");
  if (std::string problem = HostProblem(host); !problem.empty()) {
    diags_
        ->Report(
            DiagKind::kInvalidPreviewHost, pattern.span,
            fmt::format("filled in, it is `{}`, which is not a valid host name: {}", host, problem))
        .Help("write a host name with placeholders: `${service}-${label}.${fleet.domain}`");
    return false;
  }
  return true;
}

void Analyzer::CheckLintBlock(const Value* lint) {
  if (!lint || !lint->ok()) return;
  std::vector<std::string> rules;
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) \
  rules.push_back(Code);                                    \
  rules.push_back(RuleName);
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
  for (const MapEntry& entry : lint->entries) {
    if (std::find(rules.begin(), rules.end(), entry.key) == rules.end()) {
      auto& d = diags_->Report(DiagKind::kUnknownLintRule, entry.key_span, entry.key);
      ReportDidYouMean(d, entry.key, rules);
      if (d.help.empty()) d.Help("`dsc lint --list-rules` lists every rule's code and name");
      continue;
    }
    std::string severity = CheckChoice(&entry.value, {"error", "warning", "info", "off"}, "");
    if (severity.empty()) continue;
    model_.fleet.lint.push_back({entry.key, severity, entry.key_span});
  }
}

void Analyzer::CheckFeatures() {
  for (size_t f = 0; f < features_.size(); ++f) {
    model::Feature& feature = model_.features[f];
    for (const auto& [name, id] : features_[f].forks)
      feature.forks.push_back(entities_[id].model_index);
    for (const auto& [name, id] : features_[f].infra)
      feature.infra.push_back(entities_[id].model_index);
    std::sort(feature.forks.begin(), feature.forks.end());
    std::sort(feature.infra.begin(), feature.infra.end());
    UseSecretClones(static_cast<int>(f));
  }
}

// A feature's forks and infra read its clone of each Secret in `clone_secrets` (Devstack's
// secret cloner: the developer may edit `<name>-<label>` without touching the baseline's).
void Analyzer::UseSecretClones(int f) {
  model::Feature& feature = model_.features[f];
  if (feature.cloned_secrets.empty()) return;
  std::set<std::string> read;
  auto rewrite = [&](std::vector<model::EnvVar>& env) {
    for (model::EnvVar& var : env) {
      if (!var.from_secret || !features_[f].clones.count(var.secret_name)) continue;
      read.insert(var.secret_name);
      var.secret_name += "-" + feature.label;
    }
  };
  for (int s : feature.forks) rewrite(model_.services[s].env);
  for (int i : feature.infra) {
    model::Infra& infra = model_.infra[i];
    if (infra.workload) rewrite(infra.workload->env);
    if (infra.provision) rewrite(infra.provision->env);
  }
  for (const auto& [name, span] : features_[f].clones) {
    if (read.count(name)) continue;
    diags_->Report(DiagKind::kUnusedSecretClone, span, feature.name, name)
        .Help(fmt::format("fork the service that reads `{}` in the feature, or remove it from "
                          "`clone_secrets`",
                          name));
  }
}

}  // namespace dsc::sema
