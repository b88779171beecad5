#include "base/write_gathered.h"

#include <sys/uio.h>

#include <cerrno>
#include <climits>
#include <vector>

namespace dsc::base {

int WriteGathered(int fd, std::span<const std::string_view> pieces) {
  // writev takes at most IOV_MAX entries; a batch is refilled from where the kernel
  // stopped, which may be inside a piece.
  constexpr size_t kBatch = IOV_MAX < 1024 ? IOV_MAX : 1024;
  std::vector<iovec> batch;
  batch.reserve(kBatch);
  size_t next = 0;  // the first piece not in a batch yet
  while (next < pieces.size()) {
    batch.clear();
    for (; next < pieces.size() && batch.size() < kBatch; ++next) {
      if (pieces[next].empty()) continue;
      batch.push_back({const_cast<char*>(pieces[next].data()), pieces[next].size()});
    }
    size_t first = 0;
    while (first < batch.size()) {
      ssize_t n = ::writev(fd, batch.data() + first, static_cast<int>(batch.size() - first));
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      if (n == 0) return EIO;  // a descriptor that takes nothing would loop here forever
      auto left = static_cast<size_t>(n);
      while (first < batch.size() && left >= batch[first].iov_len) left -= batch[first++].iov_len;
      if (first < batch.size()) {
        batch[first].iov_base = static_cast<char*>(batch[first].iov_base) + left;
        batch[first].iov_len -= left;
      }
    }
  }
  return 0;
}

}  // namespace dsc::base
