// The threads that run a wave's releases.
//
// A wave's releases run in parallel, and most of a release's time is waiting (hook Jobs,
// readiness), so a release must never wait for a thread. But a thread per release is
// costly when the releases do not wait: at 1,000 releases with `--no-wait`, 1,000 threads
// (each with its own allocator heap) spent twice the CPU of 64, and 330 MB where 64 used
// 74 MB (bench/README.md). So a wave starts `width` workers, each taking the next release
// when it is done with one, and a release that starts to wait steps aside (StepAside):
// its worker hands its place to a new one and stops after that release. At most `width`
// releases are sending at once; every waiting release still has a thread of its own.
#pragma once

#include <cstddef>
#include <functional>

namespace dsc::runtime {

// Calls `work(i)` once for each i in [0, count), in order of i, on at most `width`
// workers at a time besides those that stepped aside; returns when every call returned.
void RunWaveReleases(size_t count, size_t width, const std::function<void(size_t)>& work);

// Called by `work` when its release is about to wait: from then on another worker takes
// the releases after it. Once per call of `work` (later calls do nothing); nothing outside
// RunWaveReleases.
void StepAside();

}  // namespace dsc::runtime
