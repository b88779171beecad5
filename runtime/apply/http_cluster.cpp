#include "runtime/apply/http_cluster.h"

#include "base/json_fields.h"
#include "base/json_text.h"
#include "runtime/apply/field_ownership.h"
#include "runtime/kube/api_error.h"

namespace dsc::runtime {
namespace {

// Write answers come back as metadata only: serializing and parsing whole objects
// costs CPU on both sides, and dsc needs only the uid. Servers (or aggregated APIs)
// that cannot transform answer with the object.
constexpr const char* kMetadataOnly =
    "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io, application/json";

}  // namespace

bool HttpCluster::Resolve(const ObjectRef& ref, kube::ResourceInfo* info, std::string* error) {
  auto found = discovery_.Lookup(ref.api_version, ref.kind, error);
  // A kind whose CRD was installed moments ago: ask discovery once more.
  if (!found) found = discovery_.Lookup(ref.api_version, ref.kind, error, /*refresh=*/true);
  if (!found) return false;
  *info = *found;
  return true;
}

CallResult HttpCluster::Finish(kube::HttpResponse response, const std::string& what, bool json_body,
                               const ObjectRef* sent) {
  CallResult result;
  result.response = std::move(response);
  if (!result.response.ok()) {
    const bool secret = sent && sent->kind == "Secret";
    result.error = what + ": " + kube::DescribeFailure(result.response, !secret);
    return result;
  }
  if (json_body && !result.response.body.empty()) {
    result.object =
        nlohmann::json::parse(result.response.body, nullptr, /*allow_exceptions=*/false);
    if (result.object.is_discarded()) result.error = what + ": the server sent invalid JSON";
  }
  return result;
}

CallResult HttpCluster::Get(const ObjectRef& ref) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  return Finish(http_.Send({"GET", kube::ObjectPath(info, ref.ns, ref.name)}),
                "get " + ref.Describe());
}

CallResult HttpCluster::List(const std::string& api_version, const std::string& kind,
                             const std::string& ns, const std::string& label_selector) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve({api_version, kind, ns, ""}, &info, &result.error)) return result;
  std::string path = kube::CollectionPath(info, info.namespaced ? ns : "");
  if (!label_selector.empty()) path += "?labelSelector=" + kube::QueryEscape(label_selector);
  return Finish(http_.Send({"GET", path}), "list " + kind + (ns.empty() ? "" : " in " + ns));
}

CallResult HttpCluster::Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                              bool dry_run) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  std::string path = kube::ObjectPath(info, ref.ns, ref.name) + "?fieldManager=" + kFieldManager +
                     (force ? "&force=true" : "") + (dry_run ? "&dryRun=All" : "");
  kube::HttpRequest request{"PATCH", path, base::JsonText(manifest),
                            "application/apply-patch+yaml"};
  request.accept = kMetadataOnly;
  return Finish(http_.Send(request), "apply " + ref.Describe(), true, &ref);
}

CallResult HttpCluster::PreviewApply(const ObjectRef& ref, const nlohmann::json& manifest,
                                     bool force) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  std::string path = kube::ObjectPath(info, ref.ns, ref.name) + "?fieldManager=" + kFieldManager +
                     (force ? "&force=true" : "") + "&dryRun=All";
  return Finish(
      http_.Send({"PATCH", path, base::JsonText(manifest), "application/apply-patch+yaml"}),
      "preview apply of " + ref.Describe(), true, &ref);
}

CallResult HttpCluster::Create(const ObjectRef& ref, const nlohmann::json& manifest, bool dry_run) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  std::string path = kube::CollectionPath(info, ref.ns) + "?fieldManager=" + kFieldManager +
                     (dry_run ? "&dryRun=All" : "");
  kube::HttpRequest request{"POST", path, base::JsonText(manifest), "application/json"};
  request.accept = kMetadataOnly;
  return Finish(http_.Send(request), "create " + ref.Describe(), true, &ref);
}

CallResult HttpCluster::HandCreateToApply(const ObjectRef& ref) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  const std::string path = kube::ObjectPath(info, ref.ns, ref.name);
  for (int attempt = 0;; ++attempt) {
    kube::HttpRequest get{"GET", path};
    get.accept = kMetadataOnly;
    CallResult live = Finish(http_.Send(get), "get " + ref.Describe());
    if (!live.ok()) return live;
    const nlohmann::json& meta = base::Member(live.object, "metadata");
    auto handed = runtime::HandCreateToApply(base::Member(meta, "managedFields"), kFieldManager);
    if (!handed) return live;
    // A merge patch replaces the whole list; the resourceVersion makes it conditional.
    nlohmann::json patch = {{"metadata",
                             {{"resourceVersion", base::StringMember(meta, "resourceVersion")},
                              {"managedFields", *handed}}}};
    kube::HttpRequest request{"PATCH", path, base::JsonText(patch), "application/merge-patch+json"};
    request.accept = kMetadataOnly;
    CallResult patched =
        Finish(http_.Send(request), "hand fields to apply on " + ref.Describe(), true, &ref);
    if (!patched.Conflict() || attempt == 4) return patched;
  }
}

CallResult HttpCluster::Delete(const ObjectRef& ref, const std::string& uid) {
  kube::ResourceInfo info;
  CallResult result;
  if (!Resolve(ref, &info, &result.error)) return result;
  nlohmann::json options = {
      {"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", "Background"}};
  if (!uid.empty()) options["preconditions"] = {{"uid", uid}};
  return Finish(http_.Send({"DELETE", kube::ObjectPath(info, ref.ns, ref.name),
                            base::JsonText(options), "application/json"}),
                "delete " + ref.Describe());
}

CallResult HttpCluster::GetPath(const std::string& path, bool json_body, bool retry) {
  kube::HttpRequest request{"GET", path};
  request.retry = retry;
  return Finish(http_.Send(request), "get " + path, json_body);
}

CallResult HttpCluster::ServesKind(const std::string& api_version, const std::string& kind) {
  CallResult result;
  if (discovery_.Lookup(api_version, kind, &result.error)) return {};
  // Not known, or the server could not be asked? One fresh GET of the group-version
  // tells, and refreshes discovery's copy of it.
  CallResult group = GetPath(kube::GroupVersionPath(api_version), /*json_body=*/false);
  if (group.ok() && discovery_.Seed(api_version, group.response.body) &&
      discovery_.Lookup(api_version, kind, &result.error))
    return {};
  if (!group.ok() && !group.NotFound()) return group;
  result.response.status = 404;
  return result;
}

}  // namespace dsc::runtime
