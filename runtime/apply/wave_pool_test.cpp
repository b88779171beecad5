#include "runtime/apply/wave_pool.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace dsc::runtime {
namespace {

// How many calls of `work` run at once, at most.
class Occupancy {
 public:
  void Enter() {
    int now = ++running_;
    int seen = peak_.load();
    while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void Leave() { --running_; }
  int peak() const { return peak_.load(); }

 private:
  std::atomic<int> running_{0};
  std::atomic<int> peak_{0};
};

TEST_CASE("RunWaveReleases: each release once, at most `width` at a time when none waits") {
  Occupancy occupancy;
  std::mutex mu;
  std::vector<size_t> done;
  RunWaveReleases(200, 4, [&](size_t i) {
    occupancy.Enter();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    {
      std::lock_guard<std::mutex> lock(mu);
      done.push_back(i);
    }
    occupancy.Leave();
  });
  std::sort(done.begin(), done.end());
  REQUIRE(done.size() == 200);
  for (size_t i = 0; i < done.size(); ++i) CHECK(done[i] == i);
  CHECK(occupancy.peak() <= 4);
  CHECK(occupancy.peak() >= 2);
}

TEST_CASE("RunWaveReleases: releases that wait never wait for a worker") {
  // 40 releases that each wait 200 ms, 2 workers: one after another they would take 4 s;
  // each steps aside as it starts to wait, so they all wait together.
  Occupancy occupancy;
  std::atomic<int> calls{0};
  auto start = std::chrono::steady_clock::now();
  RunWaveReleases(40, 2, [&](size_t) {
    occupancy.Enter();
    ++calls;
    StepAside();
    StepAside();  // a second time: nothing more
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    occupancy.Leave();
  });
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(calls == 40);
  CHECK(occupancy.peak() > 20);
  CHECK(took < std::chrono::milliseconds(2000));
}

TEST_CASE("RunWaveReleases: nothing to run, and StepAside outside a wave") {
  int calls = 0;
  RunWaveReleases(0, 8, [&](size_t) { ++calls; });
  CHECK(calls == 0);
  StepAside();                                      // no wave: nothing happens
  RunWaveReleases(3, 0, [&](size_t) { ++calls; });  // width 0 runs on one worker
  CHECK(calls == 3);
}

}  // namespace
}  // namespace dsc::runtime
