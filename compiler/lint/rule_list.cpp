#include "compiler/lint/rule_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/lint/rules.h"

namespace dsc::lint {

using Json = nlohmann::json;

std::string RenderRuleList(bool json) {
  if (json) {
    Json list = Json::array();
    for (const RuleInfo& rule : AllRules()) {
      list.push_back({{"rule", rule.code},
                      {"name", rule.name},
                      {"severity", SeverityName(rule.default_severity)},
                      {"summary", rule.summary},
                      {"help", rule.help}});
    }
    return base::JsonText(Json{{"rules", list}}, 2) + "\n";
  }
  size_t name_width = 4;
  for (const RuleInfo& rule : AllRules()) name_width = std::max(name_width, rule.name.size());
  std::string out =
      fmt::format("{:<6} {:<8} {:<{}} {}\n", "CODE", "DEFAULT", "NAME", name_width, "FINDS");
  for (const RuleInfo& rule : AllRules()) {
    out += fmt::format("{:<6} {:<8} {:<{}} {}\n", rule.code, SeverityName(rule.default_severity),
                       rule.name, name_width, rule.summary);
  }
  return out;
}

}  // namespace dsc::lint
