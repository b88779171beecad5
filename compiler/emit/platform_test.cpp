// The platform's build: what blueprint.json lists is what the charts hold (the runtime
// refuses a blueprint where they differ), per Traefik version and setting; and settings
// no cluster would take are refused before anything is written.
#include "compiler/emit/platform.h"

#include <doctest/doctest.h>

#include "contract/blueprint_document.h"

namespace dsc::emit {
namespace {

contract::BlueprintDocument Blueprint(const OutputTree& tree) {
  contract::BlueprintDocument doc;
  std::string error;
  REQUIRE_MESSAGE(contract::FromJsonText(tree.at("blueprint.json"), &doc, &error), error);
  return doc;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_SUITE("platform") {
  TEST_CASE("platform: Traefik v2 gets both CRD groups, v3 only traefik.io; each is listed") {
    for (auto [version, crds] :
         {std::pair{model::TraefikVersion::kV2, 18}, std::pair{model::TraefikVersion::kV3, 10}}) {
      PlatformSettings settings;
      settings.traefik = version;
      OutputTree tree = EmitPlatform(settings);
      contract::BlueprintDocument doc = Blueprint(tree);
      REQUIRE(doc.releases.size() == 4);
      const contract::ReleaseEntry& release = doc.releases[0];
      CHECK(release.name == "traefik-crds");
      const std::string& text = tree.at("charts/traefik-crds/templates/manifests.yaml");
      CHECK(release.objects.size() == static_cast<size_t>(crds));
      CHECK(Count(text, "\nkind: CustomResourceDefinition\n") == static_cast<size_t>(crds));
      int containo = 0;
      for (const contract::ObjectEntry& o : release.objects) {
        CHECK(!o.ns.has_value());
        CHECK(text.find("\n  name: " + o.name + "\n") != std::string::npos);
        containo += o.name.ends_with(".traefik.containo.us");
      }
      CHECK(containo == (version == model::TraefikVersion::kV2 ? 9 : 0));
      // Traefik comes after its CRDs: it waits for every one before it routes.
      CHECK(doc.releases[1].name == "traefik");
      CHECK(doc.releases[1].wave == 1);
      CHECK(doc.releases[1].needs == std::vector<std::string>{"dsc-platform/traefik-crds"});
      CHECK(doc.fleet.name == kPlatformFleet);
      CHECK(doc.namespaces == std::vector<std::string>{"dsc-platform"});
      // The same settings, the same bytes.
      CHECK(EmitPlatform(settings) == tree);
    }
  }

  TEST_CASE("platform: entry points become Traefik's flags, container ports and Service ports") {
    PlatformSettings settings;
    settings.entry_points = {{"web", 8080}, {"admin", 9100}};
    settings.localstack = false;
    settings.janitor = false;
    OutputTree tree = EmitPlatform(settings);
    const std::string& text = tree.at("charts/traefik/templates/manifests.yaml");
    CHECK(text.find("--entryPoints.web.address=:8080/tcp") != std::string::npos);
    CHECK(text.find("--entryPoints.admin.address=:9100/tcp") != std::string::npos);
    CHECK(text.find("port: 80\n      targetPort: web") != std::string::npos);
    CHECK(text.find("port: 9100\n      targetPort: admin") != std::string::npos);
    CHECK(Blueprint(tree).releases.size() == 2);
    CHECK(tree.count("charts/localstack/Chart.yaml") == 0);

    settings.traefik_installed = false;
    settings.localstack = true;
    contract::BlueprintDocument doc = Blueprint(EmitPlatform(settings));
    REQUIRE(doc.releases.size() == 1);
    CHECK(doc.releases[0].name == "localstack");
  }

  TEST_CASE("platform: settings no cluster would take are refused, saying which") {
    auto problem = [](auto change) {
      PlatformSettings settings;
      change(settings);
      return CheckPlatformSettings(settings);
    };
    CHECK(problem([](PlatformSettings&) {}) == "");
    CHECK(problem([](PlatformSettings& s) { s.ns = "Edge"; }).starts_with("namespace `Edge`"));
    CHECK(problem([](PlatformSettings& s) {
            s.service_type = "Ingress";
          }).find("LoadBalancer, NodePort or ClusterIP") != std::string::npos);
    CHECK(problem([](PlatformSettings& s) {
            s.entry_points = {{"traefik", 8000}};
          }).find("Traefik's own") != std::string::npos);
    CHECK(problem([](PlatformSettings& s) {
            s.entry_points = {{"web", 8000}, {"alt", 8000}};
          }).find("share a name or a port") != std::string::npos);
    CHECK(problem([](PlatformSettings& s) {
            s.entry_points = {{"web", 70000}};
          }).find("port 70000") != std::string::npos);
    CHECK(problem([](PlatformSettings& s) {
            s.traefik_installed = s.localstack = s.janitor = false;
          }).find("nothing to install") != std::string::npos);
  }
}

}  // namespace
}  // namespace dsc::emit
