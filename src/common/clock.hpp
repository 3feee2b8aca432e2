#pragma once
// Time as microseconds since the Unix epoch (UTC). Everything that needs "now"
// takes a Clock so tests and `entitled jobs run --at` can move time.
//
// Thread safety: SystemClock is stateless; ManualClock is safe to read and set
// from several threads.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace entitled {

using Micros = std::int64_t;

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerDay = 86'400 * kMicrosPerSecond;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual Micros Now() const = 0;
};

class SystemClock final : public Clock {
  public:
    Micros Now() const override;
};

// A clock that stays where it is set; for tests and for `jobs run --at`.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(Micros now) : now_(now) {}
    Micros Now() const override { return now_.load(); }
    void Set(Micros now) { now_.store(now); }
    void Advance(Micros delta) { now_.fetch_add(delta); }

  private:
    std::atomic<Micros> now_;
};

// `t` plus whole calendar months (day clamped to the month's last day).
Micros AddMonths(Micros t, int months);

// "2026-11-21T08:15:43Z" or with fractional seconds when not whole.
std::string FormatRfc3339(Micros t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)" and "YYYY-MM-DD" (midnight UTC).
std::optional<Micros> ParseRfc3339(std::string_view s);

}  // namespace entitled
