#include "runtime/kube/kubeconfig_fields.h"

#include "base/base64.h"
#include "base/read_file.h"

namespace dsc::kube {

YAML::Node FieldReader::Get(const std::string& key) const {
  // A const node's operator[] never inserts, and a missing body reads as empty.
  const YAML::Node& body = body_;
  if (!body || !body.IsMap()) return YAML::Node();
  return body[key];
}

FieldReader FieldReader::Child(const std::string& key) const {
  return FieldReader(Get(key), file_, what_ + ": " + key, error_);
}

bool FieldReader::Has(const std::string& key) const {
  YAML::Node node = Get(key);
  return node && !node.IsNull();
}

bool FieldReader::Fail(const std::string& message) {
  *error_ = "kubeconfig: " + file_ + ": " + what_ + ": " + message;
  return false;
}

bool FieldReader::String(const std::string& key, std::string* out) {
  YAML::Node node = Get(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsScalar()) return Fail(key + " must be a string");
  *out = node.Scalar();
  return true;
}

bool FieldReader::Bool(const std::string& key, bool* out) {
  YAML::Node node = Get(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, *out)) {
    return Fail(key + " must be true or false");
  }
  return true;
}

bool FieldReader::StringList(const std::string& key, std::vector<std::string>* out) {
  YAML::Node node = Get(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsSequence()) return Fail(key + " must be a list of strings");
  for (const auto& item : node) {
    if (!item.IsScalar()) return Fail(key + " must be a list of strings");
    out->push_back(item.Scalar());
  }
  return true;
}

bool FieldReader::NameValueList(const std::string& key,
                                std::vector<std::pair<std::string, std::string>>* out) {
  YAML::Node node = Get(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsSequence()) return Fail(key + " must be a list of {name, value}");
  for (const auto& item : node) {
    FieldReader pair(item, file_, what_, error_);
    std::string name, value;
    if (!item.IsMap() || !pair.String("name", &name) || !pair.String("value", &value)) {
      return Fail(key + " must be a list of {name, value}");
    }
    if (name.empty()) return Fail(key + " has an entry without a name");
    out->emplace_back(std::move(name), std::move(value));
  }
  return true;
}

bool FieldReader::Data(const std::string& key, std::string* out) {
  std::string text;
  if (!String(key, &text)) return false;
  if (text.empty()) return true;
  auto decoded = base::Base64Decode(text);
  if (!decoded) return Fail(key + " is not valid base64");
  *out = std::move(*decoded);
  return true;
}

bool FieldReader::Path(const std::string& key, std::string* out) {
  std::string path;
  if (!String(key, &path)) return false;
  if (!path.empty()) *out = base::ResolveAgainst(file_, path);
  return true;
}

bool FieldReader::FileContents(const std::string& key, std::string* out) {
  std::string path;
  if (!Path(key, &path)) return false;
  if (path.empty()) return true;
  std::string read_error;
  if (!base::ReadFileToString(path, out, &read_error)) return Fail(key + ": " + read_error);
  return true;
}

}  // namespace dsc::kube
