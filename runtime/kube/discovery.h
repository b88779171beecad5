// apiVersion + kind -> REST resource (plural, namespaced), from the apiserver's
// discovery documents, fetched lazily per group-version and cached, so CRDs
// (Traefik's) work. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "runtime/kube/http_client.h"

namespace dsc::kube {

struct ResourceInfo {
  std::string api_version;  // "v1", "apps/v1", "traefik.io/v1alpha1"
  std::string kind;
  std::string plural;  // "deployments"
  bool namespaced = true;
};

class Discovery {
 public:
  explicit Discovery(HttpClient& client) : client_(client) {}

  // nullopt with `error` set when the group-version or kind is unknown (or the
  // server could not be asked). `refresh` refetches the group-version first (after a
  // CRD was just established).
  std::optional<ResourceInfo> Lookup(const std::string& api_version, const std::string& kind,
                                     std::string* error, bool refresh = false);
  // Caches a group-version's document fetched by someone else (the connection check's
  // GET of /api/v1), so it is not asked for again. False if `body` is no resource list.
  bool Seed(const std::string& api_version, const std::string& body);

 private:
  HttpClient& client_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, ResourceInfo>> by_group_version_;  // gv -> kind
};

// "/api/v1" or "/apis/apps/v1"
std::string GroupVersionPath(const std::string& api_version);
// ".../namespaces/NS/PLURAL" (or cluster-scoped ".../PLURAL")
std::string CollectionPath(const ResourceInfo& resource, const std::string& ns);
// CollectionPath + "/NAME"
std::string ObjectPath(const ResourceInfo& resource, const std::string& ns,
                       const std::string& name);
// Percent-encodes a query parameter value.
std::string QueryEscape(std::string_view value);

}  // namespace dsc::kube
