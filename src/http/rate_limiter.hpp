#pragma once
// Token buckets per key (here: per API token): each key may spend `burst`
// requests at once and regains `rate` per second. Kept in memory, per server
// instance — with N instances behind a balancer a token gets up to N times
// the rate, which bounds abuse without a database write per request.
//
// Memory is bounded: past `max_keys`, buckets that have refilled (idle keys)
// are dropped; if every bucket is busy, the oldest-touched half goes.
//
// Thread safety: Take may be called from any thread.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace entitled::http {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool allowed = true;
        std::int64_t limit = 0;        // the burst
        std::int64_t remaining = 0;    // requests left right now
        std::int64_t reset = 0;        // seconds until the bucket is full again
        std::int64_t retry_after = 0;  // when refused: seconds until one request is allowed
    };

    RateLimiter(double rate_per_second, double burst, std::size_t max_keys = 100'000);

    Decision Take(std::string_view key, Clock::time_point now);
    std::size_t keys() const;

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    double Refill(Bucket& b, Clock::time_point now) const;
    void Evict(Clock::time_point now);

    const double rate_;
    const double burst_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace entitled::http
