// Whether the entries of a previous build's output are as it left them: each one found
// by fstatat(2), of the type recorded, and last modified before a given time.
//
// An unchanged rebuild of 10,000 releases asks this of 40,000 entries, and the calls
// are most of its time (about 3 us each on a virtual machine, where a system call is
// dear). They are independent, so a large tree is shared among threads, one per core up
// to four: on two cores, the check takes half the time.
#pragma once

#include <time.h>

#include <cstddef>
#include <span>
#include <string_view>

namespace dsc::emit {

struct OutputEntry {
  std::string_view path;  // relative to the directory checked, without a trailing '/'
  bool directory = false;
};

// Whether `a` is strictly before `b`. Strictly: a file written in the same clock tick as
// the marker could have been written after it, so it does not count as older
// (write_output.cpp's WaitForNextTick keeps dsc's own files older).
bool TimeBefore(const timespec& a, const timespec& b);

// Whether every entry of `entries`, relative to the open directory `root_fd`, exists (not
// followed if a symbolic link), is a directory or a regular file as `directory` says, and
// has an mtime strictly before `before`. `max_threads` 0: one per core this process may
// use (its CPU affinity), up to four.
bool EntriesUnchangedSince(int root_fd, std::span<const OutputEntry> entries,
                           const timespec& before, unsigned max_threads = 0);

}  // namespace dsc::emit
