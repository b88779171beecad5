#include "compiler/emit/entries_unchanged.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <system_error>
#include <thread>
#include <vector>

namespace dsc::emit {
namespace {

// Below this many entries per thread, starting a thread costs more than it saves.
constexpr size_t kMinEntriesPerThread = 2048;
constexpr unsigned kMaxThreads = 4;

// The cores this process may run on (taskset and cpusets count; hardware_concurrency
// does not know them).
unsigned UsableCores() {
  cpu_set_t cores;
  if (::sched_getaffinity(0, sizeof cores, &cores) != 0) return 1;
  return static_cast<unsigned>(std::max(CPU_COUNT(&cores), 1));
}

// Checks `entries` until one fails or `failed` is set by another thread.
void CheckShare(int root_fd, std::span<const OutputEntry> entries, const timespec& before,
                std::atomic<bool>& failed) {
  char name[PATH_MAX];  // the path, NUL-terminated, without a heap copy per entry
  for (const OutputEntry& entry : entries) {
    if (failed.load(std::memory_order_relaxed)) return;
    struct stat info;
    bool unchanged = entry.path.size() < sizeof name;
    if (unchanged) {
      std::memcpy(name, entry.path.data(), entry.path.size());
      name[entry.path.size()] = '\0';
      unchanged = ::fstatat(root_fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                  (entry.directory ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode)) &&
                  TimeBefore(info.st_mtim, before);
    }
    if (!unchanged) {
      failed.store(true, std::memory_order_relaxed);
      return;
    }
  }
}

}  // namespace

bool TimeBefore(const timespec& a, const timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

bool EntriesUnchangedSince(int root_fd, std::span<const OutputEntry> entries,
                           const timespec& before, unsigned max_threads) {
  if (max_threads == 0) max_threads = std::min(UsableCores(), kMaxThreads);
  size_t shares = std::clamp<size_t>(entries.size() / kMinEntriesPerThread, 1, max_threads);
  std::atomic<bool> failed{false};
  std::vector<std::thread> helpers;
  size_t begin = 0;
  for (size_t i = 1; i <= shares; ++i) {
    size_t end = entries.size() * i / shares;  // contiguous: a release's entries together
    std::span<const OutputEntry> share = entries.subspan(begin, end - begin);
    begin = end;
    if (i == shares) {
      CheckShare(root_fd, share, before, failed);  // the last share on this thread
      break;
    }
    try {
      helpers.emplace_back(CheckShare, root_fd, share, std::cref(before), std::ref(failed));
    } catch (const std::system_error&) {  // no thread to be had: this one does the share
      CheckShare(root_fd, share, before, failed);
    }
  }
  for (std::thread& helper : helpers) helper.join();
  return !failed.load();
}

}  // namespace dsc::emit
