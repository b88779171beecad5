// `dsc diff`'s library entry point: two build trees in, a Report out.
//
// A build tree is what `dsc build` writes (blueprint.json, helmfile.yaml,
// charts/…), read from a directory or built in memory from a fleet file
// (side.h). The semantic summary comes from blueprint.json and the services'
// Deployments (summary.h), the manifest diff from the charts' templates
// (object_diff.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "compiler/diff/manifest_objects.h"
#include "compiler/diff/report.h"
#include "contract/blueprint_document.h"

namespace dsc::diff {

struct Build {
  contract::BlueprintDocument blueprint;
  ObjectMap objects;
};

// Parses blueprint.json and every template it names. False with `error` (one
// line, naming the file) when the tree is not a build of this dsc's format.
bool ReadBuild(const Tree& tree, Build* out, std::string* error);

struct CompareOptions {
  int context = 3;  // unchanged lines around each change in the manifest diff
};

// What changed from `before` to `after`. ReadBuild has checked both blueprints.
void Compare(const Build& before, const Build& after, const CompareOptions& options, Report* out);

}  // namespace dsc::diff
