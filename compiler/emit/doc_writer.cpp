#include "compiler/emit/doc_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace dsc::emit {

void DocWriter::StrSeq(PlainKey key, const std::vector<std::string>& items) {
  BeginSeq(key);
  for (const std::string& item : items) String(item);
  End();
}

void DocWriter::StrSeq(PlainKey key, std::initializer_list<std::string_view> items) {
  BeginSeq(key);
  for (std::string_view item : items) String(item);
  End();
}

// --- YAML ------------------------------------------------------------------------------

void YamlDocWriter::Reserve(size_t n) {
  buffer_.resize(std::max(buffer_.size() * 2, size_ + n + 1024));
}

void YamlDocWriter::Spaces(size_t n) {
  // Indentation, rarely deeper than 32: copied from a row of spaces, as Put copies.
  static constexpr char kSpaces[] = "                                ";
  char* at = Extend(n);
  if (n <= 32) {
    base::CopyShort(at, kSpaces, n);
  } else {
    std::memset(at, ' ', n);
  }
}

void YamlDocWriter::PutScalar(std::string_view text) {
  if (IsSafePlainScalar(text)) {
    Put(text);
    return;
  }
  quoted_.clear();
  AppendQuotedYaml(text, quoted_);
  Put(quoted_);
}

bool YamlDocWriter::StartEntry(Frame& frame) {
  if (!frame.empty) return false;
  frame.empty = false;
  // `key:` is followed by its entries on the next lines; so is `- ` by a sequence's
  // (a mapping's first key stays on the `- ` line).
  if (frame.opened == Opened::kAfterKey || (frame.opened == Opened::kAfterDash && !frame.map))
    Put('\n');
  return true;
}

void YamlDocWriter::WriteKey(std::string_view key, bool plain) {
  Frame& frame = stack_.back();
  bool first = StartEntry(frame);
  if (!(first && frame.opened == Opened::kAfterDash)) Spaces(frame.indent);
  if (plain) {
    Put(key);
  } else {
    PutScalar(key);
  }
  Put(':');
}

void YamlDocWriter::BeginValue() {
  if (stack_.empty() || stack_.back().map) return;  // the document, or after `key:`
  Frame& seq = stack_.back();
  StartEntry(seq);
  Spaces(seq.indent);
  Put("- ");
}

void YamlDocWriter::Open(bool map) {
  if (stack_.empty()) {
    stack_.push_back(Frame{map, 0, Opened::kDocument, true});
    return;
  }
  bool in_map = stack_.back().map;
  int indent = stack_.back().indent + 2;
  BeginValue();
  stack_.push_back(Frame{map, indent, in_map ? Opened::kAfterKey : Opened::kAfterDash, true});
}

void YamlDocWriter::End() {
  Frame frame = stack_.back();
  stack_.pop_back();
  if (!frame.empty) return;
  if (frame.opened == Opened::kAfterKey) Put(' ');
  Put(frame.map ? "{}\n" : "[]\n");
}

void YamlDocWriter::Literal(std::string_view text) {
  bool after_key = !stack_.empty() && stack_.back().map;
  BeginValue();
  if (after_key) Put(' ');
  Put(text);
  Put('\n');
}

void YamlDocWriter::String(std::string_view value) {
  bool after_key = !stack_.empty() && stack_.back().map;
  BeginValue();
  if (after_key) Put(' ');
  PutScalar(value);
  Put('\n');
}

void YamlDocWriter::Int(int64_t value) { Literal(fmt::format_int(value).c_str()); }

void YamlDocWriter::Bool(bool value) { Literal(value ? "true" : "false"); }

// --- JSON ------------------------------------------------------------------------------

Json& JsonDocWriter::Place(Json value) {
  if (stack_.empty()) {
    root_ = std::move(value);
    return root_;
  }
  Json& parent = *stack_.back();
  if (parent.is_array()) {
    parent.push_back(std::move(value));
    return parent.back();
  }
  Json& slot = parent[key_];
  slot = std::move(value);
  return slot;
}

}  // namespace dsc::emit
