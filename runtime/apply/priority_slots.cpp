#include "runtime/apply/priority_slots.h"

namespace dsc::runtime {

void PrioritySlots::acquire(int rank) {
  std::unique_lock lock(mu_);
  // Slots are handed straight to waiters, so a free slot means nobody waits.
  if (free_ > 0) {
    --free_;
    return;
  }
  Waiter self;
  waiting_.emplace(std::make_pair(rank, next_ticket_++), &self);
  self.cv.wait(lock, [&] { return self.granted; });
}

void PrioritySlots::release() {
  std::lock_guard lock(mu_);
  if (waiting_.empty()) {
    ++free_;
    return;
  }
  auto first = waiting_.begin();
  first->second->granted = true;
  // Notified under the lock: the waiter's stack frame (and its cv) lives until it
  // reacquires the lock and sees `granted`.
  first->second->cv.notify_one();
  waiting_.erase(first);
}

size_t PrioritySlots::waiting() {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

}  // namespace dsc::runtime
