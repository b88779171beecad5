#include "compiler/emit/yaml_writer.h"

#include <fmt/format.h>

#include "base/json_text.h"
#include "compiler/emit/doc_writer.h"
#include "compiler/source/utf8.h"

namespace dsc::emit {
namespace {

// Whether `c` is copied into a double-quoted scalar as it is: printable ASCII but the
// quote and the backslash.
constexpr bool IsVerbatimInQuotes(unsigned char c) {
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

}  // namespace

void AppendQuotedYaml(std::string_view text, std::string& out) {
  out += '"';
  for (size_t i = 0; i < text.size(); ++i) {
    // A run that needs no escape is copied at once (an image reference, a route's rule).
    size_t run = i;
    while (run < text.size() && IsVerbatimInQuotes(static_cast<unsigned char>(text[run]))) ++run;
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      if (i == text.size()) break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Code points YAML does not allow as they are, or folds when loading:
      // C1 controls and NEL (U+0080-U+009F), the line and paragraph separators
      // (U+2028, U+2029) and the byte order mark (U+FEFF).
      auto [cp, length, valid] = DecodeUtf8(text.substr(i));
      if (valid && ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)) {
        out += fmt::format("\\u{:04X}", static_cast<uint32_t>(cp));
        i += length - 1;
        continue;
      }
      out += static_cast<char>(c);  // UTF-8 is valid inside double quotes
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

namespace {

// Tells `w` what `value` is: ToYaml prints a tree with the writer the emitters write
// manifests with, so a tree and the calls that describe it print the same text.
void Replay(const Json& value, YamlDocWriter& w) {
  if (value.is_object()) {
    w.BeginMap();
    for (auto it = value.begin(); it != value.end(); ++it) {
      w.UserKey(it.key());
      Replay(it.value(), w);
    }
    w.End();
  } else if (value.is_array()) {
    w.BeginSeq();
    for (const Json& item : value) Replay(item, w);
    w.End();
  } else if (value.is_string()) {
    w.String(value.get_ref<const std::string&>());
  } else if (value.is_boolean()) {
    w.Bool(value.get<bool>());
  } else if (value.is_null()) {
    w.Literal("null");
  } else {
    w.Literal(base::JsonText(value));  // numbers, as JSON writes them
  }
}

}  // namespace

void AppendYamlString(std::string_view text, std::string& out) {
  if (IsSafePlainScalar(text)) {
    out += text;
  } else {
    AppendQuotedYaml(text, out);
  }
}

std::string QuoteYaml(std::string_view text) {
  std::string out;
  AppendQuotedYaml(text, out);
  return out;
}

std::string ToYaml(const Json& doc) {
  YamlDocWriter w;
  Replay(doc, w);
  return std::string(w.text());
}

std::string EscapeHelmTemplate(std::string_view yaml) {
  std::string out;
  out.reserve(yaml.size());
  for (size_t i = 0; i < yaml.size(); ++i) {
    if (yaml[i] == '{' && i + 1 < yaml.size() && yaml[i + 1] == '{') {
      out += "{{ \"{{\" }}";
      ++i;
    } else {
      out += yaml[i];
    }
  }
  return out;
}

}  // namespace dsc::emit
