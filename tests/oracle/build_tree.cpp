#include "tests/oracle/build_tree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>

#include "tests/oracle/source_view.h"

namespace dsc::oracle {
namespace {

namespace fs = std::filesystem;

Json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = ToJson(item.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted
      static const std::regex integer("[-+]?[0-9]+");
      if (text == "true" || text == "false") return text == "true";
      if (text == "null" || text == "~") return nullptr;
      if (std::regex_match(text, integer)) return std::stoll(text);
      return text;
    }
    default:
      return nullptr;
  }
}

// A template as Helm renders it: dsc writes a literal `{{` as `{{ "{{" }}`.
std::string UndoHelmEscapes(std::string text) {
  static const std::string escaped = "{{ \"{{\" }}";
  for (size_t at = text.find(escaped); at != std::string::npos; at = text.find(escaped, at + 2)) {
    text.replace(at, escaped.size(), "{{");
  }
  return text;
}

}  // namespace

Json YamlToJson(const std::string& text) { return ToJson(YAML::Load(text)); }

const Json& At(const Json& json, const std::string& key) {
  static const Json empty = Json::object();
  if (!json.is_object()) return empty;
  auto it = json.find(key);
  return it == json.end() ? empty : *it;
}

const Json& At(const Json& json, std::initializer_list<const char*> path) {
  const Json* at = &json;
  for (const char* key : path) at = &At(*at, key);
  return *at;
}

std::optional<BuildTree> BuildTree::Read(const fs::path& dir, std::string* error) {
  BuildTree tree;
  auto blueprint = ReadText(dir / "blueprint.json");
  auto helmfile = ReadText(dir / "helmfile.yaml");
  if (!blueprint || !helmfile) {
    *error = "no blueprint.json or helmfile.yaml in " + dir.string();
    return std::nullopt;
  }
  try {
    tree.blueprint = Json::parse(*blueprint);
    Json releases = YamlToJson(*helmfile)["releases"];
    for (const Json& r : releases) {
      HelmRelease release;
      release.name = r.value("name", "");
      release.namespace_ = r.value("namespace", "");
      release.chart = r.value("chart", "");
      for (const Json& need : At(r, "needs")) release.needs.insert(need);
      for (const auto& [k, v] : At(r, "labels").items()) release.labels[k] = v;
      release.hooks = r.contains("hooks") ? r["hooks"] : Json::array();
      tree.helmfile.push_back(std::move(release));
    }
    std::vector<fs::path> files;
    if (fs::is_directory(dir / "charts")) {
      for (const auto& entry : fs::recursive_directory_iterator(dir / "charts")) {
        if (entry.is_regular_file() && entry.path().parent_path().filename() == "templates")
          files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      auto text = ReadText(file);
      if (!text) {
        *error = "cannot read " + file.string();
        return std::nullopt;
      }
      // A template may hold several documents (dsc writes one file per chart).
      for (const YAML::Node& doc : YAML::LoadAll(UndoHelmEscapes(*text))) {
        if (doc.IsNull()) continue;
        Object object;
        object.body = ToJson(doc);
        object.release = file.parent_path().parent_path().filename().string();
        object.file = fs::relative(file, dir).string();
        tree.objects.push_back(std::move(object));
      }
    }
  } catch (const std::exception& e) {
    *error = std::string("cannot read the build: ") + e.what();
    return std::nullopt;
  }
  return tree;
}

const Object* BuildTree::Find(const std::string& kind, const std::string& ns,
                              const std::string& name) const {
  for (const Object& o : objects) {
    if (o.kind() == kind && o.ns() == ns && o.name() == name) return &o;
  }
  return nullptr;
}

std::vector<const Object*> BuildTree::OfKind(const std::string& kind) const {
  std::vector<const Object*> out;
  for (const Object& o : objects) {
    if (o.kind() == kind) out.push_back(&o);
  }
  return out;
}

const HelmRelease* BuildTree::HelmReleaseOf(const std::string& id) const {
  for (const HelmRelease& r : helmfile) {
    if (r.Id() == id) return &r;
  }
  return nullptr;
}

}  // namespace dsc::oracle
