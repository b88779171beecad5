#include "compiler/syntax/literals.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "compiler/source/utf8.h"

namespace dsc {
namespace {

// Parses `a.b.c` (no spaces inside) starting at byte `begin` of the file.
bool ParseRefName(std::string_view text, FileId file, uint32_t begin, ast::QualifiedName* out) {
  size_t i = 0;
  while (true) {
    if (i >= text.size() || !IsNameStart(text[i])) return false;
    size_t start = i;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    out->parts.push_back(
        {std::string(text.substr(start, i - start)),
         {file, begin + static_cast<uint32_t>(start), begin + static_cast<uint32_t>(i)}});
    if (i == text.size()) break;
    if (text[i] != '.') return false;
    ++i;
  }
  out->span = {file, begin, begin + static_cast<uint32_t>(text.size())};
  return true;
}

}  // namespace

void DecodeString(std::string_view token, FileId file, uint32_t begin, ast::Expr* expr,
                  DiagnosticSink& diags) {
  // Drop the opening quote and, when present, the closing one: the first `"` that is not
  // escaped. Escapes are read pairwise from the start, so `"x\\"` ends with an escaped
  // backslash and a closing quote, while `"x\"` (unterminated) ends with an escaped quote.
  size_t end = token.size();
  for (size_t i = 1; i < token.size(); ++i) {
    if (token[i] == '\\') {
      ++i;
    } else if (token[i] == '"') {
      end = i;
      break;
    }
  }
  std::string text;
  uint32_t text_begin = begin + 1;
  auto flush = [&](uint32_t at) {
    if (text.empty()) return;
    expr->parts.push_back({false, std::move(text), {}, {file, text_begin, at}});
    text.clear();
  };
  size_t i = 1;
  while (i < end) {
    char c = token[i];
    uint32_t here = begin + static_cast<uint32_t>(i);
    if (c == '\\' && i + 1 < end) {
      char e = token[i + 1];
      switch (e) {
        case 'n':
          text += '\n';
          break;
        case 't':
          text += '\t';
          break;
        case 'r':
          text += '\r';
          break;
        case '"':
          text += '"';
          break;
        case '\\':
          text += '\\';
          break;
        case '$':
          text += '$';
          break;
        default: {
          // Report the whole (possibly multi-byte) escaped character.
          size_t len = DecodeUtf8(token.substr(i + 1, end - i - 1)).length;
          diags
              .Report(DiagKind::kInvalidEscape, {file, here, here + 1 + static_cast<uint32_t>(len)},
                      std::string(token.substr(i + 1, len)))
              .Help("escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` and `\\$`");
          expr->malformed = true;
        }
      }
      i += 2;
      continue;
    }
    if (c == '$' && i + 1 < end && token[i + 1] == '{') {
      size_t close = token.find('}', i + 2);
      if (close == std::string_view::npos || close >= end) {
        diags.Report(DiagKind::kBadInterpolation, {file, here, here + 2}, "`${` has no closing `}`")
            .Help("write `${name.export}`, or `\\${` for a literal `${`");
        expr->parts.clear();
        expr->malformed = true;
        return;
      }
      flush(here);
      std::string_view inner = token.substr(i + 2, close - i - 2);
      size_t lead = inner.find_first_not_of(' ');
      size_t trail = inner.find_last_not_of(' ');
      uint32_t inner_begin =
          here + 2 + static_cast<uint32_t>(lead == std::string_view::npos ? 0 : lead);
      ast::StringPart part;
      part.is_ref = true;
      part.span = {file, here, begin + static_cast<uint32_t>(close) + 1};
      if (lead == std::string_view::npos) {
        diags.Report(DiagKind::kBadInterpolation, part.span, "`${}` is empty")
            .Help("put a reference inside, like `${db.host}`");
        expr->malformed = true;
      } else if (!ParseRefName(inner.substr(lead, trail - lead + 1), file, inner_begin,
                               &part.ref)) {
        diags
            .Report(DiagKind::kBadInterpolation, part.span,
                    fmt::format("`{}` is not a reference", inner.substr(lead, trail - lead + 1)))
            .Help("only references like `${db.host}` or `${fleet.domain}` can be interpolated");
        expr->malformed = true;
      } else {
        expr->parts.push_back(std::move(part));
      }
      i = close + 1;
      text_begin = begin + static_cast<uint32_t>(i);
      continue;
    }
    // Plain characters up to the next escape or `$`, appended as one run.
    size_t run_end = i + 1;
    while (run_end < end && token[run_end] != '\\' && token[run_end] != '$') ++run_end;
    text.append(token.substr(i, run_end - i));
    i = run_end;
  }
  flush(begin + static_cast<uint32_t>(end));
}

bool IsKnownUnit(std::string_view unit) {
  static constexpr std::array<std::string_view, 20> kUnits = {
      "",  "ms", "s", "m", "h",  "d",  "n",  "u",  "k",  "M",
      "G", "T",  "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  for (std::string_view known : kUnits) {
    if (known == unit) return true;
  }
  return false;
}

namespace {

bool IsAsciiDigitChar(char c) { return c >= '0' && c <= '9'; }

// Milliseconds per duration unit; 0 for anything else.
double DurationUnitMs(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1e3;
  if (unit == "m") return 60e3;
  if (unit == "h") return 3600e3;
  if (unit == "d") return 86400e3;
  return 0;
}

// `1h30m`, `2d12h`, `1m30s500ms`: a sum of durations, each with its unit, largest first.
// Decoded as a number of milliseconds with the unit `ms`, which sema reads as any other.
void DecodeCompoundDuration(std::string_view token, Span span, ast::Expr* expr,
                            DiagnosticSink& diags) {
  auto fail = [&](std::string what) {
    expr->malformed = true;
    diags.Report(DiagKind::kMalformedDuration, span, token, std::move(what))
        .Help(
            "a compound duration adds parts with units `d`, `h`, `m`, `s`, `ms`, largest "
            "first, e.g. `1h30m`");
  };
  std::string_view rest = token;
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  double total = 0, previous = 0;
  while (!rest.empty()) {
    size_t digits = 0;
    while (digits < rest.size() && (IsAsciiDigitChar(rest[digits]) || rest[digits] == '.'))
      ++digits;
    size_t letters = digits;
    while (letters < rest.size() && !IsAsciiDigitChar(rest[letters])) ++letters;
    std::string_view number = rest.substr(0, digits), unit = rest.substr(digits, letters - digits);
    double factor = DurationUnitMs(unit);
    if (unit.empty()) return fail(fmt::format("`{}` has no unit", number));
    if (factor == 0) return fail(fmt::format("`{}` is not a unit of time", unit));
    if (previous != 0 && factor >= previous) {
      return fail(fmt::format("`{}{}` comes after a part that is not larger", number, unit));
    }
    previous = factor;
    total += std::strtod(std::string(number).c_str(), nullptr) * factor;
    rest.remove_prefix(letters);
  }
  expr->unit = "ms";
  expr->float_value = negative ? -total : total;
  if (total == std::floor(total) && total < 9.2e18) {
    expr->is_integer = true;
    expr->int_value = static_cast<int64_t>(expr->float_value);
  }
}

}  // namespace

void DecodeNumber(std::string_view token, Span span, ast::Expr* expr, DiagnosticSink& diags) {
  expr->number_text = std::string(token);
  size_t first_letter = token.find_first_not_of("-.0123456789");
  if (first_letter != std::string_view::npos &&
      token.find_first_of("0123456789", first_letter) != std::string_view::npos) {
    return DecodeCompoundDuration(token, span, expr, diags);
  }
  size_t unit_start = 0;
  while (unit_start < token.size() &&
         (std::isdigit(static_cast<unsigned char>(token[unit_start])) || token[unit_start] == '.' ||
          token[unit_start] == '-')) {
    ++unit_start;
  }
  std::string_view magnitude = token.substr(0, unit_start);
  expr->unit = std::string(token.substr(unit_start));
  if (!IsKnownUnit(expr->unit)) {
    expr->malformed = true;
    diags.Report(DiagKind::kUnknownUnit, span, expr->unit, token)
        .Help(
            "durations use `ms`, `s`, `m`, `h`, `d`; quantities use `m`, `k`, `M`, `G`, `Ki`, "
            "`Mi`, `Gi`, `Ti`");
  }
  if (magnitude.find('.') == std::string_view::npos) {
    auto [ptr, ec] =
        std::from_chars(magnitude.data(), magnitude.data() + magnitude.size(), expr->int_value);
    if (ec != std::errc()) {
      diags.Report(DiagKind::kIntegerOutOfRange, span, token);
      expr->malformed = true;
      return;
    }
    expr->is_integer = true;
    expr->float_value = static_cast<double>(expr->int_value);
  } else {
    expr->float_value = std::strtod(std::string(magnitude).c_str(), nullptr);
  }
}

ast::Name DecodeQuotedKey(std::string_view text, Span span, DiagnosticSink& diags) {
  ast::Expr decoded;
  DecodeString(text.substr(span.begin, span.end - span.begin), span.file, span.begin, &decoded,
               diags);
  return {decoded.PlainString(), span};
}

void DecodeImportPath(std::string_view text, Span span, ast::Decl* decl, DiagnosticSink& diags) {
  decl->import_path_span = span;
  ast::Expr path;
  DecodeString(text.substr(span.begin, span.end - span.begin), span.file, span.begin, &path, diags);
  decl->import_path = path.PlainString();
  decl->name = {std::filesystem::path(decl->import_path).stem().string(), span};
}

}  // namespace dsc
