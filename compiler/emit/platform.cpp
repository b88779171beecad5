// The platform's components (platform_components.cpp) as the files of a build: a chart
// per component, helmfile.yaml and blueprint.json, laid out as a fleet's are.
#include "compiler/emit/platform.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/chart_hash.h"
#include "compiler/emit/platform_components.h"
#include "compiler/sema/names.h"
#include "contract/blueprint_document.h"

namespace dsc::emit {
namespace {

// The CustomResourceDefinitions of an upstream file, in order. The files are fixed
// (stdlib/platform/), written by controller-gen: each document is `kind:
// CustomResourceDefinition` with its `metadata:` block's `  name:` line; the runtime
// checks every listed name against what it parses from the chart.
std::vector<contract::ObjectEntry> CrdsIn(std::string_view yaml) {
  std::vector<contract::ObjectEntry> out;
  size_t pos = 0;
  while ((pos = yaml.find("\nmetadata:\n", pos)) != std::string_view::npos) {
    size_t name = yaml.find("\n  name: ", pos);
    if (name == std::string_view::npos) break;
    name += 9;
    size_t end = yaml.find('\n', name);
    out.push_back({"apiextensions.k8s.io/v1", "CustomResourceDefinition", std::nullopt,
                   std::string(yaml.substr(name, end - name)), std::nullopt});
    pos = end;
  }
  return out;
}

contract::ObjectEntry EntryOf(const Json& object) {
  const Json& meta = object["metadata"];
  std::optional<std::string> ns;
  if (meta.contains("namespace")) ns = meta["namespace"].get<std::string>();
  return {object["apiVersion"].get<std::string>(), object["kind"].get<std::string>(), ns,
          meta["name"].get<std::string>(), std::nullopt};
}

void AddChart(const PlatformComponent& c, OutputTree& out) {
  std::string dir = "charts/" + c.name + "/";
  Json chart = Json::object();
  chart["apiVersion"] = "v2";
  chart["name"] = c.name;
  chart["description"] = c.description;
  chart["type"] = "application";
  chart["version"] = "0.1.0";
  chart["appVersion"] = c.app_version;
  out[dir + "Chart.yaml"] = ToYaml(chart);
  std::string text(c.verbatim_yaml);
  for (const Json& object : c.objects) text += "---\n" + ToYaml(object);
  out[dir + "templates/manifests.yaml"] =
      text.find("{{") == std::string::npos ? std::move(text) : EscapeHelmTemplate(text);
}

std::string HelmfileOf(const PlatformSettings& s, const std::vector<PlatformComponent>& all) {
  Json doc = Json::object();
  Json defaults = Json::object();
  defaults["wait"] = true;
  defaults["timeout"] = 600;
  defaults["cleanupOnFail"] = true;
  defaults["createNamespace"] = true;
  doc["helmDefaults"] = std::move(defaults);
  Json releases = Json::array();
  for (const PlatformComponent& c : all) {
    Json release = Json::object();
    release["name"] = c.name;
    release["namespace"] = s.ns;
    release["chart"] = "./charts/" + c.name;
    release["labels"] = {{"fleet", kPlatformFleet}, {"component", "platform"}};
    if (!c.needs.empty()) {
      Json needs = Json::array();
      for (const std::string& need : c.needs) needs.push_back(s.ns + "/" + need);
      release["needs"] = std::move(needs);
    }
    releases.push_back(std::move(release));
  }
  doc["releases"] = std::move(releases);
  std::vector<std::string> names;
  for (const PlatformComponent& c : all) names.push_back(c.name);
  return fmt::format(
      "# The cluster platform for dsc fleets, built by dsc {} with `dsc build --platform`:\n"
      "# {}. Deploy with `helmfile apply` (or `dsc platform apply`).\n{}",
      DSC_VERSION, fmt::join(names, ", "), ToYaml(doc));
}

std::string BlueprintOf(const PlatformSettings& s, const std::vector<PlatformComponent>& all,
                        const OutputTree& files) {
  contract::BlueprintDocument doc;
  doc.generator = std::string("dsc ") + DSC_VERSION;
  doc.fleet.name = kPlatformFleet;
  doc.fleet.ns = s.ns;
  doc.fleet.routing = {"header", "", std::string(model::NameOf(s.traefik))};
  doc.namespaces = {s.ns};
  for (const PlatformComponent& c : all) {
    contract::ReleaseEntry release;
    release.name = c.name;
    release.ns = s.ns;
    release.kind = "platform";
    release.entity = c.name;
    release.team = "platform";  // what `dsc usage --by team` counts it as
    release.wave = c.wave;
    release.chart = "charts/" + c.name;
    for (const std::string& need : c.needs) release.needs.push_back(s.ns + "/" + need);
    release.objects = CrdsIn(c.verbatim_yaml);
    for (const Json& object : c.objects) release.objects.push_back(EntryOf(object));
    release.hash = base::ChartHash(files, release.chart);
    doc.releases.push_back(std::move(release));
  }
  return contract::ToJsonText(doc);
}

}  // namespace

std::string TraefikImage(model::TraefikVersion version) {
  return version == model::TraefikVersion::kV3 ? "traefik:v3.7.9" : "traefik:v2.11.53";
}

std::string CheckPlatformSettings(const PlatformSettings& s) {
  if (std::string why = sema::DnsLabelProblem(s.ns, false); !why.empty())
    return fmt::format("namespace `{}` is not valid: {}", s.ns, why);
  if (s.ns.size() > sema::kMaxLabelLength)
    return fmt::format("namespace `{}` is longer than {} characters", s.ns, sema::kMaxLabelLength);
  if (s.service_type != "LoadBalancer" && s.service_type != "NodePort" &&
      s.service_type != "ClusterIP")
    return fmt::format("Service type `{}`: give LoadBalancer, NodePort or ClusterIP",
                       s.service_type);
  if (!s.traefik_installed && !s.localstack && !s.janitor)
    return "--no-traefik, --no-localstack and --no-janitor leave nothing to install";
  if (s.entry_points.empty()) return "give at least one entry point";
  for (size_t i = 0; i < s.entry_points.size(); ++i) {
    const auto& [name, port] = s.entry_points[i];
    if (std::string why = sema::PortNameProblem(name); !why.empty())
      return fmt::format("entry point `{}` is not valid: {}", name, why);
    if (name == "traefik")
      return "entry point `traefik` is Traefik's own (its /ping health check): choose another "
             "name";
    if (port < 1 || port > 65535 || port == 9000)
      return fmt::format("entry point `{}`: port {} is not free (1-65535, 9000 is Traefik's own)",
                         name, port);
    for (size_t j = 0; j < i; ++j) {
      if (s.entry_points[j].first == name || s.entry_points[j].second == port)
        return fmt::format("entry points `{}` and `{}` share a name or a port",
                           s.entry_points[j].first, name);
    }
  }
  return "";
}

OutputTree EmitPlatform(const PlatformSettings& settings) {
  std::vector<PlatformComponent> components = PlatformComponents(settings);
  OutputTree out;
  for (const PlatformComponent& c : components) AddChart(c, out);
  out["helmfile.yaml"] = HelmfileOf(settings, components);
  out["blueprint.json"] = BlueprintOf(settings, components, out);
  return out;
}

}  // namespace dsc::emit
