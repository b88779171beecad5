// Never-throwing reads of JSON that comes from outside dsc: apiserver answers, watch
// events, exec-plugin output, the inventory ConfigMap anyone with access may edit.
// nlohmann's value(), at() and get<>() throw on an unexpected shape, and a const
// operator[] on a missing key is undefined; an exception in a worker thread ends dsc.
// Here a missing or mistyped member reads as absent (null, or the fallback).
#pragma once

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace dsc::base {

// The member `key` of `object`; null when `object` is not an object or lacks it.
inline const nlohmann::json& Member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kAbsent;
  if (!object.is_object()) return kAbsent;
  auto found = object.find(key);
  return found == object.end() ? kAbsent : *found;
}

// The member `key` when it is an array, else an empty array (to iterate over).
inline const nlohmann::json& ArrayMember(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json& member = Member(object, key);
  return member.is_array() ? member : kEmpty;
}

inline std::string StringMember(const nlohmann::json& object, const char* key,
                                std::string fallback = "") {
  const nlohmann::json& member = Member(object, key);
  return member.is_string() ? member.get<std::string>() : fallback;
}

// An unsigned value past long long's range is the fallback, not a wrapped negative.
inline long long IntMember(const nlohmann::json& object, const char* key, long long fallback = 0) {
  const nlohmann::json& member = Member(object, key);
  if (member.is_number_unsigned())
    return member.get<unsigned long long>() <= std::numeric_limits<long long>::max()
               ? member.get<long long>()
               : fallback;
  return member.is_number_integer() ? member.get<long long>() : fallback;
}

// The member `key` when it is an integer that fits an int, else `fallback`. Not
// value<int>(): converting a JSON float out of int's range (1e110) is undefined behaviour,
// not an exception (found by fuzz_api_response).
inline int IntMemberAsInt(const nlohmann::json& object, const char* key, int fallback = 0) {
  // long long's minimum stands for "no integer": it is outside int's range anyway.
  long long value = IntMember(object, key, std::numeric_limits<long long>::min());
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max()
             ? static_cast<int>(value)
             : fallback;
}

inline bool BoolMember(const nlohmann::json& object, const char* key, bool fallback = false) {
  const nlohmann::json& member = Member(object, key);
  return member.is_boolean() ? member.get<bool>() : fallback;
}

// metadata.`key` of a Kubernetes object (uid, name, namespace, ...); "" when absent.
inline std::string MetadataString(const nlohmann::json& object, const char* key) {
  return StringMember(Member(object, "metadata"), key);
}

}  // namespace dsc::base
