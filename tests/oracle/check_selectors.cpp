// Services and Deployments: each Service reaches exactly its own Deployment's pods.
#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

bool Selects(const Json& selector, const Json& labels) {
  if (!selector.is_object() || selector.empty()) return false;
  for (const auto& [key, value] : selector.items()) {
    if (!labels.contains(key) || labels[key] != value) return false;
  }
  return true;
}

const Json& PodLabels(const Object& deployment) {
  return At(deployment.body, {"spec", "template", "metadata", "labels"});
}

bool HasContainerPort(const Object& deployment, const Json& target) {
  for (const Json& c : At(deployment.body, {"spec", "template", "spec", "containers"})) {
    for (const Json& p : At(c, "ports")) {
      if ((target.is_number() && p.value("containerPort", 0) == target) ||
          (target.is_string() && p.value("name", "") == target)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void CheckSelectors(Context& ctx) {
  std::vector<const Object*> deployments = ctx.build.OfKind("Deployment");
  for (const Object* d : deployments) {
    const Json& selector = At(d->body, {"spec", "selector", "matchLabels"});
    if (!Selects(selector, PodLabels(*d))) {
      ctx.Fail(fmt::format("Deployment {}/{}: its selector does not match its own pods", d->ns(),
                           d->name()));
    }
    for (const Object* other : deployments) {
      if (other != d && other->ns() == d->ns() && Selects(selector, PodLabels(*other))) {
        ctx.Fail(fmt::format("Deployment {}/{}: its selector also matches the pods of {}", d->ns(),
                             d->name(), other->name()));
      }
    }
  }
  for (const Object* service : ctx.build.OfKind("Service")) {
    const Json& selector = At(service->body, {"spec", "selector"});
    std::vector<const Object*> selected;
    for (const Object* d : deployments) {
      if (d->ns() == service->ns() && Selects(selector, PodLabels(*d))) selected.push_back(d);
    }
    std::string where = fmt::format("Service {}/{}", service->ns(), service->name());
    if (selected.size() != 1 || selected[0]->name() != service->name() ||
        selected[0]->release != service->release) {
      std::vector<std::string> names;
      for (const Object* d : selected) names.push_back(d->name());
      ctx.Fail(fmt::format("{}: selects the pods of [{}], not exactly Deployment {}", where,
                           fmt::join(names, ", "), service->name()));
      continue;
    }
    for (const Json& port : At(service->body, {"spec", "ports"})) {
      Json target = port.contains("targetPort") ? port["targetPort"] : port["port"];
      if (!HasContainerPort(*selected[0], target)) {
        ctx.Fail(fmt::format("{}: targetPort {} is no container port of its pods", where,
                             target.dump()));
      }
    }
  }
  // Every deployed service with ports has its Service, with the ports the source declares.
  for (const Entity& entity : ctx.emitted()) {
    if (entity.kind != EntityKind::kService) continue;
    // The Service's port for each declared port: its `service_ports` entry, else the
    // fleet's `service_port` when it is the only port, else the container's.
    std::map<std::string, int64_t> declared, service_ports;
    for (const Field& field : ctx.source.BodyOf(entity).fields) {
      if (!field.member->value->body) continue;
      std::map<std::string, int64_t>* into = field.member->key.text == "ports" ? &declared
                                             : field.member->key.text == "service_ports"
                                                 ? &service_ports
                                                 : nullptr;
      if (!into) continue;
      for (const ast::Member& port : field.member->value->body->members)
        (*into)[port.key.text] = port.value ? port.value->int_value : 0;
    }
    if (declared.empty()) continue;
    std::optional<int64_t> fleet_port;
    if (const ast::Decl* fleet = ctx.source.entry().fleet)
      fleet_port = IntField(*fleet, "service_port");
    if (service_ports.empty() && declared.size() == 1 && fleet_port)
      declared.begin()->second = *fleet_port;
    for (const auto& [name, port] : service_ports) declared[name] = port;
    const Json& record = *ctx.RecordOf(entity);
    const Object* service = ctx.build.Find("Service", record["namespace"], record["k8s_name"]);
    if (!service) {
      ctx.Fail(fmt::format("{}: no Service", ctx.Describe(entity)));
      continue;
    }
    std::map<std::string, int64_t> ports;
    for (const Json& p : At(service->body, {"spec", "ports"}))
      ports[p.value("name", "")] = p.value("port", 0);
    if (ports != declared) {
      ctx.Fail(
          fmt::format("{}: Service ports differ from the declared ports", ctx.Describe(entity)));
    }
  }
}

}  // namespace dsc::oracle
