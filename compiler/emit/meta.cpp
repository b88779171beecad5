// Labels, selectors and annotations shared by every emitted object.
#include <fmt/format.h>

#include <unordered_map>

#include "base/sha256.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// Labels dsc sets itself; a user label with one of these keys is ignored, so
// that selectors and `helmfile -l`/`kubectl -l` queries stay trustworthy.
bool IsReservedLabel(std::string_view key) {
  return key.starts_with("app.kubernetes.io/") || key.starts_with("devstack.io/");
}

// Labels in order, a later value of a key replacing the earlier one, in linear time:
// nlohmann's ordered_json finds a key by scanning, and an entity may have thousands.
class LabelSet {
 public:
  void Set(const std::string& key, const std::string& value) {
    auto [it, fresh] = index_.emplace(key, items_.size());
    if (fresh) {
      items_.emplace_back(key, value);
    } else {
      items_[it->second].second = value;
    }
  }
  void AddUser(const model::Labels& user) {
    for (const auto& [key, value] : user) {
      if (!IsReservedLabel(key)) Set(key, value);
    }
  }
  Json ToJson() const {
    Json labels = Json::object();
    auto& object = labels.get_ref<Json::object_t&>();
    object.reserve(items_.size());
    for (const auto& [key, value] : items_) object.emplace_back(key, value);
    return labels;
  }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace

Json SelectorLabels(const EmitContext& ctx, const ObjectIdentity& id) {
  Json labels = Json::object();
  labels["app.kubernetes.io/instance"] = id.instance;
  labels["devstack.io/fleet"] = ctx.model.fleet.name;
  return labels;
}

Json ObjectMeta(const EmitContext& ctx, const ObjectIdentity& id) {
  Json meta = Json::object();
  meta["name"] = id.name;
  meta["namespace"] = id.namespace_;
  LabelSet labels;
  if (!id.entity.empty()) labels.Set("app.kubernetes.io/name", id.entity);
  if (!id.instance.empty()) labels.Set("app.kubernetes.io/instance", id.instance);
  labels.Set("app.kubernetes.io/part-of", ctx.model.fleet.name);
  labels.Set("app.kubernetes.io/managed-by", "dsc");
  labels.Set("devstack.io/fleet", ctx.model.fleet.name);
  labels.Set("devstack.io/release", id.release);
  if (id.feature >= 0) labels.Set("devstack.io/feature", ctx.model.features[id.feature].label);
  labels.AddUser(ctx.model.fleet.labels);
  if (id.user_labels) labels.AddUser(*id.user_labels);
  meta["labels"] = labels.ToJson();
  std::string ttl = JanitorTtl(ctx, id.feature);
  if (!ttl.empty()) meta["annotations"] = Json{{"janitor/ttl", ttl}};
  return meta;
}

Json HookAnnotations(std::string_view hooks, int weight) {
  Json annotations = Json::object();
  annotations["helm.sh/hook"] = std::string(hooks);
  annotations["helm.sh/hook-weight"] = std::to_string(weight);
  // Re-running a hook replaces its last run; a hook that worked leaves nothing
  // behind (Helm deletes succeeded hooks after the whole phase has run).
  annotations["helm.sh/hook-delete-policy"] = "before-hook-creation,hook-succeeded";
  return annotations;
}

std::string FormatJanitorTtl(int64_t ms) {
  // kube-janitor takes one integer and one unit (s, m, h, d, w): use the
  // largest unit that divides the TTL exactly; round sub-second TTLs up.
  int64_t seconds = (ms + 999) / 1000;
  struct Unit {
    int64_t seconds;
    char suffix;
  };
  for (Unit unit : {Unit{604800, 'w'}, Unit{86400, 'd'}, Unit{3600, 'h'}, Unit{60, 'm'}}) {
    if (seconds % unit.seconds == 0)
      return fmt::format("{}{}", seconds / unit.seconds, unit.suffix);
  }
  return fmt::format("{}s", seconds);
}

std::string BoundedName(const std::string& base, const std::string& suffix, size_t limit) {
  std::string name = base + suffix;
  if (name.size() <= limit) return name;
  std::string hash = dsc::base::Sha256Hex(name).substr(0, 8);
  size_t keep = limit - suffix.size() - hash.size() - 1;
  std::string head = base.substr(0, keep);
  while (!head.empty() && head.back() == '-') head.pop_back();  // no `--` before the hash
  return head + "-" + hash + suffix;
}

std::string ReleaseName(const std::string& k8s_name) {
  return BoundedName(k8s_name, "", kMaxReleaseName);
}

std::string JanitorTtl(const EmitContext& ctx, int feature) {
  if (feature >= 0) return FormatJanitorTtl(ctx.model.features[feature].ttl_ms);
  if (ctx.model.fleet.ephemeral) return FormatJanitorTtl(ctx.model.fleet.ttl_ms);
  return "";
}

}  // namespace dsc::emit
