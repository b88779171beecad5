#include "runtime/kube/curl_pool.h"

namespace dsc::kube {
namespace {

// More idle slots than this are closed when given back: a burst of parallel
// requests should not leave that many connections open for the rest of the run.
constexpr size_t kMaxIdleSlots = 64;

void Destroy(CurlSlot slot) {
  if (slot.easy) Curl().easy_cleanup(slot.easy);
  if (slot.multi) Curl().multi_cleanup(slot.multi);
}

}  // namespace

void EnsureCurlInitialized() {
  // The one process-wide state: libcurl's own global init must run exactly once.
  static std::once_flag once;
  std::call_once(once, [] { Curl().global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::CurlPool() {
  EnsureCurlInitialized();
  share_ = Curl().share_init();
  if (!share_) return;
  Curl().share_setopt(share_, CURLSHOPT_USERDATA, this);
  Curl().share_setopt(
      share_, CURLSHOPT_LOCKFUNC, +[](CURL*, curl_lock_data data, curl_lock_access, void* self) {
        static_cast<CurlPool*>(self)->share_mu_[data].lock();
      });
  Curl().share_setopt(
      share_, CURLSHOPT_UNLOCKFUNC, +[](CURL*, curl_lock_data data, void* self) {
        static_cast<CurlPool*>(self)->share_mu_[data].unlock();
      });
  Curl().share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

CurlPool::~CurlPool() {
  for (CurlSlot slot : free_) Destroy(slot);
  if (share_) Curl().share_cleanup(share_);
}

CurlSlot CurlPool::Take() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      CurlSlot slot = free_.back();
      free_.pop_back();
      return slot;
    }
  }
  return CurlSlot{Curl().easy_init(), Curl().multi_init(), share_};
}

void CurlPool::Give(CurlSlot slot) {
  if (!slot.easy || !slot.multi) return Destroy(slot);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.size() < kMaxIdleSlots) {
      free_.push_back(slot);
      return;
    }
  }
  Destroy(slot);
}

}  // namespace dsc::kube
