// Object-level operations on a cluster: get, list, server-side apply (field manager
// `dsc`), create, delete with a uid precondition; and what dsc reads from objects and
// answers (who made an object, who owns conflicting fields).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
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

// What the apply, destroy, status and gc code asks of a cluster. HttpCluster talks to an
// apiserver; tests use FakeCluster (testing/fake_cluster.h), an object tracker in memory,
// to unit-test the runtime's decisions. Implementations are thread-safe.
class Cluster {
 public:
  virtual ~Cluster() = default;

  virtual CallResult Get(const ObjectRef& ref) = 0;
  // Every object of a kind in `ns` (every namespace when empty, or the kind is
  // cluster-scoped), optionally by label selector ("k=v,k2=v2"). A kind the cluster
  // does not serve fails with no request sent: response.status 0, no transport error.
  virtual CallResult List(const std::string& api_version, const std::string& kind,
                          const std::string& ns, const std::string& label_selector = "") = 0;
  // Server-side apply. `force`: take over fields another manager owns. The answer
  // holds the object's metadata only (all dsc reads from it: the uid).
  virtual CallResult Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                           bool dry_run = false) = 0;
  // A server-side apply with dryRun=All that answers with the whole object: what
  // the object would be after the apply (`dsc diff --live`). Nothing is written.
  virtual CallResult PreviewApply(const ObjectRef& ref, const nlohmann::json& manifest,
                                  bool force) = 0;
  // A POST: fails with 409 if the object exists. Cheaper for the apiserver than an
  // apply that creates, but see field_ownership.h: dsc's fields are then held by an
  // Update entry until HandCreateToApply. Metadata-only answer.
  virtual CallResult Create(const ObjectRef& ref, const nlohmann::json& manifest,
                            bool dry_run = false) = 0;
  // Hands dsc's fields on the live object from its create to its server-side apply
  // (field_ownership.h), if they are still held by the create. NotFound when the
  // object is gone.
  virtual CallResult HandCreateToApply(const ObjectRef& ref) = 0;
  // Deletes only the object with this uid (a replaced object is left alone): 409 when
  // the live object has another uid.
  virtual CallResult Delete(const ObjectRef& ref, const std::string& uid) = 0;
  // A raw GET of a path (pod logs). `retry` false: one attempt.
  virtual CallResult GetPath(const std::string& path, bool json_body = true, bool retry = true) = 0;
  // Whether the cluster serves the kind: ok(); NotFound() when it does not; another
  // failure when the cluster could not be asked.
  virtual CallResult ServesKind(const std::string& api_version, const std::string& kind) = 0;
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
