#include "compiler/driver/allocator.h"

#include <array>
#include <cstdint>

#include "base/free_at_exit.h"

#ifdef DSC_HAVE_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>
#endif

namespace dsc::driver {

void TuneAllocatorFor(std::string_view command) {
  constexpr std::array<std::string_view, 7> kCompiling = {"check", "build", "fmt",  "lint",
                                                          "diff",  "graph", "route"};
  bool compiling = false;
  for (std::string_view name : kCompiling) compiling |= command == name;
  if (!compiling) return;
  // These compile one fleet (or two) and exit: what they built is left to the exit.
  base::DisableFree();
#ifdef DSC_HAVE_MIMALLOC
  // mimalloc's own large-page option is read once, before main(); an arena of our own,
  // advised for transparent huge pages, has the same effect. Address space only: pages
  // are committed as they are touched, so a small fleet uses no more memory than before.
  // mimalloc's segments are aligned to 64 MiB, and so must the arena be.
  constexpr size_t kArena = size_t{4} << 30;
  constexpr size_t kAlign = size_t{64} << 20;
  void* mapped = mmap(nullptr, kArena + kAlign, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapped == MAP_FAILED) return;  // mimalloc takes memory from the OS as usual
  auto address = reinterpret_cast<uintptr_t>(mapped);
  void* arena = reinterpret_cast<void*>((address + kAlign - 1) & ~(kAlign - 1));
  madvise(arena, kArena, MADV_HUGEPAGE);
  // What was allocated before main() lies in mimalloc's first region, which it mapped
  // itself (32 MiB, aligned so): advise that too, for the pages not yet touched.
  constexpr size_t kFirstRegion = size_t{32} << 20;
  void* probe = mi_malloc(1);
  auto first = reinterpret_cast<uintptr_t>(probe) & ~(kFirstRegion - 1);
  madvise(reinterpret_cast<void*>(first), kFirstRegion, MADV_HUGEPAGE);
  mi_free(probe);
  mi_manage_os_memory(arena, kArena, /*is_committed=*/true, /*is_large=*/true,
                      /*is_zero=*/true, /*numa_node=*/-1);
#endif
}

}  // namespace dsc::driver
