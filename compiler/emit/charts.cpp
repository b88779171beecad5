// One Helm chart per release: Chart.yaml, an empty values.yaml and the
// rendered manifests as templates (one object per file, `{{` escaped), so the
// chart installs as is with Helm and `dsc apply` reads the same files.
#include <fmt/format.h>

#include "base/ascii.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = base::AsciiLower(c);
  return text;
}

std::string Describe(const EmitContext& ctx, const Release& r) {
  std::string where =
      r.feature >= 0 ? fmt::format(" in feature `{}`", ctx.model.features[r.feature].name) : "";
  switch (r.kind) {
    case ReleaseKind::kService:
      return fmt::format("Service `{}` of fleet `{}`{}", r.entity, ctx.model.fleet.name, where);
    case ReleaseKind::kInfra:
      return fmt::format("Infra `{}` of fleet `{}`{}", r.entity, ctx.model.fleet.name, where);
    case ReleaseKind::kFeature:
      return fmt::format("Preview routes and Secret copies of feature `{}` of fleet `{}`",
                         ctx.model.features[r.feature].name, ctx.model.fleet.name);
  }
  return "";
}

}  // namespace

void AddChartFiles(const EmitContext& ctx, Release& r, OutputTree& out) {
  std::string dir = "charts/" + r.name + "/";
  Json chart = Json::object();
  chart["apiVersion"] = "v2";
  chart["name"] = r.name;
  chart["description"] = Describe(ctx, r);
  chart["type"] = "application";
  chart["version"] = "0.1.0";
  if (!r.app_version.empty()) chart["appVersion"] = r.app_version;
  out[dir + "Chart.yaml"] = ToYaml(chart);
  out[dir + "values.yaml"] =
      "# dsc renders every manifest itself; the templates read no values.\n{}\n";
  for (PlannedObject& object : r.objects) {
    const std::string& name = object.name;
    const std::string& ns = object.namespace_;
    // A release may place objects in other namespaces (a feature's preview
    // routes): their file names carry the namespace, after a dot, which no
    // namespace and no name dsc derives contains, so names cannot collide.
    std::string file = ns == r.namespace_
                           ? fmt::format("{}-{}.yaml", Lower(object.kind), name)
                           : fmt::format("{}-{}.{}.yaml", Lower(object.kind), ns, name);
    std::string& text = out[dir + "templates/" + file];
    if (object.yaml.find("{{") == std::string::npos) {
      text = std::move(object.yaml);  // nothing to escape: no copy
    } else {
      text = EscapeHelmTemplate(object.yaml);
    }
    object.yaml.clear();
  }
}

}  // namespace dsc::emit
