#include "compiler/sema/value.h"

namespace dsc::sema {

const Value* Value::Get(std::string_view field) const {
  for (const MapEntry& entry : entries) {
    if (entry.key == field) return &entry.value;
  }
  return nullptr;
}

Value* Value::GetMutable(std::string_view field) {
  for (MapEntry& entry : entries) {
    if (entry.key == field) return &entry.value;
  }
  return nullptr;
}

std::string Value::ToText() const {
  switch (kind) {
    case ValueKind::kInt:
      return std::to_string(number);
    case ValueKind::kBool:
      return flag ? "true" : "false";
    default:
      return text;
  }
}

Value ErrorValue(Span span) {
  Value v;
  v.span = span;
  return v;
}

Value StringValue(std::string text, Span span) {
  Value v;
  v.kind = ValueKind::kString;
  v.text = std::move(text);
  v.span = span;
  return v;
}

Value IntValue(int64_t number, Span span) {
  Value v;
  v.kind = ValueKind::kInt;
  v.number = number;
  v.span = span;
  return v;
}

}  // namespace dsc::sema
