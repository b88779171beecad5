#include "runtime/apply/wave_pool.h"

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

namespace dsc::runtime {
namespace {

struct Pool {
  Pool(const std::function<void(size_t)>& w, size_t n) : work(w), count(n) {}

  const std::function<void(size_t)>& work;
  size_t count;
  std::mutex mu;
  size_t next = 0;  // the next release to take
  std::vector<std::thread> workers;

  void Start() {
    workers.emplace_back([this] { Work(); });
  }  // under `mu`
  void Work();
};

// The pool of this thread, while it works for one; and whether its current release
// stepped aside.
thread_local Pool* current_pool = nullptr;
thread_local bool stepped_aside = false;

void Pool::Work() {
  current_pool = this;
  stepped_aside = false;
  while (!stepped_aside) {
    size_t i;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (next == count) break;
      i = next++;
    }
    work(i);
  }
  current_pool = nullptr;
}

}  // namespace

void RunWaveReleases(size_t count, size_t width, const std::function<void(size_t)>& work) {
  Pool pool(work, count);
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    for (size_t i = 0; i < std::min(count, std::max<size_t>(width, 1)); ++i) pool.Start();
  }
  // Workers start others (StepAside) only while they run, and every running worker is in
  // `workers` until it is joined here: when the list is empty, none is left.
  for (;;) {
    std::thread worker;
    {
      std::lock_guard<std::mutex> lock(pool.mu);
      if (pool.workers.empty()) break;
      worker = std::move(pool.workers.back());
      pool.workers.pop_back();
    }
    worker.join();
  }
}

void StepAside() {
  if (!current_pool || stepped_aside) return;
  stepped_aside = true;
  std::lock_guard<std::mutex> lock(current_pool->mu);
  if (current_pool->next < current_pool->count) current_pool->Start();
}

}  // namespace dsc::runtime
