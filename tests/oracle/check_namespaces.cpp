// Namespaces Helmfile creates: a feature's own namespace carries the feature's TTL, so
// kube-janitor removes it with the feature, and nothing else is annotated.
#include <fmt/format.h>

#include "tests/oracle/oracle_context.h"

namespace dsc::oracle {
namespace {

// The namespace a `kubectl annotate … namespace NS janitor/ttl=TTL` hook annotates, and
// with what, or ("", "").
std::pair<std::string, std::string> AnnotatedTtl(const HelmRelease& release) {
  for (const Json& hook : release.hooks) {
    std::vector<std::string> args;
    for (const Json& arg : At(hook, "args")) args.push_back(arg.get<std::string>());
    bool postsync = false;
    for (const Json& event : At(hook, "events")) postsync |= event == "postsync";
    if (!postsync || hook.value("command", "") != "kubectl" || args.size() != 5 ||
        args[0] != "annotate" || args[2] != "namespace" || !args[4].starts_with("janitor/ttl="))
      continue;
    return {args[3], args[4].substr(std::string_view("janitor/ttl=").size())};
  }
  return {};
}

}  // namespace

void CheckNamespaceTtls(Context& ctx) {
  const ast::Decl* fleet = ctx.source.entry().fleet;
  std::string fleet_ns = fleet ? LiteralField(*fleet, "namespace") : "";
  if (fleet && fleet_ns.empty()) fleet_ns = fleet->name.text;
  // A feature's own namespace (docs/language.md: `namespace` in the feature) -> its TTL
  // as blueprint.json records it for `dsc apply`.
  std::map<std::string, std::string> ttl_of;
  for (const Feature& feature : ctx.source.features()) {
    std::string ns = LiteralField(*feature.decl, "namespace");
    if (ns.empty() || ns == fleet_ns) continue;
    for (const Json& f : ctx.build.blueprint["features"]) {
      if (f["name"] == feature.name) ttl_of[ns] = f["ttl"];
    }
  }
  for (const HelmRelease& release : ctx.build.helmfile) {
    auto [ns, ttl] = AnnotatedTtl(release);
    auto expected = ttl_of.find(release.namespace_);
    if (expected == ttl_of.end()) {
      if (!ns.empty())
        ctx.Fail(
            fmt::format("release {}: annotates namespace {} with a TTL, but it is no "
                        "feature's own namespace",
                        release.Id(), ns));
    } else if (ns != release.namespace_ || ttl != expected->second) {
      ctx.Fail(
          fmt::format("release {}: namespace {} is feature-owned, but the release does not "
                      "give it the feature's TTL {} (it annotates `{}` with `{}`)",
                      release.Id(), release.namespace_, expected->second, ns, ttl));
    }
  }
}

}  // namespace dsc::oracle
