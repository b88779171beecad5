// Env vars: each one's value is what its expression means where it is written.
#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

// What the source says an env var is.
struct Expected {
  bool secret = false;
  std::string secret_name, secret_key;
  std::optional<std::string> value;  // nullopt: not something the oracle could evaluate
  bool evaluable = false;            // a reference or a string: `value` must be known
  // The infra a value is exactly an export of (`Q = queue.url` or `Q = "${queue.url}"`):
  // the only case where a ConfigMap may stand for the value.
  std::optional<Entity> infra;
  std::string infra_export;
};

const ast::QualifiedName* SingleReference(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kRef) return &expr.name;
  if (expr.kind == ast::ExprKind::kString && expr.parts.size() == 1 && expr.parts[0].is_ref)
    return &expr.parts[0].ref;
  return nullptr;
}

Expected ExpectedOf(const Context& ctx, const ast::Expr& expr, Where where) {
  Expected e;
  if (expr.kind == ast::ExprKind::kCall && expr.name.ToString() == "secret" &&
      expr.items.size() == 2) {
    auto name = ctx.Evaluate(*expr.items[0], where);
    auto key = ctx.Evaluate(*expr.items[1], where);
    e.secret = true;
    e.secret_name = name.value_or("");
    e.secret_key = key.value_or("");
    return e;
  }
  e.value = ctx.Evaluate(expr, where);
  e.evaluable = expr.kind == ast::ExprKind::kRef || expr.kind == ast::ExprKind::kString;
  if (const ast::QualifiedName* ref = SingleReference(expr)) {
    auto resolved = ctx.source.Resolve(*ref, where);
    if (resolved && resolved->entity.kind == EntityKind::kInfra && resolved->rest.size() == 1) {
      e.infra = resolved->entity;
      e.infra_export = resolved->rest[0];
    }
  }
  return e;
}

const Json* FindEnv(const Json& env, const std::string& name, int* count) {
  const Json* found = nullptr;
  *count = 0;
  for (const Json& var : env) {
    if (var.value("name", "") != name) continue;
    ++*count;
    found = &var;
  }
  return found;
}

void CheckVar(Context& ctx, const Entity& service, const Object& deployment,
              const std::string& name, const Expected& want, const Json& var) {
  std::string where = fmt::format("{} {}/{}: env {}", ctx.Describe(service), deployment.ns(),
                                  deployment.name(), name);
  const Json& from = At(var, "valueFrom");
  if (want.secret) {
    // A feature's forks read its clone of a Secret it lists in `clone_secrets`.
    std::string name = want.secret_name;
    if (service.feature >= 0 && ctx.source.features()[service.feature].clones.count(name))
      name += "-" + ctx.LabelOf(service.feature);
    const Json& ref = At(from, "secretKeyRef");
    if (ref.value("name", "") != name || ref.value("key", "") != want.secret_key) {
      ctx.Fail(
          fmt::format("{}: the source says secret(\"{}\", \"{}\"), read as `{}`, the build "
                      "has {}",
                      where, want.secret_name, want.secret_key, name, var.dump()));
    }
    return;
  }
  if (want.evaluable && !want.value) {
    ctx.Fail(
        fmt::format("{}: the oracle cannot evaluate it (an export missing from "
                    "blueprint.json?)",
                    where));
    return;
  }
  std::optional<std::string> actual;
  if (from.contains("configMapKeyRef")) {
    const Json& ref = from["configMapKeyRef"];
    std::string cm_name = ref.value("name", ""), key = ref.value("key", "");
    const Object* cm = ctx.build.Find("ConfigMap", deployment.ns(), cm_name);
    if (!want.infra) {
      ctx.Fail(fmt::format("{}: a value that is not an infra export reads ConfigMap {}", where,
                           cm_name));
      return;
    }
    std::string owner = ctx.ReleaseOf(*want.infra);
    if (!cm) {
      ctx.Fail(fmt::format("{}: ConfigMap {}/{} is not emitted", where, deployment.ns(), cm_name));
      return;
    }
    if (owner != cm->ns() + "/" + cm->release || key != want.infra_export) {
      ctx.Fail(fmt::format(
          "{}: reads key `{}` of ConfigMap {} (release {}), but the source "
          "references export `{}` of {} (release {})",
          where, key, cm_name, cm->release, want.infra_export, ctx.Describe(*want.infra), owner));
      return;
    }
    const Json& data = At(cm->body, "data");
    if (!data.contains(key) || !data[key].is_string()) {
      ctx.Fail(fmt::format("{}: ConfigMap {} has no key `{}`", where, cm_name, key));
      return;
    }
    actual = data[key].get<std::string>();
  } else if (var.contains("value") && var["value"].is_string()) {
    actual = var["value"].get<std::string>();
  } else if (!var.contains("value") && !var.contains("valueFrom")) {
    actual = "";  // Kubernetes reads an absent value as empty
  } else {
    ctx.Fail(fmt::format("{}: neither a value nor a ConfigMap key: {}", where, var.dump()));
    return;
  }
  if (want.value && actual != want.value) {
    ctx.Fail(fmt::format("{}: the source means \"{}\", the pod gets \"{}\"", where, *want.value,
                         *actual));
  }
}

}  // namespace

void CheckEnv(Context& ctx) {
  for (const Entity& service : ctx.emitted()) {
    if (service.kind != EntityKind::kService) continue;
    const Json* record = ctx.RecordOf(service);
    const Object* deployment =
        ctx.build.Find("Deployment", (*record)["namespace"], (*record)["k8s_name"]);
    if (!deployment) {
      ctx.Fail(fmt::format("{}: no Deployment {}/{}", ctx.Describe(service),
                           (*record)["namespace"].get<std::string>(),
                           (*record)["k8s_name"].get<std::string>()));
      continue;
    }
    const Json& containers = At(deployment->body, {"spec", "template", "spec", "containers"});
    const Json& env = At(containers.empty() ? containers : containers[0], "env");
    EffectiveBody body = ctx.source.BodyOf(service);
    std::set<std::string> declared;
    for (const auto& [name, field] : body.env) {
      declared.insert(name);
      int count = 0;
      const Json* var = FindEnv(env, name, &count);
      if (count != 1) {
        ctx.Fail(fmt::format("{}: env {} is emitted {} times", ctx.Describe(service), name, count));
        continue;
      }
      if (!field.member->value) continue;
      CheckVar(ctx, service, *deployment, name, ExpectedOf(ctx, *field.member->value, field.where),
               *var);
    }
    for (const Json& var : env) {
      std::string name = var.value("name", "");
      if (!declared.count(name) && name.rfind("DEVSTACK_", 0) != 0) {
        ctx.Fail(fmt::format("{}: env {} is not in the source", ctx.Describe(service), name));
      }
    }
  }
}

void CheckConfigMapRefs(Context& ctx) {
  for (const auto& [object, spec] : PodSpecs(ctx.build)) {
    std::string ns = object->ns();
    std::string where = fmt::format("{} {}/{}", object->kind(), ns, object->name());
    for (const char* list : {"containers", "initContainers"}) {
      for (const Json& c : spec->value(list, Json::array())) {
        for (const Json& var : At(c, "env")) {
          const Json& ref = At(var, {"valueFrom", "configMapKeyRef"});
          if (ref.empty()) continue;
          const Object* cm = ctx.build.Find("ConfigMap", ns, ref.value("name", ""));
          std::string key = ref.value("key", "");
          if (!cm || !At(cm->body, "data").contains(key)) {
            ctx.Fail(fmt::format("{}: env {} reads key `{}` of ConfigMap {}, which {}", where,
                                 var.value("name", ""), key, ref.value("name", ""),
                                 cm ? "has no such key" : "is not emitted in that namespace"));
          }
        }
        for (const Json& from : At(c, "envFrom")) {
          const Json& ref = At(from, "configMapRef");
          if (!ref.empty() && !ctx.build.Find("ConfigMap", ns, ref.value("name", ""))) {
            ctx.Fail(fmt::format("{}: envFrom names ConfigMap {}, not emitted there", where,
                                 ref.value("name", "")));
          }
        }
      }
    }
  }
}

// A fork reads its feature's clone of each Secret in `clone_secrets`, and, in a namespace
// of its own, a copy of every other: its feature's release must make each one from the
// fleet's namespace (the Job's arguments after `clone-secrets`, `MODE:NAME:TARGET`).
void CheckSecretCopies(Context& ctx) {
  std::string fleet_ns = ctx.build.blueprint["fleet"]["namespace"];
  for (const Entity& service : ctx.emitted()) {
    if (service.kind != EntityKind::kService || service.feature < 0) continue;
    const Json* record = ctx.RecordOf(service);
    const Feature& feature = ctx.source.features()[service.feature];
    std::string release = ctx.FeatureReleaseOf(service.feature);
    std::set<std::string> made;
    for (const Object& o : ctx.build.objects) {
      if (o.kind() != "Job" || o.ns() + "/" + o.release != release) continue;
      for (const Json& c : At(o.body, {"spec", "template", "spec", "containers"})) {
        for (const Json& arg : At(c, "args")) made.insert(arg);
      }
    }
    for (const Json& ref : (*record)["secret_refs"]) {
      std::string read = ref["secret"];
      std::string expected;
      for (const std::string& name : feature.clones) {
        if (read == name + "-" + feature.label) expected = "clone:" + name + ":" + read;
      }
      if (expected.empty() && (*record)["namespace"] == fleet_ns) continue;
      if (expected.empty()) expected = "copy:" + read + ":" + read;
      if (!made.count(expected)) {
        ctx.Fail(
            fmt::format("{}: reads Secret {} in namespace {}, and no Job of release `{}` "
                        "makes it there (`{}`)",
                        ctx.Describe(service), read, (*record)["namespace"].get<std::string>(),
                        release, expected));
      }
    }
  }
}

}  // namespace dsc::oracle
