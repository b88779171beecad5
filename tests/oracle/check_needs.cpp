// Deployment order: helmfile `needs` are the dependency edges the source states.
#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

std::string Id(const Json& release) {
  return release["namespace"].get<std::string>() + "/" + release["name"].get<std::string>();
}

// "namespace/name" of the release a chart belongs to (release names are unique).
std::string ReleaseIdOf(const Context& ctx, const Object& object) {
  for (const HelmRelease& r : ctx.build.helmfile) {
    if (r.name == object.release) return r.Id();
  }
  return "";
}

bool HasJob(const Context& ctx, const std::string& release_id) {
  for (const Object& o : ctx.build.objects) {
    if (o.kind() == "Job" && ReleaseIdOf(ctx, o) == release_id) return true;
  }
  return false;
}

void Compare(Context& ctx, const std::string& what, const std::set<std::string>& expected,
             const std::set<std::string>& actual) {
  for (const std::string& need : expected) {
    if (!actual.count(need))
      ctx.Fail(fmt::format("{}: does not need {}, which it depends on", what, need));
  }
  for (const std::string& need : actual) {
    if (!expected.count(need))
      ctx.Fail(fmt::format("{}: needs {}, which the source gives no reason for", what, need));
  }
}

void CheckBlueprintAgreesWithHelmfile(Context& ctx) {
  std::map<std::string, int64_t> wave;
  for (const Json& r : ctx.build.blueprint["releases"]) wave[Id(r)] = r["wave"];
  for (const Json& r : ctx.build.blueprint["releases"]) {
    const HelmRelease* helm = ctx.build.HelmReleaseOf(Id(r));
    std::set<std::string> needs(r["needs"].begin(), r["needs"].end());
    if (!helm) {
      ctx.Fail(fmt::format("release {}: in blueprint.json, not in helmfile.yaml", Id(r)));
    } else if (helm->needs != needs) {
      ctx.Fail(fmt::format("release {}: helmfile.yaml and blueprint.json need different releases",
                           Id(r)));
    }
    for (const std::string& need : needs) {
      if (!wave.count(need) || wave[need] >= r["wave"].get<int64_t>())
        ctx.Fail(fmt::format("release {}: needs {}, which is not in an earlier wave", Id(r), need));
    }
  }
}

}  // namespace

void CheckNeeds(Context& ctx) {
  CheckBlueprintAgreesWithHelmfile(ctx);
  std::set<std::pair<std::string, std::string>> edges;
  for (const Entity& entity : ctx.emitted()) {
    std::string id = ctx.ReleaseOf(entity);
    std::set<std::string> expected;
    for (const Entity& dep : ctx.source.Dependencies(entity)) {
      if (std::string needed = ctx.ReleaseOf(dep); !needed.empty()) expected.insert(needed);
      if (const Json* record = ctx.RecordOf(dep))
        edges.emplace((*ctx.RecordOf(entity))["k8s_name"].get<std::string>(),
                      (*record)["k8s_name"].get<std::string>());
    }
    if (entity.feature >= 0) {
      // A feature in a namespace of its own copies Secrets there first.
      std::string feature_release = ctx.FeatureReleaseOf(entity.feature);
      if (!feature_release.empty() && HasJob(ctx, feature_release))
        expected.insert(feature_release);
    }
    const HelmRelease* helm = ctx.build.HelmReleaseOf(id);
    if (!helm) {
      ctx.Fail(fmt::format("{}: release {} is not in helmfile.yaml", ctx.Describe(entity), id));
      continue;
    }
    Compare(ctx, fmt::format("release {} ({})", id, ctx.Describe(entity)), expected, helm->needs);
  }
  // A feature's own release needs the releases of the Services its routes reach, but for
  // its own forks when they wait for its Secret copies (that would be a cycle).
  for (const Json& r : ctx.build.blueprint["releases"]) {
    if (r["kind"] != "feature") continue;
    int feature = ctx.FeatureWithLabel(r["feature"]);
    std::set<std::string> own;
    if (HasJob(ctx, Id(r))) {
      for (const Entity& e : ctx.emitted()) {
        if (e.feature == feature) own.insert(ctx.ReleaseOf(e));
      }
    }
    std::set<std::string> expected;
    for (const Object& o : ctx.build.objects) {
      if (o.kind() != "IngressRoute" || ReleaseIdOf(ctx, o) != Id(r)) continue;
      for (const Json& route : At(o.body, {"spec", "routes"})) {
        for (const Json& svc : route["services"]) {
          const Object* service =
              ctx.build.Find("Service", svc.value("namespace", o.ns()), svc.value("name", ""));
          if (!service) continue;  // reported by CheckRoutes
          std::string owner = ReleaseIdOf(ctx, *service);
          if (owner != Id(r) && !own.count(owner)) expected.insert(owner);
        }
      }
    }
    std::set<std::string> actual(r["needs"].begin(), r["needs"].end());
    Compare(ctx, fmt::format("release {} (feature {})", Id(r), r["feature"].get<std::string>()),
            expected, actual);
  }
  if (ctx.build.blueprint["allFeatures"].get<bool>()) {
    // Edges from what the fleet deploys (another team's fleet has edges of its own).
    std::set<std::string> deployed;
    for (const Entity& e : ctx.emitted()) deployed.insert((*ctx.RecordOf(e))["k8s_name"]);
    std::set<std::pair<std::string, std::string>> written;
    for (const Json& e : ctx.build.blueprint["edges"]) {
      if (deployed.count(e["from"]))
        written.emplace(e["from"].get<std::string>(), e["to"].get<std::string>());
    }
    for (const auto& [from, to] : edges) {
      if (!written.count({from, to}))
        ctx.Fail(
            fmt::format("blueprint.json: no edge {} -> {}, which the source states", from, to));
    }
    for (const auto& [from, to] : written) {
      if (!edges.count({from, to}))
        ctx.Fail(fmt::format("blueprint.json: edge {} -> {} is not in the source", from, to));
    }
  }
}

}  // namespace dsc::oracle
