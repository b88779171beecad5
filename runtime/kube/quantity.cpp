#include "runtime/kube/quantity.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "base/quantity_suffix.h"

namespace dsc::kube {

std::optional<double> ParseQuantity(std::string_view text) {
  // A sign, digits with at most one point, then a suffix or an exponent.
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0, points = 0;
  for (; i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'); ++i) {
    (text[i] == '.' ? points : digits)++;
  }
  if (digits == 0 || points > 1) return std::nullopt;
  std::string number(text.substr(0, i));
  double value = std::strtod(number.c_str(), nullptr);
  std::string_view rest = text.substr(i);
  if (auto factor = base::QuantitySuffixFactor(rest)) return value * *factor;
  if (rest[0] == 'e' || rest[0] == 'E') {
    std::string exponent(rest.substr(1));
    if (exponent.empty()) return std::nullopt;
    size_t j = exponent[0] == '+' || exponent[0] == '-' ? 1 : 0;
    if (j == exponent.size()) return std::nullopt;
    for (; j < exponent.size(); ++j)
      if (exponent[j] < '0' || exponent[j] > '9') return std::nullopt;
    return value * std::pow(10.0, std::strtod(exponent.c_str(), nullptr));
  }
  return std::nullopt;
}

}  // namespace dsc::kube
