#include "compiler/diff/render.h"

namespace dsc::diff {

std::string EntityTitle(const EntityChange& entity) {
  return entity.feature.empty() ? entity.name : entity.name + " (feature " + entity.feature + ")";
}

std::string RouteTitle(const RouteChange& route) {
  std::string title = route.host + route.path + " (" + route.via;
  if (!route.feature.empty()) title += ", feature " + route.feature;
  return title + ", IngressRoute " + route.namespace_ + "/" + route.ingress_route + ")";
}

const char* ObjectChangeName(const Report& report, Change change) {
  if (!report.live || change == Change::kChanged) return ChangeName(change);
  return change == Change::kAdded ? "created" : "pruned";
}

std::string ObjectCounts(const Report& report) {
  int counts[3] = {0, 0, 0};
  for (const ObjectChange& o : report.objects) ++counts[static_cast<int>(o.change)];
  std::string out;
  for (Change c : {Change::kChanged, Change::kAdded, Change::kRemoved}) {
    int n = counts[static_cast<int>(c)];
    if (n == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + ObjectChangeName(report, c);
  }
  return out.empty() ? "none" : out;
}

std::string ValueOrNone(const std::optional<std::string>& value) {
  return value ? *value : "(none)";
}

}  // namespace dsc::diff
