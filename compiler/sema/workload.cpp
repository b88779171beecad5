// Checked records -> model::Workload / model::Service, with the checks that
// belong to one workload: image, ports, replicas, env, resources, probes,
// routes and the dev block.
#include <algorithm>
#include <filesystem>

#include "compiler/sema/analyzer.h"
#include "compiler/sema/names.h"
#include "compiler/source/file_system.h"
#include "compiler/source/unicode_names.h"

namespace dsc::sema {

// RFC 3986 path characters (unreserved, sub-delims, `:` `@`, `%` for
// percent-encoding, and `/`): the same prefix under Traefik v2 and v3.
constexpr const char* kPathCharacters =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "/-._~!$&'()*+,;=:@%";

namespace {

constexpr int kMaxReplicas = 100;
constexpr int64_t kMaxInt32 = 2147483647;

std::vector<std::string> Strings(const Value* list) {
  std::vector<std::string> out;
  if (!list || !list->ok()) return out;
  for (const Value& item : list->items) out.push_back(item.text);
  return out;
}

int64_t DurationOr(const Value* v, int64_t fallback) { return v && v->ok() ? v->number : fallback; }

}  // namespace

void Analyzer::BuildPodSettings(const Value* pod, model::PodSettings* out) {
  if (!pod || !pod->ok()) return;
  if (const Value* v = pod->Get("node_selector"); v && v->ok()) {
    CheckLabels(v);
    out->node_selector.clear();
    for (const MapEntry& e : v->entries) {
      if (e.value.ok()) out->node_selector.emplace_back(e.key, e.value.text);
    }
  }
  if (const Value* v = pod->Get("annotations"); v && v->ok()) {
    out->annotations.clear();
    for (const MapEntry& e : v->entries) {
      std::string problem = LabelKeyProblem(e.key);
      if (!problem.empty())
        diags_->Report(DiagKind::kInvalidLabel, e.key_span, "key", e.key, problem)
            .Note("annotation keys follow the rules of label keys");
      if (e.value.ok()) out->annotations.emplace_back(e.key, e.value.text);
    }
  }
  if (const Value* v = pod->Get("image_pull_secrets"); v && v->ok()) {
    out->image_pull_secrets.clear();
    for (const Value& item : v->items) {
      if (!item.ok()) continue;
      std::string problem = SubdomainProblem(item.text);
      if (!problem.empty()) {
        diags_->Report(DiagKind::kInvalidSecretRef, item.span, item.text, "name", problem);
        continue;
      }
      out->image_pull_secrets.push_back(item.text);
    }
  }
  if (const Value* v = pod->Get("service_account"); v && v->ok()) {
    CheckK8sName(v->text, v->span, "service account", false);
    out->service_account = v->text;
  }
  if (const Value* v = pod->Get("tolerations"); v && v->ok()) {
    out->tolerations.clear();
    for (const Value& item : v->items) {
      if (!item.ok()) continue;
      model::Toleration t;
      auto text = [&](const char* field) {
        const Value* f = item.Get(field);
        return f && f->ok() ? f->text : std::string();
      };
      t.key = text("key");
      t.value = text("value");
      t.operator_ = CheckChoice(item.Get("operator"), {"Equal", "Exists"}, "");
      t.effect =
          CheckChoice(item.Get("effect"), {"NoSchedule", "PreferNoSchedule", "NoExecute"}, "");
      if (t.operator_ == "Exists" && !t.value.empty()) {
        diags_
            ->Report(DiagKind::kTypeMismatch, item.Get("value")->span,
                     "no `value` with `operator = \"Exists\"`", "a value")
            .Help("`Exists` tolerates any value of the key: drop `value`, or use `Equal`");
      }
      if (t.key.empty() && t.operator_ != "Exists") {
        diags_->Report(DiagKind::kTypeMismatch, item.span, "a `key`", "a toleration without one")
            .Help("only `operator = \"Exists\"` may leave out the key (it tolerates every taint)");
      }
      out->tolerations.push_back(std::move(t));
    }
  }
}

void Analyzer::BuildWorkload(const Value& fields, const std::string& owner, model::Workload* out) {
  out->pod = model_.fleet.pod;
  if (const Value* image = fields.Get("image"); image && image->ok()) {
    out->image = image->text;
    std::string problem = ImageProblem(image->text);
    if (!problem.empty()) {
      diags_->Report(DiagKind::kMalformedImage, image->span, image->text, problem)
          .Help("an image looks like `ghcr.io/acme/api:1.4.2` or `postgres:16`");
    }
  }
  if (const Value* ports = fields.Get("ports"); ports && ports->ok()) {
    std::map<int64_t, Span> seen;
    for (const MapEntry& entry : ports->entries) {
      if (!entry.value.ok()) continue;
      int64_t number = entry.value.number;
      std::string problem = PortNameProblem(entry.key);
      if (!problem.empty()) {
        diags_->Report(DiagKind::kInvalidPortName, entry.key_span, entry.key, problem)
            .Help("port names are Kubernetes IANA service names, like `http` or `grpc-api`");
      }
      if (number < 1 || number > 65535) {
        diags_->Report(DiagKind::kPortOutOfRange, entry.value.span, number)
            .Help("a TCP port is a number from 1 to 65535, e.g. `http = 8080`");
        // Kept (nothing is emitted after an error), so that routes and probes that use the
        // service's ports raise no second, "no ports" error.
        number = std::clamp<int64_t>(number, 1, 65535);
      }
      auto [it, fresh] = seen.emplace(number, entry.value.span);
      if (!fresh) {
        diags_->Report(DiagKind::kDuplicatePort, entry.value.span, number, owner)
            .Secondary(it->second, "first declared here");
        continue;
      }
      out->ports.push_back({entry.key, static_cast<int>(number)});
    }
  }
  if (const Value* replicas = fields.Get("replicas"); replicas && replicas->ok()) {
    if (replicas->number < 0 || replicas->number > kMaxReplicas) {
      diags_->Report(DiagKind::kReplicasOutOfRange, replicas->span, kMaxReplicas, replicas->number);
    } else {
      out->replicas = static_cast<int>(replicas->number);
    }
  }
  out->command = Strings(fields.Get("command"));
  out->args = Strings(fields.Get("args"));
  out->env = BuildEnv(fields.Get("env"));
  if (const Value* resources = fields.Get("resources"); resources && resources->ok()) {
    CheckResources(resources);
    auto text = [&](const char* group, const char* which) -> std::string {
      const Value* g = resources->Get(group);
      const Value* v = g ? g->Get(which) : nullptr;
      return v && v->ok() ? v->text : "";
    };
    out->resources = {text("requests", "cpu"), text("requests", "memory"), text("limits", "cpu"),
                      text("limits", "memory")};
  }
  if (const Value* health = fields.Get("health"); health && health->ok()) {
    out->readiness = BuildProbe(health->Get("readiness"), *out, owner, "readiness");
    out->liveness = BuildProbe(health->Get("liveness"), *out, owner, "liveness");
    out->startup = BuildProbe(health->Get("startup"), *out, owner, "startup");
  }
  if (const Value* labels = fields.Get("labels"); labels && labels->ok()) {
    CheckLabels(labels);
    for (const MapEntry& e : labels->entries) out->labels.emplace_back(e.key, e.value.text);
  }
}

std::vector<model::EnvVar> Analyzer::BuildEnv(const Value* env) {
  std::vector<model::EnvVar> out;
  if (!env || !env->ok()) return out;
  for (const MapEntry& entry : env->entries) {
    if (!IsEnvName(entry.key)) {
      diags_->Report(DiagKind::kInvalidEnvName, entry.key_span, entry.key)
          .Help("use letters, digits and `_`, not starting with a digit, e.g. `DATABASE_URL`");
    }
    if (!entry.value.ok()) continue;
    model::EnvVar var;
    var.name = entry.key;
    if (entry.value.kind == ValueKind::kSecret) {
      var.from_secret = true;
      var.secret_name = entry.value.text;
      var.secret_key = entry.value.key;
    } else {
      var.value = entry.value.text;
      int origin = entry.value.origin_entity;
      if (origin >= 0 && entities_[origin].kind == EntityKind::kInfra) {
        var.infra = entities_[origin].model_index;
        var.infra_export = entry.value.origin_export;
      }
    }
    out.push_back(std::move(var));
  }
  return out;
}

void Analyzer::CheckResources(const Value* resources) {
  const Value* requests = resources->Get("requests");
  const Value* limits = resources->Get("limits");
  if (!requests || !limits || !requests->ok() || !limits->ok()) return;
  for (const char* which : {"cpu", "memory"}) {
    const Value* request = requests->Get(which);
    const Value* limit = limits->Get(which);
    if (!request || !limit || !request->ok() || !limit->ok()) continue;
    if (request->real > limit->real) {
      diags_->Report(DiagKind::kRequestAboveLimit, request->span, which, request->text, limit->text)
          .Secondary(limit->span, "the limit")
          .Help("Kubernetes rejects a pod whose request is above its limit");
    }
  }
}

std::optional<model::Probe> Analyzer::BuildProbe(const Value* probe, const model::Workload& w,
                                                 const std::string& owner, std::string_view which) {
  if (!probe || !probe->ok()) return std::nullopt;
  model::Probe out;
  int actions = 0;
  if (const Value* http = probe->Get("http"); http && http->ok()) {
    ++actions;
    out.action = model::Probe::Action::kHttp;
    out.http_path = http->text;
  }
  if (const Value* tcp = probe->Get("tcp"); tcp && tcp->ok() && tcp->flag) {
    ++actions;
    out.action = model::Probe::Action::kTcp;
  }
  if (const Value* exec = probe->Get("exec"); exec && exec->ok()) {
    ++actions;
    out.action = model::Probe::Action::kExec;
    out.exec = Strings(exec);
  }
  if (actions != 1) {
    diags_->Report(DiagKind::kProbeActionCount, probe->span, actions)
        .Help(fmt::format("e.g. `{} {{ http = \"/healthz\" }}`", which));
    return std::nullopt;
  }
  const Value* port = probe->Get("port");
  if (port && port->ok()) {
    out.port = static_cast<int>(port->number);
    if (port->number < 1 || port->number > 65535) {
      diags_->Report(DiagKind::kPortOutOfRange, port->span, port->number);
    }
  } else if (out.action != model::Probe::Action::kExec) {
    if (w.ports.empty()) {
      diags_->Report(DiagKind::kNoPorts, probe->span, owner, fmt::format("a {} probe", which))
          .Help("add `ports { http = 8080 }`, or give the probe a `port`");
      return std::nullopt;
    }
    out.port = w.ports.front().number;
  }
  // Kubernetes keeps each of these as a 32-bit int of seconds: a larger value would not
  // be refused by anyone before it wrapped.
  for (auto [field, ms] :
       {std::pair{"initial_delay", &out.initial_delay_ms}, std::pair{"period", &out.period_ms},
        std::pair{"timeout", &out.timeout_ms}}) {
    const Value* v = probe->Get(field);
    *ms = DurationOr(v, -1);
    if (*ms > kMaxInt32 * 1000) {
      diags_
          ->Report(DiagKind::kValueOutOfRange, v->span, field, v->text,
                   fmt::format("probes count it in whole seconds, at most {} (about 68 years)",
                               kMaxInt32))
          .Help(fmt::format("a {} probe's `{}` is seconds to minutes, e.g. `{} = 10s`", which,
                            field, field));
      *ms = -1;
    }
  }
  if (const Value* v = probe->Get("failure_threshold"); v && v->ok()) {
    if (v->number < 0) {
      diags_
          ->Report(DiagKind::kTypeMismatch, v->span, "an int of zero or more",
                   fmt::format("`{}`", v->number))
          .Help("`failure_threshold` counts failed probes; leave it out for the default of 3");
    } else if (v->number > kMaxInt32) {
      diags_
          ->Report(DiagKind::kValueOutOfRange, v->span, "failure_threshold",
                   std::to_string(v->number),
                   fmt::format("it is a 32-bit int, at most {}", kMaxInt32))
          .Help("`failure_threshold` counts failed probes; leave it out for the default of 3");
    } else {
      out.failure_threshold = static_cast<int>(v->number);
    }
  }
  return out;
}

// The Kubernetes Service's port for each container port: `service_ports { http = 80 }`
// (the Service listens on 80 and forwards to the container's `http`), or the fleet's
// `service_port` for a service with one port. It is what callers reach: `url`, `port`
// and the routes' backends use it; probes keep the container's.
void Analyzer::BuildServicePorts(const Value* service_ports, model::Service* out) {
  std::vector<model::Port>& ports = out->ports;
  if (!service_ports || !service_ports->ok()) {
    if (ports.size() == 1) ports.front().service_port = model_.fleet.service_port;
    return;
  }
  for (const MapEntry& entry : service_ports->entries) {
    if (!entry.value.ok()) continue;
    auto port = std::find_if(ports.begin(), ports.end(),
                             [&](const model::Port& p) { return p.name == entry.key; });
    if (port == ports.end()) {
      std::vector<std::string> names;
      for (const model::Port& p : ports) names.push_back(p.name);
      auto& d = diags_->Report(DiagKind::kUnknownServicePort, entry.key_span, entry.key, out->name);
      ReportDidYouMean(d, entry.key, names);
      if (d.help.empty()) {
        d.Help(names.empty()
                   ? std::string("declare the port in `ports` first")
                   : fmt::format("`{}` has the ports {}", out->name, fmt::join(names, ", ")));
      }
      continue;
    }
    if (entry.value.number < 1 || entry.value.number > 65535) {
      diags_->Report(DiagKind::kPortOutOfRange, entry.value.span, entry.value.number)
          .Help("a Service port is a number from 1 to 65535, e.g. `http = 80`");
      continue;
    }
    port->service_port = static_cast<int>(entry.value.number);
  }
  // Two of the Service's ports on one number: the apiserver refuses the Service.
  std::map<int, const model::Port*> taken;
  for (const model::Port& p : ports) {
    auto [it, fresh] = taken.emplace(p.ServicePort(), &p);
    if (fresh) continue;
    const Value* at = service_ports->Get(p.name);
    if (!at) at = service_ports->Get(it->second->name);
    Span span = at ? at->span : service_ports->span;  // container ports are unique: one is
    diags_->Report(DiagKind::kDuplicatePort, span, p.ServicePort(), out->name)
        .Note(fmt::format("the Service would serve both `{}` and `{}` on it", it->second->name,
                          p.name))
        .Help("give each port its own Service port");
  }
}

void Analyzer::BuildService(const Value& fields, model::Service* out) {
  BuildWorkload(fields, out->name, out);
  if (const Value* v = fields.Get("propagates"); v && v->ok()) out->propagates = v->flag;
  if (const Value* v = fields.Get("preview_host"); v && v->ok() && CheckPreviewHostPattern(*v)) {
    out->preview_host = v->text;
  }
  BuildPodSettings(fields.Get("pod"), &out->pod);
  BuildServicePorts(fields.Get("service_ports"), out);
  if (const Value* routes = fields.Get("route"); routes && routes->ok()) {
    for (const Value& route : routes->items) {
      if (!route.ok()) continue;
      model::Route r;
      r.span = route.span;
      if (const Value* host = route.Get("host"); host && host->ok()) {
        r.host = host->text;
        std::string problem = HostProblem(host->text);
        if (!problem.empty())
          diags_->Report(DiagKind::kInvalidHost, host->span, host->text, problem);
      }
      if (const Value* path = route.Get("path"); path && path->ok()) {
        r.path = path->text;
        if (r.path.empty() || r.path[0] != '/') {
          diags_->Report(DiagKind::kInvalidPath, path->span, r.path, "it must start with `/`")
              .Help(fmt::format("write `path = \"/{}\"`", r.path));
        } else if (size_t bad = r.path.find_first_not_of(kPathCharacters);
                   bad != std::string::npos) {
          // Traefik v2 reads `{…}` in PathPrefix as a regexp and v3 as text; `?`
          // and `#` never reach the router's path; the rest is not a URL path.
          diags_
              ->Report(DiagKind::kInvalidPath, path->span, r.path,
                       fmt::format("{} is not allowed in a path prefix",
                                   DescribeCharacter(std::string_view(r.path).substr(bad))))
              .Note(
                  "a path prefix is letters, digits, `/` and `-._~!$&'()*+,;=:@%`; "
                  "percent-encode anything else")
              .Help("route on the plain prefix, e.g. `/files`, and let the service parse the rest");
        }
      }
      if (const Value* port = route.Get("port"); port && port->ok()) {
        r.port = static_cast<int>(port->number);
        bool known = std::any_of(out->ports.begin(), out->ports.end(),
                                 [&](const model::Port& p) { return p.number == r.port; });
        if (!known && !out->ports.empty()) {
          std::vector<std::string> numbers;
          for (const model::Port& p : out->ports) numbers.push_back(std::to_string(p.number));
          diags_->Report(DiagKind::kUnknownRoutePort, port->span, r.port, out->name)
              .Help(fmt::format("`{}` listens on {}", out->name, fmt::join(numbers, ", ")));
        }
      }
      if (out->ports.empty()) {
        diags_->Report(DiagKind::kNoPorts, route.span, out->name, "a route")
            .Help("add `ports { http = 8080 }` so the route has somewhere to go");
      } else if (r.port == 0) {
        r.port = out->ports.front().number;
      }
      out->routes.push_back(std::move(r));
    }
  }
  if (const Value* dev = fields.Get("dev"); dev && dev->ok()) {
    model::Dev d;
    if (const Value* syncs = dev->Get("sync"); syncs && syncs->ok()) {
      for (const Value& s : syncs->items) {
        if (!s.ok()) continue;
        model::Sync sync;
        if (const Value* v = s.Get("from"); v && v->ok()) {
          sync.from = v->text;
          CheckSyncSource(*v);
        }
        if (const Value* v = s.Get("to"); v && v->ok()) sync.to = v->text;
        sync.exclude = Strings(s.Get("exclude"));
        if (const Value* v = s.Get("download"); v && v->ok()) sync.download = v->flag;
        if (const Value* v = s.Get("initial"); v && v->ok()) {
          sync.initial = CheckChoice(v,
                                     {"mirrorLocal", "mirrorRemote", "preferLocal", "preferRemote",
                                      "preferNewest", "keepAll"},
                                     "");
        }
        d.sync.push_back(std::move(sync));
      }
    }
    if (const Value* v = dev->Get("image"); v && v->ok()) {
      std::string problem = ImageProblem(v->text);
      if (problem.empty()) {
        d.image = v->text;
      } else {
        diags_->Report(DiagKind::kMalformedImage, v->span, v->text, problem)
            .Help("a dev image looks like `golang:1.22` or `ghcr.io/acme/api-dev:1.4.2`");
      }
    }
    if (const Value* v = dev->Get("logs"); v && v->ok()) d.logs = v->flag;
    if (const Value* reload = dev->Get("reload"); reload && reload->ok()) {
      d.reload_kind = reload->text;
      d.reload_command = Strings(reload);
    }
    out->dev = std::move(d);
  }
}

// `devspace dev` uploads what `from` names, relative to the fleet file's directory (the
// directory `dsc build` writes devspace.yaml for): it must stay in the project, like
// imports (DS2021), and `~` is no home directory there (it would be `./~`).
void Analyzer::CheckSyncSource(const Value& from) {
  const std::string& path = from.text;
  if (path.starts_with("~")) {
    diags_->Report(DiagKind::kSyncOutsideProject, from.span, path)
        .Note("`~` is not expanded: the path is read from the fleet file's directory")
        .Help("give a directory of the project, relative to the fleet file, e.g. `./api`");
    return;
  }
  if (modules_.project_root.empty() || entry_.canonical.empty()) return;
  std::filesystem::path entry_dir = std::filesystem::path(entry_.canonical).parent_path();
  std::string resolved = (entry_dir / path).lexically_normal().string();
  if (resolved.size() > 1 && resolved.back() == '/') resolved.pop_back();
  if (IsWithin(resolved, modules_.project_root)) return;
  // An absolute path is shown as written; a relative one from the root, never from
  // wherever the project happens to be checked out.
  std::string where =
      std::filesystem::path(path).is_absolute()
          ? "`" + path + "`"
          : fmt::format(
                "`{}` from the project root",
                std::filesystem::path(resolved).lexically_relative(modules_.project_root).string());
  diags_->Report(DiagKind::kSyncOutsideProject, from.span, path)
      .Note(fmt::format("it is {}, which `devspace dev` would upload", where))
      .Note(fmt::format("sync paths must stay in the project root: {}", modules_.project_root_why))
      .Help("sync a directory of the project, relative to the fleet file, e.g. `./api`");
}

}  // namespace dsc::sema
