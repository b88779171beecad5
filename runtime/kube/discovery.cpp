#include "runtime/kube/discovery.h"

#include <nlohmann/json.hpp>

#include "base/json_fields.h"
#include "runtime/kube/api_error.h"

namespace dsc::kube {
namespace {

using KindMap = std::map<std::string, ResourceInfo>;

// APIResourceList -> kind -> resource. Subresources ("deployments/scale") carry their
// parent's kind or another one, and are never what a manifest names.
bool ParseResourceList(const std::string& api_version, const std::string& body, KindMap* out) {
  auto list = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json& resources = base::Member(list, "resources");
  if (!resources.is_array()) return false;
  for (const auto& resource : resources) {
    std::string name = base::StringMember(resource, "name");
    std::string kind = base::StringMember(resource, "kind");
    if (name.empty() || kind.empty() || name.find('/') != std::string::npos) continue;
    out->try_emplace(
        kind, ResourceInfo{api_version, kind, name, base::BoolMember(resource, "namespaced")});
  }
  return true;
}

}  // namespace

std::optional<ResourceInfo> Discovery::Lookup(const std::string& api_version,
                                              const std::string& kind, std::string* error,
                                              bool refresh) {
  bool cached = false;
  if (!refresh) {
    std::lock_guard<std::mutex> lock(mu_);
    auto group_version = by_group_version_.find(api_version);
    if (group_version != by_group_version_.end()) {
      cached = true;
      auto found = group_version->second.find(kind);
      if (found != group_version->second.end()) return found->second;
    }
  }
  if (!cached) {
    // Fetched without the lock so lookups of other group-versions are not held up; two
    // threads fetching the same one at once is harmless.
    HttpResponse response = client_.Send({"GET", GroupVersionPath(api_version)});
    if (response.status == 404) {
      *error = "the server does not serve " + api_version;
      return std::nullopt;
    }
    if (!response.ok()) {
      *error = "discovery of " + api_version + ": " + DescribeFailure(response);
      return std::nullopt;
    }
    KindMap kinds;
    if (!ParseResourceList(api_version, response.body, &kinds)) {
      *error = "discovery of " + api_version + ": the server sent no resource list";
      return std::nullopt;
    }
    std::lock_guard<std::mutex> lock(mu_);
    by_group_version_[api_version] = std::move(kinds);
    auto found = by_group_version_[api_version].find(kind);
    if (found != by_group_version_[api_version].end()) return found->second;
  }
  *error = "the server does not know kind " + kind + " in " + api_version;
  return std::nullopt;
}

bool Discovery::Seed(const std::string& api_version, const std::string& body) {
  KindMap kinds;
  if (!ParseResourceList(api_version, body, &kinds)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  by_group_version_[api_version] = std::move(kinds);
  return true;
}

std::string GroupVersionPath(const std::string& api_version) {
  // The core group has no name: "v1" lives under /api.
  if (api_version.find('/') == std::string::npos) return "/api/" + api_version;
  return "/apis/" + api_version;
}

std::string CollectionPath(const ResourceInfo& resource, const std::string& ns) {
  std::string path = GroupVersionPath(resource.api_version);
  if (resource.namespaced && !ns.empty()) path += "/namespaces/" + ns;
  return path + "/" + resource.plural;
}

std::string ObjectPath(const ResourceInfo& resource, const std::string& ns,
                       const std::string& name) {
  return CollectionPath(resource, ns) + "/" + name;
}

std::string QueryEscape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace dsc::kube
