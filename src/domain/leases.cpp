#include "domain/leases.hpp"

#include <algorithm>

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

constexpr EnumName<LeaseEnd> kLeaseEnds[] = {
    {LeaseEnd::kReleased, "released"}, {LeaseEnd::kExpired, "expired"}, {LeaseEnd::kDeviceGone, "device_gone"}};

}  // namespace

std::string_view LeaseEndName(LeaseEnd e) { return NameIn<LeaseEnd>(kLeaseEnds, e); }

bool ActiveAt(const Lease& lease, Micros now) { return !lease.released_at && lease.expires_at > now; }

Checkout CheckOut(std::int64_t free, std::int64_t held, std::int64_t count) {
    const std::int64_t available = std::max<std::int64_t>(free - held, 0);
    return {count > 0 && count <= available, available};
}

std::int64_t RetryAfterSeconds(std::optional<Micros> earliest_expiry, Micros now, Micros lease_time) {
    const Micros wait = earliest_expiry ? *earliest_expiry - now : lease_time;
    return std::max<std::int64_t>(1, (wait + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

}  // namespace entitled::domain
