// `dsc lint --list-rules`: every rule with its code, default severity and what it finds.
#pragma once

#include <string>

namespace dsc::lint {

// A table, or with `json` {"rules": [{rule, name, severity, summary, help}, …]}.
std::string RenderRuleList(bool json);

}  // namespace dsc::lint
