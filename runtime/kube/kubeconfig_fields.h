// Typed reads of one kubeconfig entry's fields (a cluster, user, context or exec
// block). Every failure names the file, the entry and the key, never the value, since
// values may be credentials.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

namespace dsc::kube {

class FieldReader {
 public:
  // `what` names the entry (`user "admin"`); failures go to `error`.
  FieldReader(YAML::Node body, std::string file, std::string what, std::string* error)
      : body_(std::move(body)), file_(std::move(file)), what_(std::move(what)), error_(error) {}

  // The nested mapping under `key` (which may be absent: its reads then find nothing).
  FieldReader Child(const std::string& key) const;

  bool Has(const std::string& key) const;
  // Absent or null keys leave `out` as it was and succeed.
  bool String(const std::string& key, std::string* out);
  bool Bool(const std::string& key, bool* out);
  bool StringList(const std::string& key, std::vector<std::string>* out);
  // [{name: N, value: V}, ...] (exec env).
  bool NameValueList(const std::string& key, std::vector<std::pair<std::string, std::string>>* out);
  // A base64 *-data field, decoded.
  bool Data(const std::string& key, std::string* out);
  // A path, made relative to the kubeconfig file that holds it.
  bool Path(const std::string& key, std::string* out);
  // The contents of the file a path field names.
  bool FileContents(const std::string& key, std::string* out);

  // Records "kubeconfig: FILE: WHAT: MESSAGE" and returns false.
  bool Fail(const std::string& message);
  const std::string& file() const { return file_; }

 private:
  YAML::Node Get(const std::string& key) const;

  YAML::Node body_;
  std::string file_;
  std::string what_;
  std::string* error_;
};

}  // namespace dsc::kube
