// Deployments, Services, infra outputs and provisioning Jobs.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

int64_t CeilSeconds(int64_t ms) { return (ms + 999) / 1000; }

void WriteProbe(DocWriter& out, PlainKey key, const model::Probe& probe, const model::Workload& w) {
  out.BeginMap(key);
  // A probe without a port checks the workload's first port.
  int port = probe.port > 0 ? probe.port : (w.ports.empty() ? 0 : w.ports.front().number);
  switch (probe.action) {
    case model::Probe::Action::kHttp:
      out.BeginMap("httpGet");
      out.Str("path", probe.http_path);
      out.Int("port", port);
      out.End();
      break;
    case model::Probe::Action::kTcp:
      out.BeginMap("tcpSocket");
      out.Int("port", port);
      out.End();
      break;
    case model::Probe::Action::kExec:
      out.BeginMap("exec");
      out.StrSeq("command", probe.exec);
      out.End();
      break;
  }
  if (probe.initial_delay_ms >= 0)
    out.Int("initialDelaySeconds", CeilSeconds(probe.initial_delay_ms));
  if (probe.period_ms >= 0)
    out.Int("periodSeconds", std::max<int64_t>(1, CeilSeconds(probe.period_ms)));
  if (probe.timeout_ms >= 0)
    out.Int("timeoutSeconds", std::max<int64_t>(1, CeilSeconds(probe.timeout_ms)));
  if (probe.failure_threshold >= 0) out.Int("failureThreshold", probe.failure_threshold);
  out.End();
}

void WriteResources(DocWriter& out, const model::Resources& r) {
  auto group = [&](PlainKey name, const std::string& cpu, const std::string& memory) {
    if (cpu.empty() && memory.empty()) return;
    out.BeginMap(name);
    if (!cpu.empty()) out.Str("cpu", cpu);
    if (!memory.empty()) out.Str("memory", memory);
    out.End();
  };
  if (r.cpu_request.empty() && r.memory_request.empty() && r.cpu_limit.empty() &&
      r.memory_limit.empty())
    return;
  out.BeginMap("resources");
  group("requests", r.cpu_request, r.memory_request);
  group("limits", r.cpu_limit, r.memory_limit);
  out.End();
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

void WriteEnv(DocWriter& out, const EmitContext& ctx, const std::vector<model::EnvVar>& env,
              const std::string& ns, int feature) {
  out.BeginSeq("env");
  auto key_ref = [&](PlainKey source, std::string_view name, std::string_view key) {
    out.BeginMap("valueFrom");
    out.BeginMap(source);
    out.Str("name", name);
    out.Str("key", key);
    out.End();
    out.End();
  };
  for (const model::EnvVar& var : env) {
    out.BeginMap();
    out.Str("name", var.name);
    if (var.from_secret) {
      key_ref("secretKeyRef", var.secret_name, var.secret_key);
    } else if (auto ref = OutputRef(ctx, var, ns)) {
      key_ref("configMapKeyRef", ref->first, ref->second);
    } else if (!var.value.empty()) {
      // An empty value is written as no value (the same thing to Kubernetes):
      // the apiserver drops `value: ""`, so server-side apply would see a change
      // on every re-apply (kubernetes#95460).
      out.Str("value", var.value);
    }
    out.End();
  }
  // What an app needs to pass the feature label on by hand when it is not
  // instrumented with OpenTelemetry. The user's own variables win.
  const model::Fleet& fleet = ctx.model.fleet;
  std::string_view label;
  if (feature >= 0) label = ctx.model.features[feature].label;
  for (auto [name, value] :
       {std::pair<std::string_view, std::string_view>{"DEVSTACK_FLEET", fleet.name},
        {"DEVSTACK_ROUTING_HEADER", fleet.routing_header},
        {"DEVSTACK_ROUTING_MODE", model::NameOf(fleet.routing)},
        {"DEVSTACK_FEATURE", label}}) {
    bool declared = false;
    for (const model::EnvVar& var : env) declared = declared || var.name == name;
    if (declared) continue;
    out.BeginMap();
    out.Str("name", name);
    if (!value.empty()) out.Str("value", value);
    out.End();
  }
  out.End();
}

}  // namespace

std::string OutputsConfigMapName(const model::Infra& infra) {
  return BoundedName(infra.k8s_name, "-outputs");
}

void AddDeployment(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                   const model::Workload& w, const std::string& container_name) {
  AddObject(ctx, release, {"apps/v1", "Deployment", id}, [&](DocWriter& out) {
    out.BeginMap("spec");
    out.Int("replicas", w.replicas);
    out.Int("revisionHistoryLimit", 3);
    out.BeginMap("selector");
    out.Key("matchLabels");
    WriteSelectorLabels(out, ctx, id);
    out.End();
    WritePodTemplate(
        out, ctx, id,
        [&] {
          // Service links put every Service of the namespace into the environment;
          // in a shared feature namespace that is noise and can shadow user variables.
          out.Bool("enableServiceLinks", false);
          WritePodSettings(out, w.pod, true);
          // The route hosts it calls, resolved to Traefik in the pod's /etc/hosts: a call to
          // `http://api.shop.dev` reaches Traefik (which routes on the feature label), not
          // whatever the name means outside the cluster (`*.localtest.me` is 127.0.0.1).
          const std::string& traefik = ctx.model.fleet.traefik_address;
          if (!traefik.empty() && !w.traefik_hosts.empty()) {
            out.BeginSeq("hostAliases");
            out.BeginMap();
            out.Str("ip", traefik);
            out.StrSeq("hostnames", w.traefik_hosts);
            out.End();
            out.End();
          }
          out.BeginSeq("containers");
          out.BeginMap();
          out.Str("name", container_name);
          out.Str("image", w.image);
          if (!w.command.empty()) out.StrSeq("command", w.command);
          if (!w.args.empty()) out.StrSeq("args", w.args);
          if (!w.ports.empty()) {
            out.BeginSeq("ports");
            for (const model::Port& p : w.ports) {
              // `protocol` is explicit: server-side apply keys port lists on it.
              out.BeginMap();
              out.Str("name", p.name);
              out.Int("containerPort", p.number);
              out.Str("protocol", "TCP");
              out.End();
            }
            out.End();
          }
          WriteEnv(out, ctx, w.env, id.namespace_, id.feature);
          WriteResources(out, w.resources);
          if (w.readiness) WriteProbe(out, "readinessProbe", *w.readiness, w);
          if (w.liveness) WriteProbe(out, "livenessProbe", *w.liveness, w);
          if (w.startup) WriteProbe(out, "startupProbe", *w.startup, w);
          out.End();
          out.End();
        },
        &w.pod.annotations);
    out.End();
  });
}

void AddService(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                const model::Workload& w) {
  if (w.ports.empty()) return;
  AddObject(ctx, release, {"v1", "Service", id}, [&](DocWriter& out) {
    out.BeginMap("spec");
    out.Str("type", "ClusterIP");
    out.Key("selector");
    WriteSelectorLabels(out, ctx, id);
    out.BeginSeq("ports");
    for (const model::Port& p : w.ports) {
      out.BeginMap();
      out.Str("name", p.name);
      out.Int("port", p.ServicePort());
      out.Str("targetPort", p.name);
      out.Str("protocol", "TCP");
      out.End();
    }
    out.End();
    out.End();
  });
}

void AddOutputsConfigMap(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                         const model::Infra& infra) {
  ObjectIdentity cm = id;
  cm.name = OutputsConfigMapName(infra);
  AddObject(ctx, release, {"v1", "ConfigMap", cm}, [&](DocWriter& out) {
    out.BeginMap("data");
    for (const auto& [key, value] : infra.exports) out.UserStr(key, value);
    out.End();
  });
}

void AddProvisionJob(const EmitContext& ctx, Release& release, const ObjectIdentity& id,
                     const model::Infra& infra) {
  const model::Job& job = *infra.provision;
  ObjectIdentity job_id = id;
  job_id.name = BoundedName(infra.k8s_name, "-provision");
  // Provisioning runs before the release's objects exist, unless the infra is
  // itself a server (a database) that the Job talks to: then after them.
  bool after = infra.workload.has_value();
  ObjectHead head{"batch/v1", "Job", job_id,
                  after ? "post-install,post-upgrade" : "pre-install,pre-upgrade", 0};
  AddObject(ctx, release, head, [&](DocWriter& out) {
    out.BeginMap("spec");
    // The backend (LocalStack, the database) may still be starting: retry with
    // the Job controller's exponential back-off (10 s, 20 s, 40 s, ...).
    out.Int("backoffLimit", 6);
    out.Int("activeDeadlineSeconds", 900);
    // Where the fleet's pods may run, and with which registry Secrets; the Job keeps
    // the namespace's default account (the fleet's may not exist there).
    const model::PodSettings& pod = ctx.model.fleet.pod;
    WritePodTemplate(
        out, ctx, job_id,
        [&] {
          out.Str("restartPolicy", "Never");
          out.Bool("enableServiceLinks", false);
          WritePodSettings(out, pod, false);
          out.BeginSeq("containers");
          out.BeginMap();
          out.Str("name", "provision");
          out.Str("image", job.image);
          // Every user value is its own argument or variable: no shell, no quoting.
          if (!job.command.empty()) out.StrSeq("command", job.command);
          if (!job.args.empty()) out.StrSeq("args", job.args);
          WriteEnv(out, ctx, job.env, id.namespace_, id.feature);
          out.End();
          out.End();
        },
        &pod.annotations);
    out.End();
  });
}

// The cluster's conventions (the fleet's `pod { … }`, a service's own): where pods may
// run, which registry Secrets pull their images, which account they run as.
void WritePodSettings(DocWriter& out, const model::PodSettings& pod, bool with_account) {
  if (with_account && !pod.service_account.empty())
    out.Str("serviceAccountName", pod.service_account);
  if (!pod.node_selector.empty()) {
    out.BeginMap("nodeSelector");
    for (const auto& [key, value] : pod.node_selector) out.UserStr(key, value);
    out.End();
  }
  if (!pod.tolerations.empty()) {
    out.BeginSeq("tolerations");
    for (const model::Toleration& t : pod.tolerations) {
      out.BeginMap();
      if (!t.key.empty()) out.Str("key", t.key);
      if (!t.operator_.empty()) out.Str("operator", t.operator_);
      if (!t.value.empty()) out.Str("value", t.value);
      if (!t.effect.empty()) out.Str("effect", t.effect);
      out.End();
    }
    out.End();
  }
  if (!pod.image_pull_secrets.empty()) {
    out.BeginSeq("imagePullSecrets");
    for (const std::string& name : pod.image_pull_secrets) {
      out.BeginMap();
      out.Str("name", name);
      out.End();
    }
    out.End();
  }
}

void WritePodTemplate(DocWriter& out, const EmitContext& ctx, const ObjectIdentity& id,
                      const std::function<void()>& pod_spec, const model::Labels* annotations) {
  out.BeginMap("template");
  out.BeginMap("metadata");
  WriteLabels(out, ctx, id);
  if (annotations && !annotations->empty()) {
    out.BeginMap("annotations");
    for (const auto& [key, value] : *annotations) out.UserStr(key, value);
    out.End();
  }
  out.End();
  out.BeginMap("spec");
  pod_spec();
  out.End();
  out.End();
}

}  // namespace dsc::emit
