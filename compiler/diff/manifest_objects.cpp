#include "compiler/diff/manifest_objects.h"

#include <string>
#include <string_view>
#include <vector>

#include "runtime/apply/yaml_json.h"

namespace dsc::diff {
namespace {

using nlohmann::json;

// dsc's build escapes a literal `{{` in a template as `{{ "{{" }}` and uses no
// other template action, so undoing that one escape gives what Helm renders.
std::string UnescapeHelm(const std::string& text) {
  static const std::string kEscaped = "{{ \"{{\" }}";
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(kEscaped, pos)) != std::string::npos;
       pos = hit + kEscaped.size()) {
    out.append(text, pos, hit - pos).append("{{");
  }
  return out.append(text, pos, std::string::npos);
}

// The text of each document of a template, split at its `---` lines (a document marker
// is a line starting with `---` at column 0, so it cannot be inside a document). dsc
// writes a chart's objects into one file; a diff shows each object's own text.
std::vector<std::string> DocumentTexts(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
    current.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + pos, end - pos);
    bool marker = line.starts_with("---") &&
                  (line.size() == 3 || line[3] == '\n' || line[3] == ' ' || line[3] == '\r');
    if (marker) {
      flush();
    } else {
      current.append(line);
    }
    pos = end;
  }
  flush();
  return out;
}

std::string StringAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool AddDocuments(const std::string& path, const std::string& release,
                  const std::string& release_ns, const std::string& text, ObjectMap* out,
                  std::string* error) {
  std::vector<json> docs;
  std::string yaml_error;
  if (!runtime::YamlDocumentsToJson(text, &docs, &yaml_error)) {
    *error = path + ": " + yaml_error;
    return false;
  }
  std::vector<std::string> texts = DocumentTexts(text);
  if (texts.size() != docs.size() && docs.size() == 1) texts = {text};
  for (size_t i = 0; i < docs.size(); ++i) {
    json& doc = docs[i];
    const json* metadata = doc.is_object() && doc.contains("metadata") ? &doc["metadata"] : nullptr;
    if (!metadata || !metadata->is_object() || StringAt(doc, "kind").empty() ||
        StringAt(*metadata, "name").empty()) {
      *error = path + ": not a Kubernetes object (kind and metadata.name are required)";
      return false;
    }
    std::string ns = StringAt(*metadata, "namespace");
    ObjectKey key{StringAt(doc, "kind"), ns.empty() ? release_ns : ns, StringAt(*metadata, "name")};
    ManifestObject object;
    object.api_version = StringAt(doc, "apiVersion");
    object.release = release;
    if (texts.size() == docs.size()) object.text = texts[i];
    object.manifest = std::move(doc);
    // Two templates rendering one object: the first wins, as Helm would refuse
    // the second; dsc never writes that (DS6xxx).
    out->emplace(std::move(key), std::move(object));
  }
  return true;
}

}  // namespace

bool ReadObjects(const Tree& tree, const contract::BlueprintDocument& blueprint, ObjectMap* out,
                 std::string* error) {
  for (const contract::ReleaseEntry& release : blueprint.releases) {
    std::string templates = release.chart + "/templates/";
    for (auto it = tree.lower_bound(templates);
         it != tree.end() && it->first.starts_with(templates); ++it) {
      if (!AddDocuments(it->first, release.name, release.ns, UnescapeHelm(it->second), out, error))
        return false;
    }
  }
  return true;
}

const json* FindContainer(const ObjectMap& objects, const std::string& namespace_,
                          const std::string& name, const std::string& container) {
  auto it = objects.find({"Deployment", namespace_, name});
  if (it == objects.end()) return nullptr;
  const json* containers = &it->second.manifest;
  for (const char* key : {"spec", "template", "spec", "containers"}) {
    if (!containers->is_object() || !containers->contains(key)) return nullptr;
    containers = &(*containers)[key];
  }
  if (!containers->is_array()) return nullptr;
  for (const json& c : *containers) {
    if (c.is_object() && StringAt(c, "name") == container) return &c;
  }
  return containers->empty() || !(*containers)[0].is_object() ? nullptr : &(*containers)[0];
}

}  // namespace dsc::diff
