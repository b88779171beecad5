#include "compiler/emit/yaml_writer.h"

#include <fmt/format.h>

#include "base/json_text.h"
#include "compiler/source/utf8.h"

namespace dsc::emit {
namespace {

// Appends `text` as a YAML double-quoted scalar.
// Whether `c` is copied into a double-quoted scalar as it is: printable ASCII but the
// quote and the backslash.
constexpr bool IsVerbatimInQuotes(unsigned char c) {
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void AppendQuoted(std::string_view text, std::string& out) {
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

bool IsScalar(const Json& value) { return !value.is_object() && !value.is_array(); }

void AppendScalar(const Json& value, std::string& out) {
  if (value.is_string()) {
    AppendYamlString(value.get_ref<const std::string&>(), out);
  } else if (value.is_boolean()) {
    out += value.get<bool>() ? "true" : "false";
  } else if (value.is_null()) {
    out += "null";
  } else {
    out += base::JsonText(value);  // numbers
  }
}

bool IsEmptyCollection(const Json& value) {
  return (value.is_object() || value.is_array()) && value.empty();
}

std::string EmptyCollection(const Json& value) { return value.is_object() ? "{}" : "[]"; }

void Write(const Json& value, int indent, std::string& out);

// A mapping whose first line continues the current line (after `- `).
void WriteMapping(const Json& object, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!(first && first_inline)) out.append(static_cast<size_t>(indent), ' ');
    first = false;
    AppendYamlString(it.key(), out);
    out += ':';
    const Json& v = it.value();
    if (IsScalar(v)) {
      out += ' ';
      AppendScalar(v, out);
      out += '\n';
    } else if (IsEmptyCollection(v)) {
      out += ' ';
      out += EmptyCollection(v);
      out += '\n';
    } else if (v.is_array()) {
      // Sequences under a key are indented by two, as kubectl and Helm print them.
      out += '\n';
      Write(v, indent + 2, out);
    } else {
      out += '\n';
      Write(v, indent + 2, out);
    }
  }
}

void WriteSequence(const Json& array, int indent, std::string& out) {
  for (const Json& item : array) {
    out.append(static_cast<size_t>(indent), ' ');
    out += "- ";
    if (IsScalar(item)) {
      AppendScalar(item, out);
      out += '\n';
    } else if (IsEmptyCollection(item)) {
      out += EmptyCollection(item);
      out += '\n';
    } else if (item.is_object()) {
      WriteMapping(item, indent + 2, true, out);
    } else {
      out += '\n';
      WriteSequence(item, indent + 2, out);
    }
  }
}

void Write(const Json& value, int indent, std::string& out) {
  if (value.is_object()) {
    WriteMapping(value, indent, false, out);
  } else if (value.is_array()) {
    WriteSequence(value, indent, out);
  } else {
    out.append(static_cast<size_t>(indent), ' ');
    AppendScalar(value, out);
    out += '\n';
  }
}

}  // namespace

void AppendYamlString(std::string_view text, std::string& out) {
  if (IsSafePlainScalar(text)) {
    out += text;
  } else {
    AppendQuoted(text, out);
  }
}

std::string QuoteYaml(std::string_view text) {
  std::string out;
  AppendQuoted(text, out);
  return out;
}

std::string ToYaml(const Json& doc) {
  std::string out;
  if (IsScalar(doc) || IsEmptyCollection(doc)) {
    if (IsScalar(doc)) {
      AppendScalar(doc, out);
    } else {
      out = EmptyCollection(doc);
    }
    out += '\n';
    return out;
  }
  Write(doc, 0, out);
  return out;
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
