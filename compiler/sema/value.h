// Values: what expressions evaluate to once names are resolved and types
// checked. Everything in a fleet is static, so sema evaluates it completely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"

namespace dsc::sema {

enum class ValueKind {
  kError,  // already diagnosed: silences every follow-on check
  kString,
  kInt,
  kBool,
  kDuration,  // `number` in milliseconds, `text` as written
  kQuantity,  // `real` in base units, `text` as written
  kSecret,    // `text` the Secret's name, `key` the key
  kEntity,    // `number` the entity id
  kReload,    // `items` the command, `text` the kind
  kList,
  kMap,  // also a record: entries in written order
};

struct MapEntry;

struct Value {
  ValueKind kind = ValueKind::kError;
  Span span;
  std::string text;
  std::string key;
  int64_t number = 0;
  double real = 0;
  bool flag = false;
  std::vector<Value> items;
  std::vector<MapEntry> entries;
  // For a value that is exactly an entity's export (`orders.url`, not
  // `"${orders.url}/x"`): the entity id and the export's name. Lets `dsc build`
  // read infra outputs from the infra's ConfigMap instead of a copied literal.
  int origin_entity = -1;
  std::string origin_export;

  bool ok() const { return kind != ValueKind::kError; }
  const Value* Get(std::string_view field) const;
  Value* GetMutable(std::string_view field);
  // The value written into a string (`${…}` or an env var).
  std::string ToText() const;
};

struct MapEntry {
  std::string key;
  Span key_span;
  Value value;
};

Value ErrorValue(Span span);
Value StringValue(std::string text, Span span);
Value IntValue(int64_t number, Span span);

}  // namespace dsc::sema
