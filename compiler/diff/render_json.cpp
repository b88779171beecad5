// The JSON rendering (`--format json`): every key always present, in a fixed
// order; absent values are null. Shape documented in docs/diff.md.
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/diff/render.h"

namespace dsc::diff {
namespace {

using Json = nlohmann::ordered_json;

Json Nullable(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }
Json Optional(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json Fields(const std::vector<FieldChange>& fields) {
  Json out = Json::array();
  for (const FieldChange& f : fields)
    out.push_back(
        Json{{"field", f.field}, {"before", Optional(f.before)}, {"after", Optional(f.after)}});
  return out;
}

Json Entities(const std::vector<EntityChange>& list) {
  Json out = Json::array();
  for (const EntityChange& e : list) {
    out.push_back(Json{{"change", ChangeName(e.change)},
                       {"name", e.name},
                       {"feature", Nullable(e.feature)},
                       {"namespace", e.namespace_},
                       {"detail", Nullable(e.detail)},
                       {"fields", Fields(e.fields)}});
  }
  return out;
}

Json Summary(const Report& r) {
  Json edges = Json::array();
  for (const EdgeChange& e : r.edges)
    edges.push_back(Json{{"change", ChangeName(e.change)}, {"from", e.from}, {"to", e.to}});
  Json routes = Json::array();
  for (const RouteChange& route : r.routes) {
    routes.push_back(Json{{"change", ChangeName(route.change)},
                          {"host", route.host},
                          {"path", route.path},
                          {"via", route.via},
                          {"feature", Nullable(route.feature)},
                          {"namespace", route.namespace_},
                          {"ingress_route", route.ingress_route},
                          {"fields", Fields(route.fields)}});
  }
  Json releases = Json::array();
  for (const ReleaseChange& rel : r.releases) {
    releases.push_back(Json{{"action", ActionName(rel.action)},
                            {"namespace", rel.namespace_},
                            {"name", rel.name},
                            {"objects", rel.objects}});
  }
  return Json{{"fleet", Fields(r.fleet_fields)}, {"services", Entities(r.services)},
              {"infra", Entities(r.infra)},      {"features", Entities(r.features)},
              {"edges", std::move(edges)},       {"routes", std::move(routes)},
              {"releases", std::move(releases)}, {"new_namespaces", r.new_namespaces},
              {"drift", Entities(r.drift)},      {"problems", r.problems}};
}

}  // namespace

std::string RenderJson(const Report& report) {
  Json objects = Json::array();
  for (const ObjectChange& o : report.objects) {
    objects.push_back(Json{{"change", ObjectChangeName(report, o.change)},
                           {"apiVersion", o.api_version},
                           {"kind", o.kind},
                           {"namespace", Nullable(o.namespace_)},
                           {"name", o.name},
                           {"release", o.release},
                           {"diff", UnifiedHunks(o.hunks)}});
  }
  Json doc{{"format", 1},
           {"before", report.before_label},
           {"after", report.after_label},
           {"fleet", report.fleet},
           {"same", report.Same()},
           {"live", report.live},
           {"summary", Summary(report)},
           {"objects", std::move(objects)}};
  return base::JsonText(doc, 2) + "\n";
}

}  // namespace dsc::diff
