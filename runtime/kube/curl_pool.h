// Reused libcurl handles. Each pooled slot is an easy handle and the multi handle that
// drives it; the multi handle keeps the connections (and TLS sessions) open, so a slot
// taken for one request and given back serves the next request without a new
// connection or handshake. Driving through a multi handle lets a transfer wait in
// short slices and notice cancellation quickly (curl_easy_perform waits up to 1 s).
#pragma once

#include <curl/curl.h>

#include <mutex>
#include <vector>

#include "runtime/kube/curl_api.h"

namespace dsc::kube {

// curl_global_init, once per process, before the first handle.
void EnsureCurlInitialized();

struct CurlSlot {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  CURLSH* share = nullptr;  // the pool's: TLS sessions, so new connections resume them
};

class CurlPool {
 public:
  CurlPool();
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  // A slot of this pool (a new one when none is free); null handles only without memory.
  CurlSlot Take();
  void Give(CurlSlot slot);

 private:
  std::mutex mu_;
  std::vector<CurlSlot> free_;
  // TLS session cache shared by every slot: the second and later connections to the
  // apiserver resume a session instead of a full handshake, which matters when a wave
  // opens dozens of connections at once. libcurl calls back to lock it.
  CURLSH* share_ = nullptr;
  std::mutex share_mu_[CURL_LOCK_DATA_LAST];
};

// A slot taken from the pool for one scope.
class PooledHandle {
 public:
  explicit PooledHandle(CurlPool& pool) : pool_(pool), slot_(pool.Take()) {}
  ~PooledHandle() { pool_.Give(slot_); }
  PooledHandle(const PooledHandle&) = delete;
  PooledHandle& operator=(const PooledHandle&) = delete;

  bool valid() const { return slot_.easy && slot_.multi; }
  const CurlSlot& slot() const { return slot_; }

 private:
  CurlPool& pool_;
  CurlSlot slot_;
};

}  // namespace dsc::kube
