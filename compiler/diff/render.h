// A Report as text for a terminal, Markdown for a pull request, or JSON for
// tools (the shape is documented in docs/diff.md and never changes within
// `format` 1). Rendering is pure: the caller decides colour and prints.
#pragma once

#include <string>

#include "compiler/diff/report.h"

namespace dsc::diff {

struct TextOptions {
  bool color = false;  // ANSI colours (the caller checks the TTY and NO_COLOR)
};

std::string RenderText(const Report& report, const TextOptions& options);
std::string RenderMarkdown(const Report& report);
std::string RenderJson(const Report& report);

// Shared wording (render_common.cpp).
// "api", or "api-checkout (feature checkout)".
std::string EntityTitle(const EntityChange& entity);
// "api.shop.localtest.me/v1 (host, IngressRoute shop/api)".
std::string RouteTitle(const RouteChange& route);
// ChangeName, or for --live what the apply does: "created", "changed", "pruned".
const char* ObjectChangeName(const Report& report, Change change);
// "2 changed, 1 added, 1 removed".
std::string ObjectCounts(const Report& report);
// A value or "(none)".
std::string ValueOrNone(const std::optional<std::string>& value);

}  // namespace dsc::diff
