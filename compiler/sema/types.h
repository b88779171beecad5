// The types of the fleet language, and the record schemas of its built-in
// blocks (fleet, service, route, probe …). User-defined kinds build their
// parameter types from the same pieces.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dsc::sema {

struct RecordSchema;

enum class TypeKind {
  kString,
  kInt,
  kBool,
  kDuration,
  kQuantity,     // any Kubernetes quantity
  kCpu,          // a quantity with a cpu unit (`250m`, `0.5`, `2`)
  kMemory,       // a quantity with a byte unit (`256Mi`, `1G`)
  kSecret,       // secret("name", "key")
  kEnvValue,     // a string, number, bool or secret: what an env var can hold
  kEntityRef,    // a service or infra, named in `depends_on`
  kReload,       // a reload-kind instance, or a command list
  kHostPattern,  // a host with placeholders: `${service}-${label}.${fleet.domain}`
  kList,
  kMap,
  kRecord,
};

struct Type {
  TypeKind kind = TypeKind::kString;
  std::shared_ptr<const Type> elem;      // kList, kMap
  const RecordSchema* record = nullptr;  // kRecord

  static std::shared_ptr<const Type> Of(TypeKind kind);
  static std::shared_ptr<const Type> ListOf(std::shared_ptr<const Type> elem);
  static std::shared_ptr<const Type> MapOf(std::shared_ptr<const Type> elem);
  static std::shared_ptr<const Type> RecordOf(const RecordSchema* record);
};
using TypePtr = std::shared_ptr<const Type>;

// "a string", "a list of strings", "a `route` block" — for messages.
std::string Describe(const Type& type);
// The type written in source (`list<string>`), for kind parameters.
std::string Spell(const Type& type);
// A type from its name in source (`string`, `duration` …); null if unknown.
TypePtr TypeFromName(std::string_view name);

struct FieldSchema {
  std::string name;
  TypePtr type;
  bool required = false;
  // A repeatable field of list<record> type: each `route { … }` block appends.
  bool repeatable = false;
};

struct RecordSchema {
  std::string name;  // "service", "route" …: used in messages
  std::vector<FieldSchema> fields;
  const FieldSchema* Find(std::string_view field) const;
};

// The built-in schemas, built once and passed around (no globals).
struct Schemas {
  Schemas();
  // Records point at each other; copying would leave dangling pointers.
  Schemas(const Schemas&) = delete;
  Schemas& operator=(const Schemas&) = delete;
  RecordSchema fleet, service, workload, resources, cpu_memory, health, probe, route, dev, sync,
      feature, provision, pod, toleration;
};

}  // namespace dsc::sema
