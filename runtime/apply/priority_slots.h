// A counting semaphore whose waiters are served in priority order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <utility>

namespace dsc::runtime {

// Bounds how many objects are being sent at once; when every slot is taken, a freed
// slot goes to the waiting object that comes first in install order (lowest rank;
// first come among equals). So across a wave's releases, which run in parallel, the
// Services, ConfigMaps and routes go out before the workloads, as in one Helm release:
// what a pod reads exists before it starts, and the controllers' rollout work, which
// competes with the apply for the apiserver, starts when the cheap objects are done.
//
// Each waiter has its own condition variable and release() wakes only the one it hands
// the slot to: a wave may have a hundred waiting threads, and waking them all per
// request would burn the CPU the apiserver needs (libstdc++'s counting_semaphore spins).
class PrioritySlots {
 public:
  explicit PrioritySlots(int count) : free_(count) {}
  void acquire(int rank);
  void release();
  // How many wait (for tests).
  size_t waiting();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  std::mutex mu_;
  int free_;
  unsigned long next_ticket_ = 0;
  std::map<std::pair<int, unsigned long>, Waiter*> waiting_;  // (rank, ticket)
};

// Holds one slot for its lifetime.
class SlotHold {
 public:
  SlotHold(PrioritySlots& slots, int rank) : slots_(slots) { slots_.acquire(rank); }
  ~SlotHold() { slots_.release(); }
  SlotHold(const SlotHold&) = delete;
  SlotHold& operator=(const SlotHold&) = delete;

 private:
  PrioritySlots& slots_;
};

}  // namespace dsc::runtime
