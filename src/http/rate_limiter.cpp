#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

namespace entitled::http {

RateLimiter::RateLimiter(double rate_per_second, double burst, std::size_t max_keys)
    : rate_(rate_per_second), burst_(std::max(1.0, burst)), max_keys_(std::max<std::size_t>(2, max_keys)) {}

double RateLimiter::Refill(Bucket& b, Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) {
        b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
        b.updated = now;
    }
    return b.tokens;
}

void RateLimiter::Evict(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        it = Refill(it->second, now) >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() < max_keys_) return;
    std::vector<Clock::time_point> times;
    times.reserve(buckets_.size());
    for (const auto& [key, b] : buckets_) times.push_back(b.updated);
    auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    const Clock::time_point cutoff = *middle;
    std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
}

RateLimiter::Decision RateLimiter::Take(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(std::string(key));
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) Evict(now);
        it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    Refill(b, now);
    Decision d;
    d.limit = static_cast<std::int64_t>(burst_);
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
    } else {
        d.allowed = false;
        d.retry_after = static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / rate_));
    }
    d.remaining = static_cast<std::int64_t>(std::floor(b.tokens));
    d.reset = static_cast<std::int64_t>(std::ceil((burst_ - b.tokens) / rate_));
    return d;
}

std::size_t RateLimiter::keys() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace entitled::http
