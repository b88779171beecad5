// Object-level operations on the cluster, over the HTTP client and discovery:
// get, list, server-side apply (field manager `dsc`), create, delete with a uid
// precondition. Thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/kube/discovery.h"
#include "runtime/kube/http_client.h"

namespace dsc::runtime {

inline constexpr const char* kFieldManager = "dsc";

struct CallResult {
  kube::HttpResponse response;
  nlohmann::json object;  // the parsed body on success
  std::string error;      // one line when !ok(): what failed and why

  bool ok() const { return error.empty(); }
  bool NotFound() const { return response.status == 404; }
  bool Conflict() const { return response.status == 409; }
};

class Cluster {
 public:
  Cluster(kube::HttpClient& http, kube::Discovery& discovery)
      : http_(http), discovery_(discovery) {}

  CallResult Get(const ObjectRef& ref);
  CallResult List(const std::string& api_version, const std::string& kind, const std::string& ns,
                  const std::string& label_selector = "");
  // Server-side apply. `force`: take over fields another manager owns. The answer
  // holds the object's metadata only (all dsc reads from it: the uid).
  CallResult Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                   bool dry_run = false);
  // A server-side apply with dryRun=All that answers with the whole object: what
  // the object would be after the apply (`dsc diff --live`). Nothing is written.
  CallResult PreviewApply(const ObjectRef& ref, const nlohmann::json& manifest, bool force);
  // A POST: fails with 409 if the object exists. Cheaper for the apiserver than an
  // apply that creates, but see field_ownership.h: dsc's fields are then held by an
  // Update entry until HandCreateToApply. Metadata-only answer.
  CallResult Create(const ObjectRef& ref, const nlohmann::json& manifest, bool dry_run = false);
  // Hands dsc's fields on the live object from its create to its server-side apply
  // (field_ownership.h), if they are still held by the create. A rewrite of
  // managedFields conditional on the resourceVersion, retried when the object changed
  // in between. NotFound when the object is gone.
  CallResult HandCreateToApply(const ObjectRef& ref);
  // Deletes only the object with this uid (a replaced object is left alone).
  CallResult Delete(const ObjectRef& ref, const std::string& uid);
  // A raw GET of a path (pod logs, watches' initial lists). `retry` false: one attempt.
  CallResult GetPath(const std::string& path, bool json_body = true, bool retry = true);

  kube::HttpClient& http() { return http_; }
  kube::Discovery& discovery() { return discovery_; }

 private:
  bool Resolve(const ObjectRef& ref, kube::ResourceInfo* info, std::string* error);
  // `sent` is the object a write sent, if any: a Secret's rejection is described
  // without the apiserver's message.
  CallResult Finish(kube::HttpResponse response, const std::string& what, bool json_body = true,
                    const ObjectRef* sent = nullptr);

  kube::HttpClient& http_;
  kube::Discovery& discovery_;
};

// Whether the object carries the labels dsc puts on what it creates for `fleet`
// (app.kubernetes.io/managed-by=dsc, devstack.io/fleet=FLEET).
bool CreatedByDsc(const nlohmann::json& object, const std::string& fleet);

// Whether dsc can prove it made the object: dsc's labels for `fleet` *and* a
// managedFields entry of field manager `dsc` (its create or apply). Labels alone can be
// copied by hand (`kubectl apply` of a manifest from a build): such an object's fields
// belong to kubectl. What dsc deletes or takes over without a recorded uid must pass this.
bool MadeByDsc(const nlohmann::json& object, const std::string& fleet);

// For a 409 from server-side apply: the fields each other manager owns.
std::map<std::string, std::vector<std::string>> ConflictingFields(
    const kube::HttpResponse& response);

// For a 409 from server-side apply: "conflict with field manager `kubectl`:
// .spec.replicas, ..." built from the Status causes.
std::string DescribeApplyConflict(const kube::HttpResponse& response);

}  // namespace dsc::runtime
