// Expressions to values: literals, references, calls, lists, maps and records,
// each checked against the type the context expects.
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "base/quantity_suffix.h"
#include "compiler/sema/analyzer.h"
#include "compiler/sema/names.h"
#include "compiler/sema/preview_host.h"

namespace dsc::sema {
namespace {

bool IsDurationUnit(std::string_view u) {
  return u == "ms" || u == "s" || u == "m" || u == "h" || u == "d";
}
bool IsCpuUnit(std::string_view u) { return u.empty() || u == "m" || u == "n" || u == "u"; }

// Durations and quantities are never negative: a negative TTL, probe period or memory
// request means nothing to Kubernetes. True when `expr` is negative (and was reported).
bool ReportNegative(const ast::Expr& expr, const Type& type, DiagnosticSink& diags) {
  if (!(expr.float_value < 0)) return false;
  diags
      .Report(DiagKind::kTypeMismatch, expr.span, fmt::format("{} of zero or more", Describe(type)),
              fmt::format("`{}`", expr.number_text))
      .Help("durations and quantities cannot be negative");
  return true;
}

double DurationFactorMs(std::string_view u) {
  if (u == "ms") return 1;
  if (u == "s") return 1000;
  if (u == "m") return 60e3;
  if (u == "h") return 3600e3;
  return 86400e3;
}

// The lexer gives only quantity units; anything else would count as 1.
double QuantityFactor(std::string_view u) { return base::QuantitySuffixFactor(u).value_or(1); }

std::string DescribeValue(const Value& v) {
  switch (v.kind) {
    case ValueKind::kString:
      return "a string";
    case ValueKind::kInt:
      return "an int";
    case ValueKind::kBool:
      return "a bool";
    case ValueKind::kDuration:
      return "a duration";
    case ValueKind::kQuantity:
      return "a quantity";
    case ValueKind::kSecret:
      return "a `secret(…)`";
    case ValueKind::kEntity:
      return "a service or infra";
    case ValueKind::kReload:
      return "a reload kind instance";
    case ValueKind::kList:
      return "a list";
    case ValueKind::kMap:
      return "a map";
    case ValueKind::kError:
      return "an error";
  }
  return "a value";
}

const MapEntry* FindEntry(const Value& map, std::string_view key) {
  for (const MapEntry& entry : map.entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

}  // namespace

Value Analyzer::Eval(const ast::Expr& expr, const Type& type, const Scope& scope) {
  if (expr.malformed) return ErrorValue(expr.span);
  switch (expr.kind) {
    case ast::ExprKind::kString:
      return Budgeted(EvalString(expr, type, scope));
    case ast::ExprKind::kNumber:
      return EvalNumber(expr, type, scope);
    case ast::ExprKind::kBool: {
      Value v;
      v.kind = ValueKind::kBool;
      v.flag = expr.bool_value;
      v.span = expr.span;
      return CheckAssignable(std::move(v), type, expr.span);
    }
    case ast::ExprKind::kList:
      return EvalList(expr, type, scope);
    case ast::ExprKind::kMap:
      if (type.kind == TypeKind::kRecord) {
        return EvalRecord(*expr.body, *type.record, scope, true, expr.span);
      }
      if (type.kind == TypeKind::kMap) return EvalMap(*expr.body, type, scope, expr.span);
      diags_->Report(DiagKind::kTypeMismatch, expr.span, Describe(type), "a block");
      return ErrorValue(expr.span);
    case ast::ExprKind::kCall:
      return EvalCall(expr, type, scope);
    case ast::ExprKind::kInstance:
      return EvalInstance(expr, type, scope);
    case ast::ExprKind::kRef:
      return Budgeted(EvalRef(expr.name, type, scope));
  }
  return ErrorValue(expr.span);
}

namespace {

uint64_t BytesOf(const Value& value) {
  uint64_t bytes = value.text.size() + value.key.size();
  for (const Value& item : value.items) bytes += BytesOf(item);
  for (const MapEntry& entry : value.entries) bytes += entry.key.size() + BytesOf(entry.value);
  return bytes;
}

}  // namespace

// Strings (written or interpolated) and references (which copy what they name) are
// where a fleet's values can grow beyond its text; lists and maps are built of them.
Value Analyzer::Budgeted(Value value) {
  if (!value.ok()) return value;
  evaluated_bytes_ += BytesOf(value);
  if (evaluated_bytes_ <= limits_.max_evaluated_bytes) return value;
  if (!reported_expansion_) {
    reported_expansion_ = true;
    diags_->Report(DiagKind::kExpansionTooLarge, value.span, limits_.max_evaluated_bytes)
        .Note(
            "strings built from `${…}` and references copy what they name; a chain of them "
            "can double a string at every step")
        .Help("check the interpolations that lead here, or pass --max-evaluated-bytes");
  }
  return ErrorValue(value.span);
}

Value Analyzer::CheckAssignable(Value value, const Type& type, Span span) {
  if (!value.ok()) return value;
  ValueKind k = value.kind;
  switch (type.kind) {
    case TypeKind::kString:
    case TypeKind::kHostPattern:
      if (k == ValueKind::kString) return value;
      break;
    case TypeKind::kInt:
      if (k == ValueKind::kInt) return value;
      break;
    case TypeKind::kBool:
      if (k == ValueKind::kBool) return value;
      break;
    case TypeKind::kDuration:
      if (k == ValueKind::kDuration) return value;
      if (k == ValueKind::kQuantity) {
        diags_->Report(DiagKind::kUnitMismatch, span, Describe(type), "a quantity", value.text);
        return ErrorValue(span);
      }
      break;
    case TypeKind::kQuantity:
    case TypeKind::kCpu:
    case TypeKind::kMemory:
      if (k == ValueKind::kQuantity) {
        bool cpu_unit = IsCpuUnit(value.key);
        if (type.kind == TypeKind::kCpu && !cpu_unit) {
          diags_->Report(DiagKind::kCpuMemoryMismatch, span, value.text, "memory", "cpu", "cpu")
              .Help("cpu is counted in cores: `500m` is half a core, `2` is two");
          return ErrorValue(span);
        }
        if (type.kind == TypeKind::kMemory && !value.key.empty() && cpu_unit) {
          diags_->Report(DiagKind::kCpuMemoryMismatch, span, value.text, "cpu", "memory", "memory")
              .Help("memory is counted in bytes: write `128Mi` or `1Gi`");
          return ErrorValue(span);
        }
        return value;
      }
      if (k == ValueKind::kDuration) {
        diags_->Report(DiagKind::kUnitMismatch, span, Describe(type), "a duration", value.text);
        return ErrorValue(span);
      }
      break;
    case TypeKind::kSecret:
      if (k == ValueKind::kSecret) return value;
      break;
    case TypeKind::kEnvValue:
      if (k == ValueKind::kString || k == ValueKind::kSecret) return value;
      if (k == ValueKind::kInt || k == ValueKind::kBool || k == ValueKind::kDuration ||
          k == ValueKind::kQuantity) {
        return StringValue(value.ToText(), value.span);
      }
      break;
    case TypeKind::kEntityRef:
      if (k == ValueKind::kEntity) return value;
      break;
    case TypeKind::kReload:
      if (k == ValueKind::kReload) return value;
      if (k == ValueKind::kList) {
        Value reload;
        reload.kind = ValueKind::kReload;
        reload.span = value.span;
        for (Value& item : value.items) {
          Value checked = CheckAssignable(std::move(item), *Type::Of(TypeKind::kString), item.span);
          if (!checked.ok()) return checked;
          reload.items.push_back(std::move(checked));
        }
        return reload;
      }
      break;
    case TypeKind::kList:
      if (k == ValueKind::kList) {
        for (Value& item : value.items) {
          item = CheckAssignable(std::move(item), *type.elem, item.span);
          if (!item.ok()) return ErrorValue(span);
        }
        return value;
      }
      break;
    case TypeKind::kMap:
      // A map written in place was checked entry by entry as it was evaluated; one passed
      // on (a kind's `map<string>` parameter given to `ports`) is checked here, against
      // the map type it arrives at, and reported where it arrives.
      if (k == ValueKind::kMap) {
        DiagnosticSink* real = diags_;
        DiagnosticSink muted;
        diags_ = &muted;
        for (MapEntry& entry : value.entries) {
          Value checked = CheckAssignable(entry.value, *type.elem, entry.value.span);
          if (!checked.ok()) {
            diags_ = real;
            diags_
                ->Report(
                    DiagKind::kTypeMismatch, span, Describe(type),
                    fmt::format("a map whose `{}` is {}", entry.key, DescribeValue(entry.value)))
                .Secondary(entry.value.span, fmt::format("`{}` is set here", entry.key));
            return ErrorValue(span);
          }
          entry.value = std::move(checked);
        }
        diags_ = real;
        return value;
      }
      break;
    case TypeKind::kRecord:
      if (k == ValueKind::kMap) return value;
      break;
  }
  auto& d = diags_->Report(DiagKind::kTypeMismatch, span, Describe(type), DescribeValue(value));
  if (k == ValueKind::kString && type.kind == TypeKind::kDuration) {
    d.Help(fmt::format("durations are written without quotes, e.g. `{}`",
                       value.text.empty() ? "30s" : value.text));
  } else if (k == ValueKind::kString && type.kind == TypeKind::kInt) {
    d.Help("write the number without quotes");
  } else if (k == ValueKind::kString && type.kind == TypeKind::kBool) {
    d.Help("write `true` or `false` without quotes");
  } else if (k == ValueKind::kInt && type.kind == TypeKind::kString) {
    d.Help(fmt::format("quote it: `\"{}\"`", value.number));
  } else if (k == ValueKind::kString && type.kind == TypeKind::kEntityRef) {
    d.Help("name the service or infra itself, without quotes or an export, e.g. `db`");
  } else if (type.kind == TypeKind::kEntityRef) {
    d.Help("name the service or infra itself, without an export, e.g. `db`");
  }
  return ErrorValue(span);
}

Value Analyzer::EvalString(const ast::Expr& expr, const Type& type, const Scope& scope) {
  std::string text;
  bool ok = true;
  for (const ast::StringPart& part : expr.parts) {
    if (!part.is_ref) {
      text += part.text;
      continue;
    }
    if (type.kind == TypeKind::kHostPattern) {
      // A pattern's `${…}` are filled in per service and feature, not resolved here.
      std::string placeholder = part.ref.ToString();
      if (IsPreviewPlaceholder(placeholder)) {
        text += "${" + placeholder + "}";
        continue;
      }
      auto& d =
          diags_->Report(DiagKind::kInvalidPreviewHost, part.span,
                         fmt::format("`${{{}}}` is not one of its placeholders", placeholder));
      ReportDidYouMean(d, placeholder, {"service", "label", "fleet.domain"});
      if (d.help.empty())
        d.Help("a preview host can use `${service}`, `${label}` and `${fleet.domain}`");
      ok = false;
      continue;
    }
    // Budgeted before it is appended: the string being built stays within the budget.
    Value v = Budgeted(EvalRef(part.ref, *Type::Of(TypeKind::kEnvValue), scope));
    if (v.kind == ValueKind::kSecret) {
      diags_
          ->Report(DiagKind::kTypeMismatch, part.span, "a value that can be written into a string",
                   "a `secret(…)`")
          .Help(
              "a secret's value never passes through dsc; use it as a whole env value: "
              "`NAME = secret(\"name\", \"key\")`");
      ok = false;
    } else if (!v.ok()) {
      ok = false;
    } else {
      text += v.ToText();
    }
  }
  if (!ok) return ErrorValue(expr.span);
  return CheckAssignable(StringValue(std::move(text), expr.span), type, expr.span);
}

Value Analyzer::EvalNumber(const ast::Expr& expr, const Type& type, const Scope& scope) {
  const std::string& unit = expr.unit;
  Value v;
  v.span = expr.span;
  v.text = expr.number_text;
  // `m` is minutes in a duration and milli in a quantity; the others are one or the other.
  bool duration_only = unit != "m" && IsDurationUnit(unit);
  switch (type.kind) {
    case TypeKind::kInt:
      if (unit.empty() && expr.is_integer) return IntValue(expr.int_value, expr.span);
      diags_->Report(DiagKind::kUnitMismatch, expr.span, "an int",
                     unit.empty() ? "a fractional number"
                                  : (duration_only || unit == "m" ? "a duration" : "a quantity"),
                     expr.number_text);
      return ErrorValue(expr.span);
    case TypeKind::kDuration:
      if (IsDurationUnit(unit)) {
        if (ReportNegative(expr, type, *diags_)) return ErrorValue(expr.span);
        double ms = expr.float_value * DurationFactorMs(unit);
        // 2^63 ms: past it, llround has no answer (the magnitude itself fit in 64 bits).
        if (!(ms < 9223372036854775808.0)) {
          diags_->Report(DiagKind::kIntegerOutOfRange, expr.span, expr.number_text)
              .Note("durations are counted in milliseconds; 64 bits hold about 292 million years");
          return ErrorValue(expr.span);
        }
        v.kind = ValueKind::kDuration;
        v.number = static_cast<int64_t>(std::llround(ms));
        return v;
      }
      diags_
          ->Report(DiagKind::kUnitMismatch, expr.span, "a duration",
                   unit.empty() ? "a plain number" : "a quantity", expr.number_text)
          .Help(unit.empty() ? fmt::format("add a unit, e.g. `{}s`", expr.number_text)
                             : "durations use `ms`, `s`, `m`, `h` or `d`");
      return ErrorValue(expr.span);
    case TypeKind::kQuantity:
    case TypeKind::kCpu:
    case TypeKind::kMemory:
      if (duration_only) {
        diags_
            ->Report(DiagKind::kUnitMismatch, expr.span, Describe(type), "a duration",
                     expr.number_text)
            .Help(type.kind == TypeKind::kMemory ? "memory is written like `256Mi`"
                                                 : "cpu is written like `250m` or `0.5`");
        return ErrorValue(expr.span);
      }
      if (ReportNegative(expr, type, *diags_)) return ErrorValue(expr.span);
      v.kind = ValueKind::kQuantity;
      v.key = unit;
      v.real = expr.float_value * QuantityFactor(unit);
      return CheckAssignable(std::move(v), type, expr.span);
    case TypeKind::kEnvValue:
      return StringValue(expr.number_text, expr.span);
    default:
      break;
  }
  (void)scope;
  auto& d = diags_->Report(DiagKind::kTypeMismatch, expr.span, Describe(type),
                           fmt::format("the number `{}`", expr.number_text));
  if (type.kind == TypeKind::kString) d.Help(fmt::format("quote it: `\"{}\"`", expr.number_text));
  return ErrorValue(expr.span);
}

Value Analyzer::EvalList(const ast::Expr& expr, const Type& type, const Scope& scope) {
  Value list;
  list.kind = ValueKind::kList;
  list.span = expr.span;
  const Type* elem = nullptr;
  TypePtr string_type = Type::Of(TypeKind::kString);
  if (type.kind == TypeKind::kList) elem = type.elem.get();
  if (type.kind == TypeKind::kReload) elem = string_type.get();
  if (!elem) {
    diags_->Report(DiagKind::kTypeMismatch, expr.span, Describe(type), "a list");
    return ErrorValue(expr.span);
  }
  bool ok = true;
  for (const auto& item : expr.items) {
    Value v = Eval(*item, *elem, scope);
    ok &= v.ok();
    list.items.push_back(std::move(v));
  }
  if (!ok) return ErrorValue(expr.span);
  return type.kind == TypeKind::kReload ? CheckAssignable(std::move(list), type, expr.span) : list;
}

Value Analyzer::EvalMap(const ast::Body& body, const Type& type, const Scope& scope, Span span) {
  Value map;
  map.kind = ValueKind::kMap;
  map.span = span;
  // Key -> its entry's index: a map may have hundreds of thousands of entries, and a
  // scan per key would make checking it quadratic.
  std::unordered_map<std::string_view, size_t> seen;
  seen.reserve(body.members.size());
  map.entries.reserve(body.members.size());
  for (const ast::Member& member : body.members) {
    if (member.kind == ast::MemberKind::kDecl) {
      diags_->Report(DiagKind::kBlockNotAllowed, member.span, DeclKindKeyword(member.decl->kind),
                     "features");
      continue;
    }
    auto [first, fresh] = seen.emplace(member.key.text, map.entries.size());
    if (!fresh) {
      diags_->Report(DiagKind::kDuplicateField, member.key.span, member.key.text)
          .Secondary(map.entries[first->second].key_span, "first set here");
      continue;
    }
    Scope inner = scope;
    inner.field = member.key.text;
    map.entries.push_back(
        {member.key.text, member.key.span, Eval(*member.value, *type.elem, inner)});
  }
  return map;
}

Value Analyzer::EvalRecord(const ast::Body& body, const RecordSchema& schema, const Scope& scope,
                           bool required, Span span) {
  Value record;
  record.kind = ValueKind::kMap;
  record.span = span;
  // At most one entry per member: no Value (about 200 bytes) moved by a regrowth.
  record.entries.reserve(body.members.size());
  for (const ast::Member& member : body.members) {
    if (member.kind == ast::MemberKind::kDecl) {
      if (&schema != &schemas_.feature) {
        Span header{member.span.file, member.span.begin, member.decl->name.span.end};
        diags_->Report(DiagKind::kBlockNotAllowed, header, DeclKindKeyword(member.decl->kind),
                       "features");
      }
      continue;
    }
    const FieldSchema* field = schema.Find(member.key.text);
    if (!field) {
      auto& d = diags_->Report(DiagKind::kUnknownField, member.key.span, member.key.text,
                               fmt::format("a `{}` block", schema.name));
      std::vector<std::string> names;
      for (const FieldSchema& f : schema.fields) names.push_back(f.name);
      ReportDidYouMean(d, member.key.text, names);
      if (d.help.empty()) d.Help(fmt::format("`{}` has: {}", schema.name, fmt::join(names, ", ")));
      continue;
    }
    Scope inner = scope;
    inner.field = field->name;
    Value* existing = record.GetMutable(field->name);
    if (field->repeatable) {
      // Each `route { … }` block adds one (and so does `route = { … }`: a block and an
      // assigned map are the same everywhere); `route = [ … ]` adds several.
      bool one = member.kind == ast::MemberKind::kBlock ||
                 (member.value && member.value->kind == ast::ExprKind::kMap);
      Value added = one ? Eval(*member.value, *field->type->elem, inner)
                        : Eval(*member.value, *field->type, inner);
      if (!existing) {
        Value list;
        list.kind = ValueKind::kList;
        list.span = member.span;
        record.entries.push_back({field->name, member.key.span, std::move(list)});
        existing = &record.entries.back().value;
      }
      if (one) {
        existing->items.push_back(std::move(added));
      } else if (added.ok()) {
        for (Value& item : added.items) existing->items.push_back(std::move(item));
      }
      continue;
    }
    if (existing) {
      diags_->Report(DiagKind::kDuplicateField, member.key.span, member.key.text)
          .Secondary(FindEntry(record, field->name)->key_span, "first set here");
      continue;
    }
    record.entries.push_back(
        {field->name, member.key.span, Eval(*member.value, *field->type, inner)});
  }
  if (required) {
    for (const FieldSchema& field : schema.fields) {
      if (field.required && !record.Get(field.name)) {
        diags_
            ->Report(DiagKind::kMissingField, span, fmt::format("`{}` block", schema.name),
                     field.name)
            .Help(fmt::format("add `{} = …` ({})", field.name, Describe(*field.type)));
      }
    }
  }
  return record;
}

Value Analyzer::EvalCall(const ast::Expr& expr, const Type& type, const Scope& scope) {
  const std::string& function = expr.name.parts[0].text;
  if (function != "secret") {
    diags_->Report(DiagKind::kUnknownFunction, expr.name.span, function)
        .Help("the one function is `secret(\"secret-name\", \"key\")`");
    return ErrorValue(expr.span);
  }
  if (expr.items.size() != 2) {
    diags_->Report(DiagKind::kBadSecretRef, expr.span)
        .Note(fmt::format("found {} argument{}", expr.items.size(),
                          expr.items.size() == 1 ? "" : "s"))
        .Help("write `secret(\"api-secrets\", \"token\")`");
    return ErrorValue(expr.span);
  }
  TypePtr string_type = Type::Of(TypeKind::kString);
  Value name = Eval(*expr.items[0], *string_type, scope);
  Value key = Eval(*expr.items[1], *string_type, scope);
  if (!name.ok() || !key.ok()) return ErrorValue(expr.span);
  // Both reach the apiserver and the Secret-copy hook's `kubectl` as data; what is not a
  // Secret name or key there would only fail later, in a pod that never starts.
  bool valid = true;
  for (auto [value, what, problem] : {std::tuple{&name, "name", SubdomainProblem(name.text)},
                                      std::tuple{&key, "key", DataKeyProblem(key.text)}}) {
    if (problem.empty()) continue;
    valid = false;
    diags_->Report(DiagKind::kInvalidSecretRef, value->span, value->text, what, problem)
        .Help(std::string_view(what) == "name"
                  ? "a Secret name is lowercase letters, digits, `-` and `.`, e.g. `api-secrets`"
                  : "a Secret key is letters, digits, `-`, `_` and `.`, e.g. `password`");
  }
  if (!valid) return ErrorValue(expr.span);
  Value secret;
  secret.kind = ValueKind::kSecret;
  secret.span = expr.span;
  secret.text = name.text;
  secret.key = key.text;
  return CheckAssignable(std::move(secret), type, expr.span);
}

Value Analyzer::EvalInstance(const ast::Expr& expr, const Type& type, const Scope& scope) {
  const KindInfo* kind = LookupKind(expr.name, scope.module, expr.name.span);
  if (!kind) return ErrorValue(expr.span);
  if (type.kind != TypeKind::kReload) {
    diags_->Report(DiagKind::kTypeMismatch, expr.span, Describe(type),
                   fmt::format("an instance of kind `{}`", expr.name.ToString()));
    return ErrorValue(expr.span);
  }
  if (kind->category != "reload") {
    diags_
        ->Report(DiagKind::kWrongKindCategory, expr.name.span, expr.name.ToString(), kind->category,
                 "reload")
        .Help("`dev.reload` takes a reload preset such as `reload.go { … }` or a command list");
    return ErrorValue(expr.span);
  }
  std::string self = scope.current >= 0 ? entities_[scope.current].name : std::string();
  auto instance = Instantiate(*kind, expr.name.ToString(), expr.body.get(), scope, self,
                              model_.fleet.namespace_, expr.name.span);
  if (!instance) return ErrorValue(expr.span);
  const Value* command = instance->exports.Get("command");
  if (!command || !command->ok()) return ErrorValue(expr.span);
  Value reload;
  reload.kind = ValueKind::kReload;
  reload.span = expr.span;
  reload.text = expr.name.ToString();
  reload.items = command->items;
  return reload;
}

}  // namespace dsc::sema
