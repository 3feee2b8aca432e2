#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace entitled::http {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, AllowsTheBurstThenRefusesWithTheWaitForTheNextRequest) {
    RateLimiter limiter(2.0, 3.0);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 2; i >= 0; --i) {
        auto d = limiter.Take("a", t0);
        EXPECT_TRUE(d.allowed);
        EXPECT_EQ(d.limit, 3);
        EXPECT_EQ(d.remaining, i);
    }
    auto refused = limiter.Take("a", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.remaining, 0);
    EXPECT_EQ(refused.retry_after, 1);  // half a second at 2/s, rounded up
    EXPECT_EQ(refused.reset, 2);        // 3 tokens at 2/s
}

TEST(RateLimiter, RefillsAtTheRateAndNeverBeyondTheBurst) {
    RateLimiter limiter(2.0, 3.0);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Take("a", t0).allowed);
    EXPECT_FALSE(limiter.Take("a", t0 + milliseconds(400)).allowed);
    EXPECT_TRUE(limiter.Take("a", t0 + milliseconds(500)).allowed);
    EXPECT_FALSE(limiter.Take("a", t0 + milliseconds(600)).allowed);
    // An hour idle refills to the burst, not to 7,200.
    const auto later = t0 + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", later).allowed);
    EXPECT_FALSE(limiter.Take("a", later).allowed);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
    RateLimiter limiter(1.0, 1.0);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_TRUE(limiter.Take("a", t0).allowed);
    EXPECT_FALSE(limiter.Take("a", t0).allowed);
    EXPECT_TRUE(limiter.Take("b", t0).allowed);
}

TEST(RateLimiter, MemoryStaysBoundedWhateverTheNumberOfKeys) {
    RateLimiter limiter(1.0, 2.0, 100);
    auto t = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    ASSERT_TRUE(limiter.Take("busy", t).allowed);
    ASSERT_TRUE(limiter.Take("busy", t).allowed);
    for (int i = 0; i < 10'000; ++i) {
        (void)limiter.Take("key-" + std::to_string(i), t);
        EXPECT_LE(limiter.keys(), 100U);
    }
    // Later, idle keys have refilled and are the first to go.
    t += std::chrono::seconds(5);
    for (int i = 0; i < 10'000; ++i) (void)limiter.Take("other-" + std::to_string(i), t);
    EXPECT_LE(limiter.keys(), 100U);
}

}  // namespace
}  // namespace entitled::http
