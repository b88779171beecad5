#include "runtime/apply/priority_slots.h"

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace dsc::runtime {
namespace {

// Spins (briefly sleeping) until `n` threads wait: the order they queue in is then known.
void AwaitWaiters(PrioritySlots& slots, size_t n) {
  for (int i = 0; i < 5000 && slots.waiting() < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(slots.waiting() == n);
}

TEST_CASE("priority slots: free slots are taken without waiting") {
  PrioritySlots slots(2);
  slots.acquire(9);
  slots.acquire(1);
  CHECK(slots.waiting() == 0);
  slots.release();
  slots.release();
  slots.acquire(0);  // would hang if the releases were lost
  slots.release();
}

TEST_CASE("priority slots: a freed slot goes to the lowest rank, first come among equals") {
  PrioritySlots slots(1);
  slots.acquire(0);
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> threads;
  // Queued one at a time so the ticket order among equal ranks is known: 30a, 10, 30b, 20.
  const int ranks[] = {30, 10, 31, 20};
  for (size_t i = 0; i < 4; ++i) {
    int rank = ranks[i] == 31 ? 30 : ranks[i];
    int tag = ranks[i];
    threads.emplace_back([&, rank, tag] {
      slots.acquire(rank);
      {
        std::lock_guard lock(mu);
        order.push_back(tag);
      }
      slots.release();
    });
    AwaitWaiters(slots, i + 1);
  }
  slots.release();
  for (auto& t : threads) t.join();
  CHECK(order == std::vector<int>{10, 20, 30, 31});
  CHECK(slots.waiting() == 0);
}

}  // namespace
}  // namespace dsc::runtime
