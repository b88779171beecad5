// Deployments, Services, infra outputs and provisioning Jobs.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

int64_t CeilSeconds(int64_t ms) { return (ms + 999) / 1000; }

Json ProbeFor(const model::Probe& probe, const model::Workload& w) {
  Json out = Json::object();
  // A probe without a port checks the workload's first port.
  int port = probe.port > 0 ? probe.port : (w.ports.empty() ? 0 : w.ports.front().number);
  switch (probe.action) {
    case model::Probe::Action::kHttp:
      out["httpGet"] = Json{{"path", probe.http_path}, {"port", port}};
      break;
    case model::Probe::Action::kTcp:
      out["tcpSocket"] = Json{{"port", port}};
      break;
    case model::Probe::Action::kExec:
      out["exec"] = Json{{"command", probe.exec}};
      break;
  }
  if (probe.initial_delay_ms >= 0) out["initialDelaySeconds"] = CeilSeconds(probe.initial_delay_ms);
  if (probe.period_ms >= 0)
    out["periodSeconds"] = std::max<int64_t>(1, CeilSeconds(probe.period_ms));
  if (probe.timeout_ms >= 0)
    out["timeoutSeconds"] = std::max<int64_t>(1, CeilSeconds(probe.timeout_ms));
  if (probe.failure_threshold >= 0) out["failureThreshold"] = probe.failure_threshold;
  return out;
}

Json ResourcesFor(const model::Resources& r) {
  Json out = Json::object();
  auto add = [&](const char* group, const char* key, const std::string& value) {
    if (!value.empty()) out[group][key] = value;
  };
  add("requests", "cpu", r.cpu_request);
  add("requests", "memory", r.memory_request);
  add("limits", "cpu", r.cpu_limit);
  add("limits", "memory", r.memory_limit);
  return out;
}

// An env value that is exactly an infra's export is read from the infra's
// outputs ConfigMap, which the infra's release publishes (and which the
// workload's release `needs`), when that ConfigMap is emitted in the same
// namespace; else the value is written out.
std::optional<std::pair<std::string, std::string>> OutputRef(const EmitContext& ctx,
                                                             const model::EnvVar& var,
                                                             const std::string& ns) {
  if (var.infra < 0) return std::nullopt;
  const model::Infra& infra = ctx.model.infra[var.infra];
  if (infra.external || infra.namespace_ != ns) return std::nullopt;
  if (!ctx.Emits(infra.feature)) return std::nullopt;
  return std::make_pair(OutputsConfigMapName(infra), var.infra_export);
}

Json EnvFor(const EmitContext& ctx, const std::vector<model::EnvVar>& env, const std::string& ns,
            int feature) {
  Json out = Json::array();
  std::set<std::string> names;
  for (const model::EnvVar& var : env) {
    names.insert(var.name);
    Json entry = Json{{"name", var.name}};
    if (var.from_secret) {
      entry["valueFrom"] =
          Json{{"secretKeyRef", Json{{"name", var.secret_name}, {"key", var.secret_key}}}};
    } else if (auto ref = OutputRef(ctx, var, ns)) {
      entry["valueFrom"] =
          Json{{"configMapKeyRef", Json{{"name", ref->first}, {"key", ref->second}}}};
    } else if (!var.value.empty()) {
      // An empty value is written as no value (the same thing to Kubernetes):
      // the apiserver drops `value: ""`, so server-side apply would see a change
      // on every re-apply (kubernetes#95460).
      entry["value"] = var.value;
    }
    out.push_back(std::move(entry));
  }
  // What an app needs to pass the feature label on by hand when it is not
  // instrumented with OpenTelemetry. The user's own variables win.
  const model::Fleet& fleet = ctx.model.fleet;
  std::string label = feature >= 0 ? ctx.model.features[feature].label : "";
  for (auto [name, value] : {std::pair<std::string, std::string>{"DEVSTACK_FLEET", fleet.name},
                             {"DEVSTACK_ROUTING_HEADER", fleet.routing_header},
                             {"DEVSTACK_ROUTING_MODE", std::string(model::NameOf(fleet.routing))},
                             {"DEVSTACK_FEATURE", label}}) {
    if (names.count(name)) continue;
    Json entry = Json{{"name", name}};
    if (!value.empty()) entry["value"] = value;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

std::string OutputsConfigMapName(const model::Infra& infra) {
  return BoundedName(infra.k8s_name, "-outputs");
}

Json DeploymentFor(const EmitContext& ctx, const ObjectIdentity& id, const model::Workload& w,
                   const std::string& container_name) {
  Json container = Json::object();
  container["name"] = container_name;
  container["image"] = w.image;
  if (!w.command.empty()) container["command"] = w.command;
  if (!w.args.empty()) container["args"] = w.args;
  if (!w.ports.empty()) {
    Json ports = Json::array();
    for (const model::Port& p : w.ports) {
      // `protocol` is explicit: server-side apply keys port lists on it.
      ports.push_back(Json{{"name", p.name}, {"containerPort", p.number}, {"protocol", "TCP"}});
    }
    container["ports"] = std::move(ports);
  }
  container["env"] = EnvFor(ctx, w.env, id.namespace_, id.feature);
  Json resources = ResourcesFor(w.resources);
  if (!resources.empty()) container["resources"] = std::move(resources);
  if (w.readiness) container["readinessProbe"] = ProbeFor(*w.readiness, w);
  if (w.liveness) container["livenessProbe"] = ProbeFor(*w.liveness, w);
  if (w.startup) container["startupProbe"] = ProbeFor(*w.startup, w);

  Json meta = ObjectMeta(ctx, id);
  Json pod_meta = Json::object();
  pod_meta["labels"] = meta["labels"];
  Json pod_spec = Json::object();
  // Service links put every Service of the namespace into the environment;
  // in a shared feature namespace that is noise and can shadow user variables.
  pod_spec["enableServiceLinks"] = false;
  pod_spec["containers"] = Json::array({std::move(container)});

  Json spec = Json::object();
  spec["replicas"] = w.replicas;
  spec["revisionHistoryLimit"] = 3;
  spec["selector"] = Json{{"matchLabels", SelectorLabels(ctx, id)}};
  spec["template"] = Json{{"metadata", std::move(pod_meta)}, {"spec", std::move(pod_spec)}};

  Json doc = Json::object();
  doc["apiVersion"] = "apps/v1";
  doc["kind"] = "Deployment";
  doc["metadata"] = std::move(meta);
  doc["spec"] = std::move(spec);
  return doc;
}

std::optional<Json> ServiceFor(const EmitContext& ctx, const ObjectIdentity& id,
                               const model::Workload& w) {
  if (w.ports.empty()) return std::nullopt;
  Json ports = Json::array();
  for (const model::Port& p : w.ports) {
    ports.push_back(
        Json{{"name", p.name}, {"port", p.number}, {"targetPort", p.name}, {"protocol", "TCP"}});
  }
  Json doc = Json::object();
  doc["apiVersion"] = "v1";
  doc["kind"] = "Service";
  doc["metadata"] = ObjectMeta(ctx, id);
  doc["spec"] = Json{
      {"type", "ClusterIP"}, {"selector", SelectorLabels(ctx, id)}, {"ports", std::move(ports)}};
  return doc;
}

Json OutputsConfigMap(const EmitContext& ctx, const ObjectIdentity& id, const model::Infra& infra) {
  Json data = Json::object();
  for (const auto& [key, value] : infra.exports) data[key] = value;
  ObjectIdentity cm = id;
  cm.name = OutputsConfigMapName(infra);
  Json doc = Json::object();
  doc["apiVersion"] = "v1";
  doc["kind"] = "ConfigMap";
  doc["metadata"] = ObjectMeta(ctx, cm);
  doc["data"] = std::move(data);
  return doc;
}

Json ProvisionJob(const EmitContext& ctx, const ObjectIdentity& id, const model::Infra& infra) {
  const model::Job& job = *infra.provision;
  ObjectIdentity job_id = id;
  job_id.name = BoundedName(infra.k8s_name, "-provision");
  Json meta = ObjectMeta(ctx, job_id);
  // Provisioning runs before the release's objects exist, unless the infra is
  // itself a server (a database) that the Job talks to: then after them.
  bool after = infra.workload.has_value();
  if (!meta.contains("annotations")) meta["annotations"] = Json::object();
  meta["annotations"].update(
      HookAnnotations(after ? "post-install,post-upgrade" : "pre-install,pre-upgrade", 0));

  Json container = Json::object();
  container["name"] = "provision";
  container["image"] = job.image;
  // Every user value is its own argument or variable: no shell, no quoting.
  if (!job.command.empty()) container["command"] = job.command;
  if (!job.args.empty()) container["args"] = job.args;
  container["env"] = EnvFor(ctx, job.env, id.namespace_, id.feature);

  Json pod_spec = Json::object();
  pod_spec["restartPolicy"] = "Never";
  pod_spec["enableServiceLinks"] = false;
  pod_spec["containers"] = Json::array({std::move(container)});
  Json spec = Json::object();
  // The backend (LocalStack, the database) may still be starting: retry with
  // the Job controller's exponential back-off (10 s, 20 s, 40 s, ...).
  spec["backoffLimit"] = 6;
  spec["activeDeadlineSeconds"] = 900;
  spec["template"] =
      Json{{"metadata", Json{{"labels", meta["labels"]}}}, {"spec", std::move(pod_spec)}};

  Json doc = Json::object();
  doc["apiVersion"] = "batch/v1";
  doc["kind"] = "Job";
  doc["metadata"] = std::move(meta);
  doc["spec"] = std::move(spec);
  return doc;
}

}  // namespace dsc::emit
