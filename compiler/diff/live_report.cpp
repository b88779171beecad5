#include "compiler/diff/live_report.h"

#include <algorithm>
#include <map>

#include "compiler/diff/object_diff.h"
#include "compiler/diff/render.h"
#include "compiler/diff/secret_mask.h"

namespace dsc::diff {
namespace {

using runtime::PlannedObject;
using runtime::PlannedRelease;

std::string ReleaseName(const std::string& id) { return id.substr(id.find('/') + 1); }

Change ChangeOf(PlannedObject::Action action) {
  switch (action) {
    case PlannedObject::Action::kCreate:
      return Change::kAdded;
    case PlannedObject::Action::kPrune:
      return Change::kRemoved;
    case PlannedObject::Action::kUpdate:
      break;
  }
  return Change::kChanged;
}

ReleaseChange::Action ActionOf(PlannedRelease::Action action) {
  switch (action) {
    case PlannedRelease::Action::kInstall:
      return ReleaseChange::Action::kInstall;
    case PlannedRelease::Action::kRepair:
      return ReleaseChange::Action::kRepair;
    case PlannedRelease::Action::kUninstall:
      return ReleaseChange::Action::kUninstall;
    case PlannedRelease::Action::kUpgrade:
      break;
  }
  return ReleaseChange::Action::kUpgrade;
}

// "Deployment shop/api: changed in the cluster by `kubectl`" and its fields.
EntityChange DriftOf(const PlannedObject& o, bool secret) {
  EntityChange drift;
  drift.name = o.ref.Describe();
  drift.feature = o.feature;
  drift.namespace_ = o.ref.ns;
  std::vector<std::string> managers;
  for (const runtime::FieldDrift& d : o.drift) {
    for (const std::string& m : d.managers)
      if (std::find(managers.begin(), managers.end(), m) == managers.end()) managers.push_back(m);
    FieldChange field{d.field.Path(), std::nullopt, std::nullopt};
    if (d.field.live) field.before = secret ? kMaskedValue : runtime::ShortValue(*d.field.live);
    field.after = secret ? kMaskedValue : runtime::ShortValue(d.field.applied);
    drift.fields.push_back(std::move(field));
  }
  std::sort(managers.begin(), managers.end());
  drift.detail = "changed in the cluster";
  for (size_t i = 0; i < managers.size(); ++i)
    drift.detail += (i == 0 ? " by `" : ", `") + managers[i] + "`";
  return drift;
}

}  // namespace

void ReportLivePlan(const runtime::LivePlan& plan, int context, Report* report) {
  report->live = true;
  report->new_namespaces = plan.new_namespaces;
  std::vector<const PlannedObject*> objects;
  for (const PlannedObject& o : plan.objects) objects.push_back(&o);
  std::sort(objects.begin(), objects.end(), [](const PlannedObject* a, const PlannedObject* b) {
    return std::tie(a->ref.kind, a->ref.ns, a->ref.name) <
           std::tie(b->ref.kind, b->ref.ns, b->ref.name);
  });
  std::map<std::string, std::vector<std::string>> changed_by_release;
  for (const PlannedObject* o : objects) {
    const bool secret = IsSecret(o->live) || IsSecret(o->planned);
    if (!o->problem.empty()) report->problems.push_back(o->ref.Describe() + ": " + o->problem);
    if (!o->drift.empty()) report->drift.push_back(DriftOf(*o, secret));
    // Nothing to show for an object the apply would not reach (not dsc's, rejected).
    if (o->action == PlannedObject::Action::kUpdate && o->planned.is_null()) continue;
    ObjectChange change;
    change.change = ChangeOf(o->action);
    change.api_version = o->ref.api_version;
    change.kind = o->ref.kind;
    change.namespace_ = o->ref.ns;
    change.name = o->ref.name;
    change.release = ReleaseName(o->release);
    change.hunks = DiffManifests(o->live, o->planned, context);
    std::string where =
        o->ref.ns == o->release.substr(0, o->release.find('/')) ? "" : o->ref.ns + "/";
    changed_by_release[o->release].push_back(o->ref.kind + " " + where + o->ref.name + " (" +
                                             ObjectChangeName(*report, change.change) + ")");
    report->objects.push_back(std::move(change));
  }
  for (const PlannedRelease& r : plan.releases) {
    ReleaseChange change;
    change.action = ActionOf(r.action);
    change.namespace_ = r.ns;
    change.name = r.name;
    change.objects = changed_by_release[r.Id()];
    report->releases.push_back(std::move(change));
  }
}

}  // namespace dsc::diff
