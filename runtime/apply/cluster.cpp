#include "runtime/apply/cluster.h"

#include "base/json_fields.h"
#include "runtime/kube/api_error.h"

namespace dsc::runtime {

bool CreatedByDsc(const nlohmann::json& object, const std::string& fleet) {
  const nlohmann::json& labels = base::Member(base::Member(object, "metadata"), "labels");
  return base::StringMember(labels, "app.kubernetes.io/managed-by") == "dsc" &&
         base::StringMember(labels, "devstack.io/fleet") == fleet;
}

bool MadeByDsc(const nlohmann::json& object, const std::string& fleet) {
  if (!CreatedByDsc(object, fleet)) return false;
  const nlohmann::json& meta = base::Member(object, "metadata");
  for (const nlohmann::json& entry : base::ArrayMember(meta, "managedFields")) {
    if (base::StringMember(entry, "manager") == kFieldManager) return true;
  }
  return false;
}

std::map<std::string, std::vector<std::string>> ConflictingFields(
    const kube::HttpResponse& response) {
  // The apiserver's causes: reason FieldManagerConflict, message `conflict with
  // "kubectl" using apps/v1`, field `.spec.replicas`.
  std::map<std::string, std::vector<std::string>> fields_by_manager;
  for (const auto& cause : kube::ParseApiError(response).causes) {
    std::string manager = cause.message;
    auto open = manager.find('"');
    auto close = open == std::string::npos ? open : manager.find('"', open + 1);
    if (close != std::string::npos) manager = manager.substr(open + 1, close - open - 1);
    fields_by_manager[manager].push_back(cause.field);
  }
  return fields_by_manager;
}

std::string DescribeApplyConflict(const kube::HttpResponse& response) {
  auto fields_by_manager = ConflictingFields(response);
  if (fields_by_manager.empty()) return kube::ParseApiError(response).message;
  std::string out;
  for (const auto& [manager, fields] : fields_by_manager) {
    if (!out.empty()) out += "; ";
    out += "field manager `" + manager + "` owns ";
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + fields[i];
  }
  return out;
}

}  // namespace dsc::runtime
