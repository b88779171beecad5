#include "runtime/apply/cluster.h"

#include "runtime/kube/api_error.h"

namespace dsc::runtime {

bool Cluster::Resolve(const ObjectRef& ref, kube::ResourceInfo* info, std::string* error) {
  auto found = discovery_.Lookup(ref.api_version, ref.kind, error);
  // A kind whose CRD was installed moments ago: ask discovery once more.
  if (!found) found = discovery_.Lookup(ref.api_version, ref.kind, error, /*refresh=*/true);
  if (!found) return false;
  *info = *found;
  return true;
}

CallResult Cluster::Finish(kube::HttpResponse response, const std::string& what, bool json_body) {
  CallResult result;
  result.response = std::move(response);
  if (!result.response.ok()) {
    result.error = what + ": " + kube::DescribeFailure(result.response);
    return result;
  }
  if (json_body && !result.response.body.empty()) {
    result.object =
        nlohmann::json::parse(result.response.body, nullptr, /*allow_exceptions=*/false);
    if (result.object.is_discarded()) result.error = what + ": the server sent invalid JSON";
  }
  return result;
}

CallResult Cluster::Get(const ObjectRef& ref) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  return Finish(http_.Send({"GET", kube::ObjectPath(info, ref.ns, ref.name)}),
                "get " + ref.Describe());
}

CallResult Cluster::List(const std::string& api_version, const std::string& kind,
                         const std::string& ns, const std::string& label_selector) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve({api_version, kind, ns, ""}, &info, &result.error)) return result;
  std::string path = kube::CollectionPath(info, info.namespaced ? ns : "");
  if (!label_selector.empty()) path += "?labelSelector=" + kube::QueryEscape(label_selector);
  return Finish(http_.Send({"GET", path}), "list " + kind + (ns.empty() ? "" : " in " + ns));
}

CallResult Cluster::Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                          bool dry_run) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  std::string path = kube::ObjectPath(info, ref.ns, ref.name) + "?fieldManager=" + kFieldManager +
                     (force ? "&force=true" : "") + (dry_run ? "&dryRun=All" : "");
  kube::HttpRequest request{"PATCH", path, manifest.dump(), "application/apply-patch+yaml"};
  return Finish(http_.Send(request), "apply " + ref.Describe());
}

CallResult Cluster::Create(const ObjectRef& ref, const nlohmann::json& manifest) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  std::string path = kube::CollectionPath(info, ref.ns) + "?fieldManager=" + kFieldManager;
  return Finish(http_.Send({"POST", path, manifest.dump(), "application/json"}),
                "create " + ref.Describe());
}

CallResult Cluster::Delete(const ObjectRef& ref, const std::string& uid) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  nlohmann::json options = {
      {"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", "Background"}};
  if (!uid.empty()) options["preconditions"] = {{"uid", uid}};
  return Finish(http_.Send({"DELETE", kube::ObjectPath(info, ref.ns, ref.name), options.dump(),
                            "application/json"}),
                "delete " + ref.Describe());
}

CallResult Cluster::GetPath(const std::string& path, bool json_body) {
  return Finish(http_.Send({"GET", path}), "get " + path, json_body);
}

bool CreatedByDsc(const nlohmann::json& object, const std::string& fleet) {
  auto meta = object.find("metadata");
  if (meta == object.end()) return false;
  const nlohmann::json& labels = meta->value("labels", nlohmann::json::object());
  return labels.value("app.kubernetes.io/managed-by", "") == "dsc" &&
         labels.value("devstack.io/fleet", "") == fleet;
}

std::string DescribeApplyConflict(const kube::HttpResponse& response) {
  kube::ApiError error = kube::ParseApiError(response);
  // The apiserver's causes: reason FieldManagerConflict, message `conflict with
  // "kubectl" using apps/v1`, field `.spec.replicas`.
  std::map<std::string, std::vector<std::string>> fields_by_manager;
  for (const auto& cause : error.causes) {
    std::string manager = cause.message;
    auto open = manager.find('"');
    auto close = open == std::string::npos ? open : manager.find('"', open + 1);
    if (close != std::string::npos) manager = manager.substr(open + 1, close - open - 1);
    fields_by_manager[manager].push_back(cause.field);
  }
  if (fields_by_manager.empty()) return error.message;
  std::string out;
  for (const auto& [manager, fields] : fields_by_manager) {
    if (!out.empty()) out += "; ";
    out += "field manager `" + manager + "` owns ";
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + fields[i];
  }
  return out;
}

}  // namespace dsc::runtime
