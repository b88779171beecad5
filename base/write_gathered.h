// Writing text that already sits in memory in many pieces (the objects of `dsc build
// -o -`) to a file descriptor without copying it into a buffer first: the pieces go to
// writev(2) as they are, a thousand at a time.
#pragma once

#include <span>
#include <string_view>

namespace dsc::base {

// Writes every piece, in order, to `fd`, retrying short writes and EINTR. Returns 0, or
// the errno of the write that failed (what is written before it stays written).
int WriteGathered(int fd, std::span<const std::string_view> pieces);

}  // namespace dsc::base
