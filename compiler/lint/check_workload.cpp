// Rules about one service's pod: its image, resources, probes and environment.
// Forks are linted only for what their `fork` block writes; everything they
// inherit was linted on the baseline.
#include <array>
#include <string_view>

#include "compiler/lint/checks.h"
#include "compiler/sema/image_ref.h"

namespace dsc::lint {
namespace {

// Where to point at a service as a whole: its name.
Span NameSpan(const ast::Decl* decl, const model::Service& service) {
  return decl ? decl->name.span : service.span;
}

// `DB_PASSWORD`, `API_TOKEN`, `STRIPE_SECRET_KEY` hold secrets; `TOKEN_URL`,
// `SECRET_FILE` and `AWS_ACCESS_KEY_ID` only say where or which one.
bool NamedLikeSecret(std::string_view name) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('_', start);
    if (end == std::string_view::npos) end = name.size();
    words.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  constexpr std::array<std::string_view, 9> kNotASecret = {"URL",  "URI",  "FILE", "PATH", "DIR",
                                                           "HOST", "PORT", "NAME", "ID"};
  for (std::string_view word : kNotASecret) {
    if (words.back() == word) return false;
  }
  constexpr std::array<std::string_view, 8> kSecretWords = {
      "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS", "CREDENTIAL", "PRIVATE"};
  for (size_t i = 0; i < words.size(); ++i) {
    for (std::string_view secret : kSecretWords) {
      if (words[i] == secret) return true;
    }
    // `API_KEY`, `ACCESS_KEY`, `SIGNING_KEY` …: a key, not a key's name.
    if (words[i] == "KEY" && i > 0) return true;
  }
  return false;
}

bool IsLiteral(const ast::Expr& value) {
  return (value.kind == ast::ExprKind::kString && value.IsPlainString() &&
          !value.PlainString().empty()) ||
         value.kind == ast::ExprKind::kNumber;
}

}  // namespace

void CheckImages(LintContext& ctx) {
  for (const model::Service& service : ctx.model.services) {
    if (!ctx.Linted(service) || service.image.empty()) continue;
    const ast::Decl* decl = ctx.syntax.WrittenIn(ctx.model, service);
    const ast::Member* image = decl ? FindMember(decl->body, "image") : nullptr;
    // A fork that keeps the baseline's image: the baseline was linted.
    if (service.feature >= 0 && !image) continue;
    Span span = image && image->value ? image->value->span : NameSpan(decl, service);
    // Sema has checked the syntax: a tag or digest, when there, is not empty.
    sema::ImageRef ref = sema::SplitImage(service.image);
    bool has_digest = ref.digest.has_value();
    if (!has_digest && ref.tag == "latest") {
      ctx.Report(RuleId::kImageLatestTag, span,
                 fmt::format("image `{}` uses the `latest` tag", service.image),
                 "`latest` moves: each pod start may pull different code");
    } else if (!has_digest && !ref.tag) {
      ctx.Report(RuleId::kImageUntagged, span,
                 fmt::format("image `{}` has no tag, so `latest` is pulled", service.image));
    }
    if (!has_digest) {
      ctx.Report(RuleId::kImageNotPinned, span,
                 fmt::format("image `{}` is not pinned by digest", service.image));
    }
  }
}

void CheckResources(LintContext& ctx) {
  for (const model::Service& service : ctx.model.services) {
    if (!ctx.Linted(service) || service.feature >= 0) continue;
    const ast::Decl* decl = ctx.syntax.WrittenIn(ctx.model, service);
    const ast::Member* resources = decl ? FindMember(decl->body, "resources") : nullptr;
    Span span = resources ? resources->key.span : NameSpan(decl, service);
    const model::Resources& r = service.resources;
    auto missing = [](const std::string& cpu, const std::string& memory) -> std::string {
      if (cpu.empty() && memory.empty()) return "CPU or memory";
      if (cpu.empty()) return "CPU";
      if (memory.empty()) return "memory";
      return "";
    };
    if (std::string what = missing(r.cpu_limit, r.memory_limit); !what.empty()) {
      ctx.Report(RuleId::kMissingLimits, span,
                 fmt::format("service `{}` sets no {} limit", service.name, what),
                 what == "CPU" ? "" : "without a memory limit one leaking pod can starve the node");
    }
    if (std::string what = missing(r.cpu_request, r.memory_request); !what.empty()) {
      ctx.Report(RuleId::kMissingRequests, span,
                 fmt::format("service `{}` sets no {} request", service.name, what));
    }
  }
}

void CheckProbes(LintContext& ctx) {
  for (const model::Service& service : ctx.model.services) {
    if (!ctx.Linted(service) || service.feature >= 0) continue;
    const ast::Decl* decl = ctx.syntax.WrittenIn(ctx.model, service);
    const ast::Member* health = decl ? FindMember(decl->body, "health") : nullptr;
    Span span = health ? health->key.span : NameSpan(decl, service);
    if (!service.readiness) {
      ctx.Report(RuleId::kMissingReadiness, span,
                 fmt::format("service `{}` has no readiness probe", service.name));
    }
    if (!service.liveness) {
      ctx.Report(RuleId::kMissingLiveness, span,
                 fmt::format("service `{}` has no liveness probe", service.name));
    }
  }
}

void CheckEnv(LintContext& ctx) {
  for (const model::Service& service : ctx.model.services) {
    if (!ctx.Linted(service)) continue;
    const ast::Decl* decl = ctx.syntax.WrittenIn(ctx.model, service);
    const ast::Body* env = decl ? BodyOf(FindMember(decl->body, "env")) : nullptr;
    if (!env) continue;
    for (const ast::Member& var : env->members) {
      if (!var.value || !IsLiteral(*var.value) || !NamedLikeSecret(var.key.text)) continue;
      ctx.Report(
          RuleId::kPlainSecretEnv, var.key.span,
          fmt::format("`{}` looks like a secret but is written in the fleet file", var.key.text),
          "the value ends up in the chart's values and in every rendered manifest");
    }
  }
}

}  // namespace dsc::lint
