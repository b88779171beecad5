// JSON text written as it is described, without a tree: what nlohmann's dump(indent)
// prints for the same document, byte for byte. blueprint.json of a 10,000-service fleet
// is 16 MB; building an ordered_json per entry and printing it was a quarter of
// `dsc build -o DIR`'s own time.
//
//   PrettyJsonWriter w(out);
//   w.BeginObject();
//   w.Str("name", name);
//   w.Key("objects");
//   w.BeginArray();
//   ...
//   w.End();
//   w.End();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsc::base {

class PrettyJsonWriter {
 public:
  // Appends to `out`, `indent` spaces per level, as JsonText(doc, indent) writes.
  explicit PrettyJsonWriter(std::string& out, int indent = 2) : out_(&out), indent_(indent) {}
  // Writes nothing: adds to `*size` the bytes the same calls would write (to reserve a
  // large document's string once, rather than grow it to twice its size by doubling).
  explicit PrettyJsonWriter(size_t* size, int indent = 2) : size_(size), indent_(indent) {}

  // In an object: the key of the value that follows.
  void Key(std::string_view key);
  // A value: after a key, as an array's next element, or the document.
  void BeginObject() { Open('{'); }
  void BeginArray() { Open('['); }
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // Closes the innermost open object or array.
  void End();

  void Str(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Int(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }
  void Bool(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }

 private:
  struct Frame {
    char close;  // '}' or ']'
    bool empty;
  };
  void Open(char bracket);
  // Before a value: a new line and the indentation in an array (nothing after a key).
  void BeginValue();
  // Starts the next entry of the innermost object or array on a line of its own.
  void NextEntry();
  // `text` as a JSON string, quotes included, escaped as nlohmann escapes it (invalid
  // UTF-8 becomes U+FFFD).
  void Quoted(std::string_view text);

  void Put(std::string_view text) {
    if (out_) {
      out_->append(text);
    } else {
      *size_ += text.size();
    }
  }
  void PutSpaces(size_t n) {
    if (out_) {
      out_->append(n, ' ');
    } else {
      *size_ += n;
    }
  }

  std::string* out_ = nullptr;
  size_t* size_ = nullptr;
  int indent_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

}  // namespace dsc::base
