// The link between source and build (Context), and the two entry points.
#include "tests/oracle/meaning_checks.h"

#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

Json FeatureJson(const Context& ctx, int feature) {
  return feature < 0 ? Json(nullptr) : Json(ctx.LabelOf(feature));
}

}  // namespace

Context::Context(const SourceView& source, const BuildTree& build,
                 std::vector<std::string>* violations)
    : source(source), build(build), violations_(violations) {
  std::set<std::string> built_features;
  for (const Json& f : build.blueprint["features"]) built_features.insert(f.value("label", ""));
  for (const Entity& entity : source.Deployed()) {
    if (entity.feature >= 0 && !built_features.count(LabelOf(entity.feature))) continue;
    if (!RecordOf(entity)) {
      Fail(fmt::format("{}: no record in blueprint.json", Describe(entity)));
      continue;
    }
    const char* kind = entity.kind == EntityKind::kService ? "service" : "infra";
    const Json* release = ReleaseRecord(kind, entity.name, FeatureJson(*this, entity.feature));
    if (!release) {
      Fail(fmt::format("{}: no release in blueprint.json", Describe(entity)));
      continue;
    }
    emitted_.push_back(entity);
    release_[entity] =
        (*release)["namespace"].get<std::string>() + "/" + (*release)["name"].get<std::string>();
  }
}

const Json* Context::ReleaseRecord(const std::string& kind, const std::string& entity,
                                   const Json& feature) const {
  for (const Json& r : build.blueprint["releases"]) {
    if (r["kind"] == kind && r["entity"] == entity && r["feature"] == feature) return &r;
  }
  return nullptr;
}

const Json* Context::RecordOf(const Entity& entity) const {
  const Module& module = source.modules()[entity.module];
  bool external = !module.member;
  const char* table = entity.kind == EntityKind::kService ? "services" : "infra";
  Json feature = FeatureJson(*this, entity.feature);
  for (const Json& r : build.blueprint[table]) {
    if (r["name"] != entity.name || r["feature"] != feature || r["external"] != external) continue;
    if (external && r["namespace"] != source.ExternalNamespace(entity.module)) continue;
    return &r;
  }
  return nullptr;
}

std::string Context::ReleaseOf(const Entity& entity) const {
  auto it = release_.find(entity);
  return it == release_.end() ? "" : it->second;
}

std::string Context::FeatureReleaseOf(int feature) const {
  for (const Json& r : build.blueprint["releases"]) {
    if (r["kind"] == "feature" && r["feature"] == LabelOf(feature))
      return r["namespace"].get<std::string>() + "/" + r["name"].get<std::string>();
  }
  return "";
}

int Context::FeatureWithLabel(const std::string& label) const {
  for (size_t f = 0; f < source.features().size(); ++f) {
    if (source.features()[f].label == label) return static_cast<int>(f);
  }
  return -1;
}

std::optional<std::string> Context::ExportValue(const Entity& entity,
                                                const std::string& name) const {
  const Json* record = RecordOf(entity);
  if (!record) return std::nullopt;
  const Json& value = At(*record, {"exports", name.c_str()});
  if (!value.is_string()) return std::nullopt;
  return value.get<std::string>();
}

std::optional<std::string> Context::EvaluateRef(const ast::QualifiedName& name, Where where) const {
  const auto& parts = name.parts;
  if (parts.size() == 2 && parts[0].text == "fleet") {
    const Json& fleet = build.blueprint["fleet"];
    const std::string& field = parts[1].text;
    if (field == "routing_header") return fleet["routing"]["header"].get<std::string>();
    if (fleet.contains(field) && fleet[field].is_string()) return fleet[field].get<std::string>();
    return std::nullopt;
  }
  auto resolved = source.Resolve(name, where);
  if (!resolved || resolved->rest.size() != 1) return std::nullopt;
  return ExportValue(resolved->entity, resolved->rest[0]);
}

std::optional<std::string> Context::Evaluate(const ast::Expr& expr, Where where) const {
  if (expr.kind == ast::ExprKind::kRef) return EvaluateRef(expr.name, where);
  if (expr.kind != ast::ExprKind::kString) return std::nullopt;
  std::string out;
  for (const ast::StringPart& part : expr.parts) {
    if (!part.is_ref) {
      out += part.text;
      continue;
    }
    auto value = EvaluateRef(part.ref, where);
    if (!value) return std::nullopt;
    out += *value;
  }
  return out;
}

std::string Context::Describe(const Entity& entity) const {
  std::string what = entity.kind == EntityKind::kService ? "service" : "infra";
  if (entity.kind == EntityKind::kService && entity.feature >= 0) what = "fork of";
  std::string in_feature =
      entity.feature >= 0 ? fmt::format(" in feature `{}`", source.features()[entity.feature].name)
                          : "";
  return fmt::format("{} `{}`{} ({})", what, entity.name, in_feature, source.PathOf(entity));
}

std::vector<std::pair<const Object*, const Json*>> PodSpecs(const BuildTree& build) {
  std::vector<std::pair<const Object*, const Json*>> out;
  for (const Object& o : build.objects) {
    if (o.kind() != "Deployment" && o.kind() != "Job") continue;
    const Json& spec = At(o.body, {"spec", "template", "spec"});
    out.emplace_back(&o, &spec);
  }
  return out;
}

std::vector<std::string> CheckMeaning(const SourceView& source, const BuildTree& build) {
  std::vector<std::string> violations;
  Context ctx(source, build, &violations);
  CheckEnv(ctx);
  CheckConfigMapRefs(ctx);
  CheckSecretCopies(ctx);
  CheckSelectors(ctx);
  CheckRoutes(ctx);
  CheckNeeds(ctx);
  CheckNamespaceTtls(ctx);
  return violations;
}

std::vector<std::string> CompareObjectSets(const BuildTree& a, const BuildTree& b) {
  std::vector<std::string> out;
  auto objects = [](const BuildTree& tree) {
    std::map<std::string, std::string> set;
    for (const Object& o : tree.objects) {
      set[fmt::format("{} {} {}/{}", o.body.value("apiVersion", ""), o.kind(), o.ns(), o.name())] =
          o.body.dump();
    }
    return set;
  };
  auto releases = [](const BuildTree& tree) {
    std::map<std::string, std::set<std::string>> set;
    for (const HelmRelease& r : tree.helmfile) set[r.Id()] = r.needs;
    return set;
  };
  auto first = objects(a), second = objects(b);
  for (const auto& [key, body] : first) {
    auto other = second.find(key);
    if (other == second.end()) {
      out.push_back(key + ": only in the first build");
    } else if (other->second != body) {
      out.push_back(key + ": differs:\n  " + body + "\n  " + other->second);
    }
  }
  for (const auto& [key, body] : second) {
    if (!first.count(key)) out.push_back(key + ": only in the second build");
  }
  if (releases(a) != releases(b)) out.push_back("helmfile.yaml: the releases or needs differ");
  return out;
}

}  // namespace dsc::oracle
