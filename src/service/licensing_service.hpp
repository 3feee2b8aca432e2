#pragma once
// Product-side licensing (SPEC §8): a device checks in and gets a signed
// authorization; it checks out seats of a floating pool as signed leases.
// Devices authenticate with their own id and secret (AuthenticateDevice).

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/devices.hpp"
#include "domain/leases.hpp"
#include "service/actor.hpp"
#include "service/signing_keys.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct LicensingPolicy {
    Micros check_in_interval = kMicrosPerDay;  // when a device should check in next
    Micros device_grace = 90 * kMicrosPerDay;  // silent this long: not reporting, usage released
    Micros lease_time = 900 * kMicrosPerSecond;
};

// An authorization stays valid for this many check-in intervals, so a device
// that misses one or two check-ins (a network outage) keeps running.
constexpr int kAuthorizationIntervals = 3;

struct CheckInRequest {
    std::int64_t device_id = 0;
    std::string device_secret;
    std::vector<domain::UsageItem> usage;
};
struct CheckInAnswer {
    domain::AuthorizationStatus status = domain::AuthorizationStatus::kAuthorized;
    std::vector<domain::ProductAuthorization> products;
    boost::json::object authorization;  // the signed document
    Micros next_check_in_at = 0;
};
// Replaces the device's usage (as a usage report does) and answers what of
// it is authorized: per product, devices draw on the VA's device licenses in
// the order they registered (domain::AuthorizeProduct). REQUIRES: a
// TxMode::kLockingWrite transaction — the pools the device uses are locked
// first, so the check-ins of one pool see each other's usage in turn.
Result<CheckInAnswer> CheckIn(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                              const CheckInRequest& in, Micros now);

struct LeaseRequest {
    std::int64_t device_id = 0;
    std::string device_secret;
    std::string product;
    std::int64_t count = 1;
};
struct GrantedLease {
    domain::Lease lease;
    boost::json::object document;  // the signed lease
};
// Checks out seats of the device's VA's floating pool of `product`: never
// more than the pool holds (409 no_license_available with `available` and
// `retry_after`). REQUIRES: a TxMode::kLockingWrite transaction — the pool's
// lots are locked first, and every decision is made after.
Result<GrantedLease> AcquireLease(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                                  const LeaseRequest& in, Micros now);
// Renews an active lease of the device (409 lease_expired when it lapsed or was released).
Result<GrantedLease> HeartbeatLease(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                                    std::int64_t lease_id, const std::string& device_secret, Micros now);
// Frees the seats; releasing a lease that already ended changes nothing.
Status ReleaseLease(storage::Transaction& tx, std::int64_t lease_id, const std::string& device_secret, Micros now);

struct LeasePage {
    std::vector<domain::Lease> items;
    bool more = false;
};
// Active leases of the VAs of `sa` the caller may see assets of.
Result<LeasePage> ListLeases(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                             std::optional<std::int64_t> va, std::int64_t after_id, int limit, Micros now);

// Jobs. Records the end of leases that expired without a release (the seats
// were free already); returns how many.
Result<int> CloseLapsedLeases(storage::Transaction& tx, Micros now, int limit);
// Releases the usage (and ends the leases) of devices silent past the grace
// period, audited, and mails each account's administrators the list, in
// their language; returns how many devices.
Result<int> ReleaseSilentDevices(storage::Transaction& tx, const LicensingPolicy& policy, const std::string& base_url,
                                 Micros now, int limit);

}  // namespace entitled::service
