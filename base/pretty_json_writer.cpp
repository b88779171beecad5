#include "base/pretty_json_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/json_text.h"

namespace dsc::base {

void PrettyJsonWriter::NextEntry() {
  Frame& frame = stack_.back();
  Put(frame.empty ? "\n" : ",\n");
  frame.empty = false;
  PutSpaces(stack_.size() * indent_);
}

void PrettyJsonWriter::BeginValue() {
  if (after_key_) {
    after_key_ = false;
  } else if (!stack_.empty()) {
    NextEntry();
  }
}

void PrettyJsonWriter::Key(std::string_view key) {
  NextEntry();
  Quoted(key);
  Put(": ");
  after_key_ = true;
}

void PrettyJsonWriter::Open(char bracket) {
  BeginValue();
  Put(std::string_view(&bracket, 1));
  stack_.push_back(Frame{bracket == '{' ? '}' : ']', true});
}

void PrettyJsonWriter::End() {
  Frame frame = stack_.back();
  stack_.pop_back();
  if (!frame.empty) {
    Put("\n");
    PutSpaces(stack_.size() * indent_);
  }
  Put(std::string_view(&frame.close, 1));
}

void PrettyJsonWriter::String(std::string_view value) {
  BeginValue();
  Quoted(value);
}

void PrettyJsonWriter::Int(int64_t value) {
  BeginValue();
  fmt::format_int text(value);
  Put(std::string_view(text.data(), text.size()));
}

void PrettyJsonWriter::Bool(bool value) {
  BeginValue();
  Put(value ? "true" : "false");
}

void PrettyJsonWriter::Null() {
  BeginValue();
  Put("null");
}

void PrettyJsonWriter::Quoted(std::string_view text) {
  // Printable ASCII other than `"` and `\` is written as it is; names, images and hosts
  // are. Anything else goes through nlohmann's own escaping, so the two cannot differ.
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
      Put(JsonText(nlohmann::json(std::string(text))));
      return;
    }
  }
  Put("\"");
  Put(text);
  Put("\"");
}

}  // namespace dsc::base
