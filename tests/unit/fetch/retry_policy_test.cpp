// Back-off doubles per failure up to the cap, Retry-After can only lengthen a
// wait (bounded), and only "try later" statuses are transient.

#include "lockkit/fetch/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::fetch;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("waits double and are capped", "[fetch][retry]") {
    RetryPolicy policy;
    policy.base_delay = milliseconds(100);
    policy.max_delay = milliseconds(1000);
    CHECK(policy.delay_after(1) == milliseconds(100));
    CHECK(policy.delay_after(2) == milliseconds(200));
    CHECK(policy.delay_after(3) == milliseconds(400));
    CHECK(policy.delay_after(5) == milliseconds(1000));
    CHECK(policy.delay_after(60) == milliseconds(1000));  // no overflow on long runs
}

TEST_CASE("Retry-After lengthens a wait, up to a minute", "[fetch][retry]") {
    RetryPolicy policy;
    policy.base_delay = milliseconds(100);
    CHECK(policy.delay_after(1, seconds(2)) == milliseconds(2000));
    CHECK(policy.delay_after(1, seconds(0)) == milliseconds(100));
    CHECK(policy.delay_after(1, seconds(3600)) == milliseconds(60000));
}

TEST_CASE("only try-later statuses are transient", "[fetch][retry]") {
    for (long status : {408L, 429L, 500L, 502L, 503L, 504L}) {
        CHECK(is_transient_http_status(status));
    }
    for (long status : {200L, 301L, 400L, 401L, 403L, 404L, 410L}) {
        CHECK_FALSE(is_transient_http_status(status));
    }
}
