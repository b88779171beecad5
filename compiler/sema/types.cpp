#include "compiler/sema/types.h"

namespace dsc::sema {

TypePtr Type::Of(TypeKind kind) {
  auto type = std::make_shared<Type>();
  type->kind = kind;
  return type;
}

TypePtr Type::ListOf(TypePtr elem) {
  auto type = std::make_shared<Type>();
  type->kind = TypeKind::kList;
  type->elem = std::move(elem);
  return type;
}

TypePtr Type::MapOf(TypePtr elem) {
  auto type = std::make_shared<Type>();
  type->kind = TypeKind::kMap;
  type->elem = std::move(elem);
  return type;
}

TypePtr Type::RecordOf(const RecordSchema* record) {
  auto type = std::make_shared<Type>();
  type->kind = TypeKind::kRecord;
  type->record = record;
  return type;
}

namespace {

std::string Plural(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString:
      return "strings";
    case TypeKind::kInt:
      return "ints";
    case TypeKind::kBool:
      return "bools";
    case TypeKind::kDuration:
      return "durations";
    case TypeKind::kQuantity:
      return "quantities";
    case TypeKind::kEnvValue:
      return "strings or secrets";
    case TypeKind::kEntityRef:
      return "services or infra";
    case TypeKind::kRecord:
      return "`" + type.record->name + "` blocks";
    default:
      return Spell(type) + " values";
  }
}

}  // namespace

std::string Describe(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString:
      return "a string";
    case TypeKind::kInt:
      return "an int";
    case TypeKind::kBool:
      return "a bool";
    case TypeKind::kDuration:
      return "a duration";
    case TypeKind::kQuantity:
      return "a quantity";
    case TypeKind::kCpu:
      return "a cpu quantity";
    case TypeKind::kMemory:
      return "a memory quantity";
    case TypeKind::kSecret:
      return "a `secret(…)`";
    case TypeKind::kEnvValue:
      return "a string or `secret(…)`";
    case TypeKind::kEntityRef:
      return "a service or infra";
    case TypeKind::kHostPattern:
      return "a host pattern";
    case TypeKind::kReload:
      return "a reload kind (`reload.go { … }`) or a command list";
    case TypeKind::kList:
      return "a list of " + Plural(*type.elem);
    case TypeKind::kMap:
      return "a map of " + Plural(*type.elem);
    case TypeKind::kRecord:
      return "a `" + type.record->name + "` block";
  }
  return "a value";
}

std::string Spell(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString:
      return "string";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kQuantity:
      return "quantity";
    case TypeKind::kCpu:
      return "cpu";
    case TypeKind::kMemory:
      return "memory";
    case TypeKind::kSecret:
      return "secret";
    case TypeKind::kList:
      return "list<" + Spell(*type.elem) + ">";
    case TypeKind::kMap:
      return "map<" + Spell(*type.elem) + ">";
    default:
      return Describe(type);
  }
}

TypePtr TypeFromName(std::string_view name) {
  if (name == "string") return Type::Of(TypeKind::kString);
  if (name == "int") return Type::Of(TypeKind::kInt);
  if (name == "bool") return Type::Of(TypeKind::kBool);
  if (name == "duration") return Type::Of(TypeKind::kDuration);
  if (name == "quantity") return Type::Of(TypeKind::kQuantity);
  if (name == "secret") return Type::Of(TypeKind::kSecret);
  return nullptr;
}

const FieldSchema* RecordSchema::Find(std::string_view field) const {
  for (const FieldSchema& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

Schemas::Schemas() {
  auto str = Type::Of(TypeKind::kString);
  auto integer = Type::Of(TypeKind::kInt);
  auto boolean = Type::Of(TypeKind::kBool);
  auto duration = Type::Of(TypeKind::kDuration);
  auto strings = Type::ListOf(str);
  auto string_map = Type::MapOf(str);
  auto env = Type::MapOf(Type::Of(TypeKind::kEnvValue));

  toleration = {"toleration", {{"key", str}, {"operator", str}, {"value", str}, {"effect", str}}};
  pod = {"pod",
         {{"node_selector", string_map},
          {"tolerations", Type::ListOf(Type::RecordOf(&toleration))},
          {"image_pull_secrets", strings},
          {"annotations", string_map},
          {"service_account", str}}};
  fleet = {"fleet",
           {{"namespace", str},
            {"domain", str},
            {"routing_header", str},
            {"routing", str},
            {"traefik", str},
            {"calls", str},
            {"traefik_address", str},
            {"entry_points", strings},
            {"preview_host", Type::Of(TypeKind::kHostPattern)},
            {"service_port", Type::Of(TypeKind::kInt)},
            {"pod", Type::RecordOf(&pod)},
            {"ttl", duration},
            {"max_ttl", duration},
            {"ephemeral", boolean},
            {"labels", string_map},
            {"lint", string_map}}};
  cpu_memory = {"requests/limits",
                {{"cpu", Type::Of(TypeKind::kCpu)}, {"memory", Type::Of(TypeKind::kMemory)}}};
  resources = {
      "resources",
      {{"requests", Type::RecordOf(&cpu_memory)}, {"limits", Type::RecordOf(&cpu_memory)}}};
  probe = {"probe",
           {{"http", str},
            {"tcp", boolean},
            {"exec", strings},
            {"port", integer},
            {"initial_delay", duration},
            {"period", duration},
            {"timeout", duration},
            {"failure_threshold", integer}}};
  health = {"health",
            {{"readiness", Type::RecordOf(&probe)},
             {"liveness", Type::RecordOf(&probe)},
             {"startup", Type::RecordOf(&probe)}}};
  route = {"route", {{"host", str, true}, {"path", str}, {"port", integer}}};
  sync = {"sync",
          {{"from", str, true},
           {"to", str, true},
           {"exclude", strings},
           {"download", boolean},
           {"initial", str}}};
  dev = {"dev",
         {{"sync", Type::ListOf(Type::RecordOf(&sync)), false, true},
          {"reload", Type::Of(TypeKind::kReload)},
          {"image", str},
          {"logs", boolean}}};
  workload = {"workload",
              {{"image", str, true},
               {"ports", Type::MapOf(integer)},
               {"replicas", integer},
               {"command", strings},
               {"args", strings},
               {"env", env},
               {"resources", Type::RecordOf(&resources)},
               {"health", Type::RecordOf(&health)},
               {"labels", string_map}}};
  service = workload;
  service.name = "service";
  service.fields.push_back({"route", Type::ListOf(Type::RecordOf(&route)), false, true});
  service.fields.push_back({"depends_on", Type::ListOf(Type::Of(TypeKind::kEntityRef))});
  service.fields.push_back({"dev", Type::RecordOf(&dev)});
  service.fields.push_back({"propagates", boolean});
  service.fields.push_back({"preview_host", Type::Of(TypeKind::kHostPattern)});
  service.fields.push_back({"service_ports", Type::MapOf(Type::Of(TypeKind::kInt))});
  service.fields.push_back({"pod", Type::RecordOf(&pod)});
  feature = {"feature",
             {{"label", str}, {"ttl", duration}, {"namespace", str}, {"clone_secrets", strings}}};
  provision = {"provision",
               {{"image", str, true}, {"command", strings}, {"args", strings}, {"env", env}}};
}

}  // namespace dsc::sema
