// Who owns dsc's fields on a live object, and handing them from dsc's create to
// dsc's server-side apply.
//
// Why: dsc creates new objects with a POST, not a server-side apply. On v1.20 a
// create costs the apiserver about 40% less CPU per object, and the apiserver's CPU is
// what bounds a large first apply. But a POST records dsc's fields under a managedFields
// entry with operation "Update", and server-side apply treats that entry as another
// manager: the next apply would conflict with it on every changed field, and a field
// dropped from the blueprint would stay, still owned by the create. So before its first
// server-side apply an object's create entry becomes dsc's apply entry: the
// managedFields rewrite kubectl does when it moves an object from client-side to
// server-side apply (k8s.io/client-go/util/csaupgrade). The create entry also lists the
// fields the apiserver defaulted; owning them is harmless: an apply that leaves one out
// clears it and the apiserver defaults it again, to the same value.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsc::runtime {

// Whether `object`'s managedFields hold an entry of `manager` with operation Update on
// the main resource (not a subresource such as status).
bool HeldByCreate(const nlohmann::json& object, std::string_view manager);

// `managed_fields` with `manager`'s Update entries (main resource) turned into its Apply
// entry: same fields, merged into an existing Apply entry of the same apiVersion.
// nullopt when there is nothing to hand over.
std::optional<nlohmann::json> HandCreateToApply(const nlohmann::json& managed_fields,
                                                std::string_view manager);

// The managers (other than `except`) whose managedFields entries own the field at
// `steps` (as DriftedField::steps: keys, list positions, {"name": NAME}) of `object`, or
// something below it. A named element matches its `k:{"name":"api"}`; a list position
// matches any element of that list (fieldsV1 names elements by key, not by position),
// so a manager of another element may be named too. Sorted, no duplicates.
std::vector<std::string> ManagersOfField(const nlohmann::json& object,
                                         const std::vector<nlohmann::json>& steps,
                                         std::string_view except);

}  // namespace dsc::runtime
