#include "base/free_at_exit.h"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

namespace dsc::base {
namespace {

// Counts its destructions through a shared counter.
struct Counted {
  std::shared_ptr<int> destroyed = std::make_shared<int>(0);
  std::vector<int> payload = {1, 2, 3};
  Counted() = default;
  Counted(Counted&&) = default;
  ~Counted() {
    if (destroyed && !payload.empty()) ++*destroyed;
  }
};

TEST_CASE("free at exit: Free destroys at once, unless frees are disabled") {
  REQUIRE_FALSE(FreeDisabled());
  Counted now;
  std::shared_ptr<int> now_count = now.destroyed;
  Free(std::move(now));
  CHECK(*now_count == 1);
  CHECK(now.payload.empty());  // moved from

  DisableFree();
  Counted later;
  std::shared_ptr<int> later_count = later.destroyed;
  Free(std::move(later));
  CHECK(*later_count == 0);  // kept, to be reclaimed with the process
  CHECK(later.payload.empty());
  DisableFree(false);
  CHECK_FALSE(FreeDisabled());
}

}  // namespace
}  // namespace dsc::base
