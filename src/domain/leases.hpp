#pragma once
// Floating (concurrent) licenses (SPEC §8): a device checks out seats of a
// product from its Virtual Account's floating pool as a lease, renews it with
// heartbeats and releases it; a lease whose heartbeats stop expires by itself
// and its seats return. Leases are what is in use of a floating pool.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace entitled::domain {

struct Lease {
    std::int64_t id = 0;
    std::int64_t device_id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::string product;
    std::int64_t count = 0;
    Micros created_at = 0;
    Micros heartbeat_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> released_at;
    // Filled by listings.
    std::string device_name;
    std::string device_serial;
};

// Why a lease ended: released by its device, expired without a heartbeat, or
// ended with its device (deleted, transferred, silent past the grace period).
enum class LeaseEnd { kReleased, kExpired, kDeviceGone };
std::string_view LeaseEndName(LeaseEnd e);

// Held seats: not released and not past their expiry (an expired lease needs no sweep to free them).
bool ActiveAt(const Lease& lease, Micros now);

// What a checkout of `count` seats gets from a pool with `free` seats
// (unexpired, unreserved floating licenses) of which `held` are leased.
struct Checkout {
    bool granted = false;
    std::int64_t available = 0;  // seats free before this checkout
};
Checkout CheckOut(std::int64_t free, std::int64_t held, std::int64_t count);

// Seconds until the next seat frees by itself: when the earliest active lease
// expires (the whole lease time when none does: the pool holds no seats at
// all, or all of it is reserved), never less than 1.
std::int64_t RetryAfterSeconds(std::optional<Micros> earliest_expiry, Micros now, Micros lease_time);

}  // namespace entitled::domain
