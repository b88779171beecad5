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

// The user's labels in order, a later value of a key replacing the earlier one (an
// entity's replacing its fleet's). An entity may have thousands: a key is found by
// scanning only while there are few, then through an index.
class UserLabels {
 public:
  void Set(std::string_view key, std::string_view value) {
    if (items_.size() < kScanned) {
      for (auto& item : items_) {
        if (item.first == key) {
          item.second = value;
          return;
        }
      }
      items_.emplace_back(key, value);
      if (items_.size() == kScanned) {
        for (size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].first, i);
      }
      return;
    }
    auto [it, fresh] = index_.emplace(key, items_.size());
    if (fresh) {
      items_.emplace_back(key, value);
    } else {
      items_[it->second].second = value;
    }
  }
  void Add(const model::Labels& user) {
    for (const auto& [key, value] : user) {
      if (!IsReservedLabel(key)) Set(key, value);
    }
  }
  // The entries, into an open mapping.
  void Write(DocWriter& w) const {
    for (const auto& [key, value] : items_) w.UserStr(key, value);
  }

 private:
  static constexpr size_t kScanned = 16;
  std::vector<std::pair<std::string_view, std::string_view>> items_;
  std::unordered_map<std::string_view, size_t> index_;
};

void WriteHookAnnotations(DocWriter& w, std::string_view hooks, int weight) {
  w.Str("helm.sh/hook", hooks);
  w.Str("helm.sh/hook-weight", fmt::format_int(weight).c_str());
  // Re-running a hook replaces its last run; a hook that worked leaves nothing
  // behind (Helm deletes succeeded hooks after the whole phase has run).
  w.Str("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
}

}  // namespace

void WriteSelectorLabels(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id) {
  w.BeginMap();
  w.Str("app.kubernetes.io/instance", id.instance);
  w.Str("devstack.io/fleet", ctx.model.fleet.name);
  w.End();
}

Json SelectorLabels(const EmitContext& ctx, const ObjectIdentity& id) {
  JsonDocWriter w;
  WriteSelectorLabels(w, ctx, id);
  return w.Take();
}

void WriteLabels(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id) {
  w.BeginMap("labels");
  // dsc's own, each once (a user label with one of their keys is dropped).
  if (!id.entity.empty()) w.Str("app.kubernetes.io/name", id.entity);
  if (!id.instance.empty()) w.Str("app.kubernetes.io/instance", id.instance);
  w.Str("app.kubernetes.io/part-of", ctx.model.fleet.name);
  w.Str("app.kubernetes.io/managed-by", "dsc");
  w.Str("devstack.io/fleet", ctx.model.fleet.name);
  w.Str("devstack.io/release", id.release);
  if (id.feature >= 0) w.Str("devstack.io/feature", ctx.model.features[id.feature].label);
  if (!ctx.model.fleet.labels.empty() || (id.user_labels && !id.user_labels->empty())) {
    UserLabels user;
    user.Add(ctx.model.fleet.labels);
    if (id.user_labels) user.Add(*id.user_labels);
    user.Write(w);
  }
  w.End();
}

void WriteObjectMeta(DocWriter& w, const EmitContext& ctx, const ObjectIdentity& id,
                     std::string_view hooks, int hook_weight) {
  w.BeginMap("metadata");
  w.Str("name", id.name);
  w.Str("namespace", id.namespace_);
  WriteLabels(w, ctx, id);
  std::string ttl = JanitorTtl(ctx, id.feature);
  if (!ttl.empty() || !hooks.empty()) {
    w.BeginMap("annotations");
    if (!ttl.empty()) w.Str("janitor/ttl", ttl);
    if (!hooks.empty()) WriteHookAnnotations(w, hooks, hook_weight);
    w.End();
  }
  w.End();
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
