#include "base/pretty_json_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/json_text.h"

namespace dsc::base {

void PrettyJsonWriter::NextEntry() {
  Frame& frame = stack_.back();
  out_ += frame.empty ? "\n" : ",\n";
  frame.empty = false;
  out_.append(stack_.size() * indent_, ' ');
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
  out_ += ": ";
  after_key_ = true;
}

void PrettyJsonWriter::Open(char bracket) {
  BeginValue();
  out_ += bracket;
  stack_.push_back(Frame{bracket == '{' ? '}' : ']', true});
}

void PrettyJsonWriter::End() {
  Frame frame = stack_.back();
  stack_.pop_back();
  if (!frame.empty) {
    out_ += '\n';
    out_.append(stack_.size() * indent_, ' ');
  }
  out_ += frame.close;
}

void PrettyJsonWriter::String(std::string_view value) {
  BeginValue();
  Quoted(value);
}

void PrettyJsonWriter::Int(int64_t value) {
  BeginValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void PrettyJsonWriter::Bool(bool value) {
  BeginValue();
  out_ += value ? "true" : "false";
}

void PrettyJsonWriter::Null() {
  BeginValue();
  out_ += "null";
}

void PrettyJsonWriter::Quoted(std::string_view text) {
  // Printable ASCII other than `"` and `\` is written as it is; names, images and hosts
  // are. Anything else goes through nlohmann's own escaping, so the two cannot differ.
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
      out_ += JsonText(nlohmann::json(std::string(text)));
      return;
    }
  }
  out_ += '"';
  out_ += text;
  out_ += '"';
}

}  // namespace dsc::base
