// A feature's preview host for a routed baseline service: the fleet's `preview_host`
// pattern with its placeholders filled in. One function, so that the hosts sema checks
// for conflicts, the hosts calls through Traefik are matched on and the hosts emit
// routes are the same strings.
#pragma once

#include <string>
#include <string_view>

#include "compiler/sema/model.h"

namespace dsc::sema {

// `${service}`, `${label}`, `${fleet.domain}` (written without `${}` here).
bool IsPreviewPlaceholder(std::string_view name);

// The pattern that gives `target` its preview hosts: its own, or the fleet's.
const std::string& PreviewHostPattern(const model::Fleet& fleet, const model::Service& target);

// The preview host of `target` (a routed baseline service, or the feature's fork of it:
// `name` is the baseline's) in the feature with `label`: its own pattern, or the fleet's
// (`${service}-${label}.${fleet.domain}` unless the fleet sets one), filled in.
std::string PreviewHost(const model::Fleet& fleet, const model::Service& target,
                        std::string_view label);

// The first dot-separated label of `host` longer than DNS allows (63), or empty.
std::string_view OverlongLabel(std::string_view host);

}  // namespace dsc::sema
