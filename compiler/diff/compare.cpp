#include "compiler/diff/compare.h"

#include "base/json_fields.h"
#include "compiler/diff/object_diff.h"
#include "compiler/diff/summary.h"

namespace dsc::diff {

bool ReadBuild(const Tree& tree, Build* out, std::string* error) {
  auto file = tree.find("blueprint.json");
  if (file == tree.end()) {
    *error = "no blueprint.json: not a directory written by `dsc build`";
    return false;
  }
  try {
    out->blueprint = nlohmann::json::parse(file->second);
    if (!out->blueprint.is_object() || base::IntMemberAsInt(out->blueprint, "format") != 1) {
      *error = "blueprint.json: unsupported format (expected 1); rebuild it with this dsc";
      return false;
    }
    return ReadObjects(tree, out->blueprint, &out->objects, error);
  } catch (const nlohmann::json::exception& e) {
    *error = std::string("blueprint.json: ") + e.what();
    return false;
  }
}

bool Compare(const Build& before, const Build& after, const CompareOptions& options, Report* out,
             std::string* error) {
  try {
    BuildView old_view{before.blueprint, before.objects};
    BuildView new_view{after.blueprint, after.objects};
    SummarizeEntities(old_view, new_view, out);
    CompareObjects(before.objects, after.objects, options.context, out);
    SummarizeTopology(old_view, new_view, out);
    return true;
  } catch (const nlohmann::json::exception& e) {
    *error = std::string("blueprint.json: ") + e.what();
    return false;
  }
}

const char* ChangeName(Change change) {
  switch (change) {
    case Change::kAdded:
      return "added";
    case Change::kRemoved:
      return "removed";
    case Change::kChanged:
      break;
  }
  return "changed";
}

const char* ActionName(ReleaseChange::Action action) {
  switch (action) {
    case ReleaseChange::Action::kInstall:
      return "install";
    case ReleaseChange::Action::kUninstall:
      return "uninstall";
    case ReleaseChange::Action::kRepair:
      return "repair";
    case ReleaseChange::Action::kUpgrade:
      break;
  }
  return "upgrade";
}

std::string ObjectChange::Describe() const {
  return namespace_.empty() ? kind + " " + name : kind + " " + namespace_ + "/" + name;
}

}  // namespace dsc::diff
