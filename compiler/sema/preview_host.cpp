#include "compiler/sema/preview_host.h"

#include "compiler/sema/names.h"

namespace dsc::sema {

bool IsPreviewPlaceholder(std::string_view name) {
  return name == "service" || name == "label" || name == "fleet.domain";
}

const std::string& PreviewHostPattern(const model::Fleet& fleet, const model::Service& target) {
  return target.preview_host.empty() ? fleet.preview_host : target.preview_host;
}

std::string PreviewHost(const model::Fleet& fleet, const model::Service& target,
                        std::string_view label) {
  const std::string& pattern = PreviewHostPattern(fleet, target);
  std::string_view service = target.name;
  std::string host;
  host.reserve(pattern.size() + service.size() + label.size() + fleet.domain.size());
  size_t at = 0;
  while (at < pattern.size()) {
    size_t open = pattern.find("${", at);
    size_t close = open == std::string::npos ? open : pattern.find('}', open);
    if (close == std::string::npos) {
      host.append(pattern, at);
      break;
    }
    host.append(pattern, at, open - at);
    std::string_view name = std::string_view(pattern).substr(open + 2, close - open - 2);
    if (name == "service") {
      host += service;
    } else if (name == "label") {
      host += label;
    } else if (name == "fleet.domain") {
      host += fleet.domain;
    } else {
      host.append(pattern, open, close + 1 - open);  // sema refused it; kept as written
    }
    at = close + 1;
  }
  return host;
}

std::string_view OverlongLabel(std::string_view host) {
  while (!host.empty()) {
    size_t dot = host.find('.');
    std::string_view label = host.substr(0, dot);
    if (label.size() > kMaxLabelLength) return label;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return {};
}

}  // namespace dsc::sema
