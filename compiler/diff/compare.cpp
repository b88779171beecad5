#include "compiler/diff/compare.h"

#include "compiler/diff/object_diff.h"
#include "compiler/diff/summary.h"

namespace dsc::diff {

bool ReadBuild(const Tree& tree, Build* out, std::string* error) {
  auto file = tree.find("blueprint.json");
  if (file == tree.end()) {
    *error = "no blueprint.json: not a directory written by `dsc build`";
    return false;
  }
  // The reader `dsc apply` uses: one idea of what a blueprint holds.
  if (!contract::FromJsonText(file->second, &out->blueprint, error)) return false;
  return ReadObjects(tree, out->blueprint, &out->objects, error);
}

void Compare(const Build& before, const Build& after, const CompareOptions& options, Report* out) {
  BuildView old_view{before.blueprint, before.objects};
  BuildView new_view{after.blueprint, after.objects};
  SummarizeEntities(old_view, new_view, out);
  CompareObjects(before.objects, after.objects, options.context, out);
  SummarizeTopology(old_view, new_view, out);
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
