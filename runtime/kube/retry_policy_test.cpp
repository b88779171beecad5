#include "runtime/kube/retry_policy.h"

#include <doctest/doctest.h>

namespace dsc::kube {
namespace {

using std::chrono::milliseconds;

TEST_CASE("IsRetryableStatus") {
  for (long status : {429, 500, 502, 503, 504}) CHECK(IsRetryableStatus(status));
  for (long status : {200, 400, 401, 403, 404, 409, 422, 501})
    CHECK_FALSE(IsRetryableStatus(status));
}

TEST_CASE("BackoffDelay doubles up to the cap, with jitter in [delay/2, delay)") {
  const milliseconds initial(200), max(5000);
  CHECK(BackoffDelay(1, initial, max, 0.0) == milliseconds(100));
  CHECK(BackoffDelay(1, initial, max, 0.999) == milliseconds(199));
  CHECK(BackoffDelay(2, initial, max, 0.0) == milliseconds(200));
  CHECK(BackoffDelay(3, initial, max, 0.5) == milliseconds(600));
  CHECK(BackoffDelay(10, initial, max, 0.0) == milliseconds(2500));
  CHECK(BackoffDelay(1000, initial, max, 1.0) == milliseconds(5000));
}

TEST_CASE("ParseRetryAfter takes whole seconds only") {
  CHECK(ParseRetryAfter("0") == milliseconds(0));
  CHECK(ParseRetryAfter(" 3 ") == milliseconds(3000));
  CHECK_FALSE(ParseRetryAfter(""));
  CHECK_FALSE(ParseRetryAfter("1.5"));
  CHECK_FALSE(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
  CHECK_FALSE(ParseRetryAfter("99999999999999999999"));
}

}  // namespace
}  // namespace dsc::kube
