#include "compiler/diff/object_diff.h"

#include <set>

#include "base/json_text.h"
#include "compiler/diff/secret_mask.h"
#include "compiler/emit/yaml_writer.h"

namespace dsc::diff {
namespace {

using nlohmann::json;

std::string Render(const json& manifest) {
  return emit::ToYaml(emit::Json::parse(base::JsonText(manifest)));
}

// The YAML text of both versions of one object (either may be absent). A
// Secret is always printed from its masked manifest, never from its file.
std::pair<std::string, std::string> Texts(const ManifestObject* before,
                                          const ManifestObject* after) {
  bool secret = (before && IsSecret(before->manifest)) || (after && IsSecret(after->manifest));
  if (secret) {
    json old_manifest = before ? before->manifest : json();
    json new_manifest = after ? after->manifest : json();
    MaskSecretPair(before ? &old_manifest : nullptr, after ? &new_manifest : nullptr);
    return {before ? Render(old_manifest) : "", after ? Render(new_manifest) : ""};
  }
  auto text = [](const ManifestObject* o) {
    if (!o) return std::string();
    return o->text.empty() ? Render(o->manifest) : o->text;
  };
  return {text(before), text(after)};
}

}  // namespace

std::vector<Hunk> DiffManifests(const json& before, const json& after, int context) {
  json old_manifest = before, new_manifest = after;
  if (IsSecret(before) || IsSecret(after))
    MaskSecretPair(before.is_null() ? nullptr : &old_manifest,
                   after.is_null() ? nullptr : &new_manifest);
  std::string old_text = before.is_null() ? "" : Render(old_manifest);
  std::string new_text = after.is_null() ? "" : Render(new_manifest);
  return MakeHunks(DiffLines(SplitLines(old_text), SplitLines(new_text)), context);
}

void CompareObjects(const ObjectMap& before, const ObjectMap& after, int context, Report* report) {
  std::set<ObjectKey> keys;
  for (const auto& [key, object] : before) keys.insert(key);
  for (const auto& [key, object] : after) keys.insert(key);
  for (const ObjectKey& key : keys) {
    auto old_it = before.find(key);
    auto new_it = after.find(key);
    const ManifestObject* old_object = old_it == before.end() ? nullptr : &old_it->second;
    const ManifestObject* new_object = new_it == after.end() ? nullptr : &new_it->second;
    auto [old_text, new_text] = Texts(old_object, new_object);
    if (old_object && new_object && old_text == new_text) continue;
    std::vector<Hunk> hunks =
        MakeHunks(DiffLines(SplitLines(old_text), SplitLines(new_text)), context);
    if (old_object && new_object && hunks.empty()) continue;
    ObjectChange change;
    change.change = !old_object   ? Change::kAdded
                    : !new_object ? Change::kRemoved
                                  : Change::kChanged;
    const ManifestObject& shown = new_object ? *new_object : *old_object;
    change.api_version = shown.api_version;
    change.kind = key.kind;
    change.namespace_ = key.namespace_;
    change.name = key.name;
    change.release = shown.release;
    change.hunks = std::move(hunks);
    report->objects.push_back(std::move(change));
  }
}

}  // namespace dsc::diff
