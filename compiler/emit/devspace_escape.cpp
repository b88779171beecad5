#include "compiler/emit/devspace_escape.h"

#include <string_view>

namespace dsc::emit {
namespace {

// The end of the variable reference that starts at `at` (`$…$!{…}`), or npos.
size_t VariableEnd(std::string_view text, size_t at) {
  size_t i = at;
  while (i < text.size() && text[i] == '$') ++i;
  if (i == at) return std::string_view::npos;
  if (i < text.size() && text[i] == '!') ++i;
  if (i >= text.size() || text[i] != '{') return std::string_view::npos;
  size_t close = text.find('}', i + 1);
  // `[^}]+`: at least one character inside.
  if (close == std::string_view::npos || close == i + 1) return std::string_view::npos;
  return close + 1;
}

// One more `$` on every variable reference: what DevSpace's variable pass takes back.
std::string EscapeVariables(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text[i] == '$' ? VariableEnd(text, i) : std::string_view::npos;
    if (end == std::string_view::npos) {
      // No reference starts here, nor anywhere in this run of `$` (they share what follows).
      size_t j = i + 1;
      while (text[i] == '$' && j < text.size() && text[j] == '$') ++j;
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    out += '$';
    out.append(text.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

bool HasDevspaceExpression(const std::string& text) {
  // `(?ms)^\$\$?#?!?\((.+)\)$`: a line that starts so, and a `)` at the end of a line (or
  // of the text) at least two characters after the `(`.
  size_t last_close = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ')' && (i + 1 == text.size() || text[i + 1] == '\n')) last_close = i;
  }
  if (last_close == std::string::npos) return false;
  for (size_t line = 0; line < text.size();) {
    size_t i = line;
    if (text[i] == '$') {
      ++i;
      if (i < text.size() && text[i] == '$') ++i;
      if (i < text.size() && text[i] == '#') ++i;
      if (i < text.size() && text[i] == '!') ++i;
      if (i < text.size() && text[i] == '(' && last_close >= i + 2) return true;
    }
    size_t newline = text.find('\n', line);
    if (newline == std::string::npos) break;
    line = newline + 1;
  }
  return false;
}

std::optional<std::string> EscapeForDevspace(const std::string& text) {
  // Backwards through the passes: what the second variable pass must see, then what the
  // expression pass must see to hand that on, then what the first variable pass must see.
  std::string after_expressions = EscapeVariables(text);
  std::string before_expressions = after_expressions;
  if (HasDevspaceExpression(after_expressions)) {
    // The pass returns the value less its first character when the second is `$` (and
    // an expression is still found); otherwise it runs the expression.
    before_expressions = "$" + after_expressions;
    if (after_expressions[0] != '$' || !HasDevspaceExpression(before_expressions))
      return std::nullopt;
  }
  return EscapeVariables(before_expressions);
}

}  // namespace dsc::emit
