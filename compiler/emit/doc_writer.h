// Manifests are written once, as a sequence of calls, to either of two writers:
//
//   YamlDocWriter   appends the YAML text as it goes (the chart files and `dsc build -o -`:
//                   no tree is built), in exactly the form ToYaml prints a tree;
//   JsonDocWriter   builds the nlohmann tree (`dsc apply` and `dsc route explain` read
//                   trees).
//
// Building every object as an ordered_json tree from initializer lists and then printing
// it was four fifths of `dsc build -o -` at 10,000 services: a tree node per value, a
// vector of pairs per mapping, every key copied twice. The emitters now say what the
// document is, and the writer decides what that costs.
//
//   w.BeginMap();
//   w.Str("apiVersion", "v1");
//   w.BeginMap("metadata");
//   w.Str("name", name);
//   w.End();
//   w.End();
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/copy_short.h"
#include "compiler/emit/yaml_writer.h"

namespace dsc::emit {

// A key written in the emitters' source, checked at compile time to be one that YAML
// reads back as itself unquoted, so the YAML writer copies it as it is: the check costs
// nothing per object. A key that comes from the fleet (a label, an export, a header)
// is a UserKey, and is quoted when it must be.
class PlainKey {
 public:
  // Not `explicit`: `w.Str("name", ...)` is the point. A literal that needs quotes
  // does not compile (the throw is not a constant expression).
  consteval PlainKey(const char* key) : text_(key) {  // NOLINT(google-explicit-constructor)
    if (!IsSafePlainScalar(text_)) throw "a key YAML reads differently unquoted: use UserKey";
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

class DocWriter {
 public:
  virtual ~DocWriter() = default;

  // In a mapping: the key of the value that follows.
  void Key(PlainKey key) { WriteKey(key.text(), true); }
  void UserKey(std::string_view key) { WriteKey(key, false); }
  // A value: in a mapping after a key, in a sequence as its next item, or the document.
  virtual void BeginMap() = 0;
  virtual void BeginSeq() = 0;
  virtual void String(std::string_view value) = 0;
  virtual void Int(int64_t value) = 0;
  virtual void Bool(bool value) = 0;
  // Closes the innermost open mapping or sequence.
  virtual void End() = 0;

  // A key and its value. (Named by type, not overloaded: a string literal would take a
  // `bool` overload over a `string_view` one.)
  void BeginMap(PlainKey key) {
    Key(key);
    BeginMap();
  }
  void BeginSeq(PlainKey key) {
    Key(key);
    BeginSeq();
  }
  void Str(PlainKey key, std::string_view value) {
    Key(key);
    String(value);
  }
  void UserStr(std::string_view key, std::string_view value) {
    UserKey(key);
    String(value);
  }
  void Int(PlainKey key, int64_t value) {
    Key(key);
    Int(value);
  }
  void Bool(PlainKey key, bool value) {
    Key(key);
    Bool(value);
  }
  // A sequence of strings under `key`.
  void StrSeq(PlainKey key, const std::vector<std::string>& items);
  void StrSeq(PlainKey key, std::initializer_list<std::string_view> items);

 protected:
  // `plain`: known to need no quotes.
  virtual void WriteKey(std::string_view key, bool plain) = 0;
};

// Writes YAML, block style, as ToYaml(tree) would print the same tree: a scalar after
// `key: ` or `- `, a mapping or sequence under a key indented by two, a mapping in a
// sequence starting on the `- ` line, `{}` and `[]` for empty ones.
class YamlDocWriter final : public DocWriter {
 public:
  using DocWriter::BeginMap;
  using DocWriter::BeginSeq;
  using DocWriter::Bool;
  using DocWriter::Int;

  void BeginMap() override { Open(true); }
  void BeginSeq() override { Open(false); }
  void String(std::string_view value) override;
  void Int(int64_t value) override;
  void Bool(bool value) override;
  void End() override;
  // A scalar already in YAML form (a number as JSON writes it, `null`): ToYaml's.
  void Literal(std::string_view text);

  // The text written since construction or Clear().
  std::string_view text() const { return {buffer_.data(), size_}; }
  // Starts the next document, keeping the buffer's memory.
  void Clear() {
    size_ = 0;
    stack_.clear();
  }

 private:
  // Where an open mapping or sequence began, which decides how its first entry (or,
  // when it has none, `{}`/`[]`) continues the line.
  enum class Opened { kDocument, kAfterKey, kAfterDash };
  struct Frame {
    bool map;
    int indent;  // of its entries
    Opened opened;
    bool empty;
  };
  void Open(bool map);
  // Starts the next entry of `frame`: ends the line its header left open.
  // Returns whether this is its first entry.
  bool StartEntry(Frame& frame);
  // Whatever a value needs before it: nothing after a key, `- ` in a sequence.
  void BeginValue();
  void WriteKey(std::string_view key, bool plain) override;

  // The text is written into a buffer of our own, whose first size_ bytes hold it: a
  // std::string's append, with its checks and calls, cost more than the key or string
  // it appended (50 instructions each, 2 million times for 10,000 services).
  // Room for `n` more bytes, counted as written.
  char* Extend(size_t n) {
    if (buffer_.size() - size_ < n) Reserve(n);
    char* at = buffer_.data() + size_;
    size_ += n;
    return at;
  }
  void Reserve(size_t n);
  void Put(char c) { *Extend(1) = c; }
  void Put(std::string_view text) {
    base::CopyShort(Extend(text.size()), text.data(), text.size());
  }
  void Spaces(size_t n);
  // `text` as a YAML string: plain when it may be, else quoted.
  void PutScalar(std::string_view text);

  std::string buffer_;
  size_t size_ = 0;
  std::string quoted_;  // PutScalar's, kept for its memory
  std::vector<Frame> stack_;
};

// Builds the ordered_json tree the same calls describe.
class JsonDocWriter final : public DocWriter {
 public:
  using DocWriter::BeginMap;
  using DocWriter::BeginSeq;
  using DocWriter::Bool;
  using DocWriter::Int;

  void BeginMap() override { stack_.push_back(&Place(Json::object())); }
  void BeginSeq() override { stack_.push_back(&Place(Json::array())); }
  void String(std::string_view value) override { Place(std::string(value)); }
  void Int(int64_t value) override { Place(value); }
  void Bool(bool value) override { Place(value); }
  void End() override { stack_.pop_back(); }

  Json Take() { return std::move(root_); }

 private:
  Json& Place(Json value);
  void WriteKey(std::string_view key, bool) override { key_ = key; }

  Json root_;
  std::vector<Json*> stack_;
  std::string key_;
};

}  // namespace dsc::emit
