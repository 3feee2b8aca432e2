#include "service/licensing_service.hpp"

#include <algorithm>
#include <map>

#include "service/audit.hpp"
#include "service/devices_service.hpp"
#include "service/licenses_service.hpp"
#include "service/outbox.hpp"
#include "storage/account_repository.hpp"
#include "storage/device_repository.hpp"
#include "storage/license_repository.hpp"
#include "storage/licensing_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

using boost::json::array;
using boost::json::object;

// `stored` as Usage() reads it (by product, no zero counts) against a report.
bool SameUsage(const std::vector<domain::UsageItem>& stored, const std::vector<domain::UsageItem>& reported) {
    std::map<std::string, std::int64_t> wanted;
    for (const auto& u : reported) {
        if (u.count > 0) wanted[u.product] = u.count;
    }
    if (wanted.size() != stored.size()) return false;
    for (const auto& u : stored) {
        const auto it = wanted.find(u.product);
        if (it == wanted.end() || it->second != u.count) return false;
    }
    return true;
}

object DevicePart(const domain::Device& d) { return {{"id", d.id}, {"serial", d.serial}}; }

object AuthorizationPayload(const domain::Device& d, const CheckInAnswer& a, const LicensingPolicy& policy,
                            Micros now) {
    array entitlements;
    for (const auto& p : a.products) {
        entitlements.push_back(object{{"product", p.product}, {"count", p.count}, {"shortage", p.shortage}});
    }
    return {{"type", "authorization"},
            {"issued_at", FormatRfc3339(now)},
            {"not_after", FormatRfc3339(now + kAuthorizationIntervals * policy.check_in_interval)},
            {"grace_until", FormatRfc3339(now + policy.device_grace)},
            {"device", DevicePart(d)},
            {"smart_account_id", d.smart_account_id},
            {"virtual_account_id", d.virtual_account_id},
            {"status", domain::AuthorizationStatusName(a.status)},
            {"entitlements", std::move(entitlements)}};
}

object LeasePayload(const domain::Device& d, const domain::Lease& l, Micros now) {
    return {{"type", "lease"},
            {"issued_at", FormatRfc3339(now)},
            {"not_after", FormatRfc3339(l.expires_at)},
            {"expires_at", FormatRfc3339(l.expires_at)},
            {"lease_id", l.id},
            {"device", DevicePart(d)},
            {"smart_account_id", d.smart_account_id},
            {"virtual_account_id", d.virtual_account_id},
            {"entitlements", array{object{{"product", l.product}, {"count", l.count}}}}};
}

object LeaseJson(const domain::Lease& l) {
    return {{"lease_id", l.id}, {"product", l.product}, {"count", l.count}, {"device_id", l.device_id}};
}

Result<GrantedLease> Signed(storage::Transaction& tx, const SigningKeys& keys, const domain::Device& d,
                            domain::Lease lease, Micros now) {
    GrantedLease out;
    ENT_ASSIGN_OR_RETURN(out.document, keys.Sign(tx, LeasePayload(d, lease, now)));
    out.lease = std::move(lease);
    return out;
}

// The lease a device's own request names: 404 for another device's or an unknown one (it may not see it).
Result<std::pair<domain::Device, domain::Lease>> DevicesLease(storage::Transaction& tx, std::int64_t lease_id,
                                                              const std::string& secret) {
    ENT_ASSIGN_OR_RETURN(auto lease, storage::LeaseRepository(tx).Find(lease_id));
    if (!lease) return NotFound();
    ENT_ASSIGN_OR_RETURN(auto device, FindDeviceBySecret(tx, lease->device_id, secret));
    if (!device) return AuthenticateDevice(tx, lease->device_id, secret).error();  // the 401, naming device_secret
    return std::make_pair(std::move(*device), std::move(*lease));
}

// One mail per administrator of the account, in their language, listing the devices.
Status MailAdmins(storage::Transaction& tx, std::int64_t sa, const std::vector<const domain::Device*>& gone,
                  const std::string& days, const std::string& base_url, Micros now) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(sa));
    if (!account) return Ok();
    std::string list;
    for (const auto* d : gone) list += "- " + d->name + " (" + d->serial + "), " + d->virtual_account_name + "\n";
    ENT_ASSIGN_OR_RETURN(auto members, accounts.Members(sa));
    storage::UserRepository users(tx);
    for (const auto& m : members) {
        if (m.role != domain::Role::kSaAdmin) continue;
        ENT_ASSIGN_OR_RETURN(auto user, users.FindById(m.user_id));
        if (!user) continue;
        ENT_TRY(EnqueueMail(tx,
                            {m.email,
                             user->locale,
                             "devices_not_reporting",
                             {{"name", m.name},
                              {"account_name", account->name},
                              {"count", std::to_string(gone.size())},
                              {"days", days},
                              {"devices", list},
                              {"link", base_url + "/smart-accounts/" + std::to_string(sa)}}},
                            base_url, now));
    }
    return Ok();
}

}  // namespace

Result<CheckInAnswer> CheckIn(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                              const CheckInRequest& in, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto device, AuthenticateDevice(tx, in.device_id, in.device_secret));
    storage::DeviceRepository devices(tx);
    storage::LicenseRepository licenses(tx);
    // What a device is authorized depends on what the devices before it use:
    // check-ins sharing a pool take turns (pools locked in product order, so
    // two check-ins never wait for each other crosswise).
    std::vector<std::string> products;
    for (const auto& used : in.usage) {
        if (used.count > 0) products.push_back(used.product);
    }
    std::sort(products.begin(), products.end());
    for (const auto& product : products) {
        ENT_TRY(licenses.LockPool({device.virtual_account_id, product, domain::LicenseModel::kDevice}));
    }
    // Most check-ins report what the last one did: then the usage rows stay as they are.
    ENT_ASSIGN_OR_RETURN(auto stored, devices.Usage(device.id));
    if (!SameUsage(stored, in.usage)) ENT_TRY(devices.ReplaceUsage(device.id, device.virtual_account_id, in.usage));
    CheckInAnswer out;
    for (const auto& used : in.usage) {
        if (used.count == 0) continue;
        const domain::PoolKey pool{device.virtual_account_id, used.product, domain::LicenseModel::kDevice};
        ENT_ASSIGN_OR_RETURN(auto free, ConsumableOf(licenses, pool, now));
        ENT_ASSIGN_OR_RETURN(auto before, devices.UsedBefore(device.virtual_account_id, used.product, device.id));
        out.products.push_back(domain::AuthorizeProduct(used, free, before));
    }
    out.status = domain::StatusOf(out.products);
    ENT_TRY(devices.RecordCheckIn(device.id, now, out.status));
    if (device.authorization_status != out.status) {
        // Check-ins are the device's telemetry; what the event log keeps is when its compliance changes.
        ENT_TRY(Audit(
            tx, Actor::Device(device.serial, ""), now,
            {"device.compliance", "device", std::to_string(device.id),
             device.authorization_status
                 ? std::optional<boost::json::value>(
                       object{{"status", domain::AuthorizationStatusName(*device.authorization_status)}})
                 : std::nullopt,
             object{{"status", domain::AuthorizationStatusName(out.status)}}, std::nullopt, device.smart_account_id}));
    }
    ENT_ASSIGN_OR_RETURN(out.authorization, keys.Sign(tx, AuthorizationPayload(device, out, policy, now)));
    out.next_check_in_at = now + policy.check_in_interval;
    return out;
}

Result<GrantedLease> AcquireLease(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                                  const LeaseRequest& in, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto device, AuthenticateDevice(tx, in.device_id, in.device_secret));
    const domain::PoolKey pool{device.virtual_account_id, in.product, domain::LicenseModel::kFloating};
    storage::LicenseRepository licenses(tx);
    storage::LeaseRepository leases(tx);
    ENT_TRY(licenses.LockPool(pool));
    ENT_ASSIGN_OR_RETURN(auto free, ConsumableOf(licenses, pool, now));
    ENT_ASSIGN_OR_RETURN(auto held, leases.HeldOf(pool.virtual_account_id, pool.product, now));
    const auto checkout = domain::CheckOut(free, held.seats, in.count);
    if (!checkout.granted) {
        return MakeError(Problem::kNoLicenseAvailable)
            .With("product", in.product)
            .WithMember("available", checkout.available)
            .WithMember("retry_after", domain::RetryAfterSeconds(held.earliest_expiry, now, policy.lease_time));
    }
    domain::Lease lease;
    lease.device_id = device.id;
    lease.smart_account_id = device.smart_account_id;
    lease.virtual_account_id = device.virtual_account_id;
    lease.product = in.product;
    lease.count = in.count;
    lease.created_at = now;
    lease.heartbeat_at = now;
    lease.expires_at = now + policy.lease_time;
    lease.device_name = device.name;
    lease.device_serial = device.serial;
    ENT_ASSIGN_OR_RETURN(lease.id, leases.Insert(lease));
    ENT_TRY(storage::DeviceRepository(tx).Touch(device.id, now));
    ENT_TRY(Audit(tx, Actor::Device(device.serial, ""), now,
                  {"lease.acquire", "lease", std::to_string(lease.id), std::nullopt, LeaseJson(lease), std::nullopt,
                   device.smart_account_id}));
    return Signed(tx, keys, device, std::move(lease), now);
}

Result<GrantedLease> HeartbeatLease(storage::Transaction& tx, const SigningKeys& keys, const LicensingPolicy& policy,
                                    std::int64_t lease_id, const std::string& device_secret, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto found, DevicesLease(tx, lease_id, device_secret));
    auto& [device, lease] = found;
    if (!domain::ActiveAt(lease, now)) return MakeError(Problem::kLeaseExpired);
    lease.heartbeat_at = now;
    lease.expires_at = now + policy.lease_time;
    ENT_TRY(storage::LeaseRepository(tx).Renew(lease.id, now, lease.expires_at));
    ENT_TRY(storage::DeviceRepository(tx).Touch(device.id, now));
    return Signed(tx, keys, device, std::move(lease), now);
}

Status ReleaseLease(storage::Transaction& tx, std::int64_t lease_id, const std::string& device_secret, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto found, DevicesLease(tx, lease_id, device_secret));
    const auto& [device, lease] = found;
    if (lease.released_at) return Ok();
    // A lease past its expiry ended then; its release only records it.
    const bool expired = !domain::ActiveAt(lease, now);
    ENT_TRY(storage::LeaseRepository(tx).End(lease.id, expired ? lease.expires_at : now,
                                             expired ? domain::LeaseEnd::kExpired : domain::LeaseEnd::kReleased));
    return Audit(tx, Actor::Device(device.serial, ""), now,
                 {expired ? "lease.expire" : "lease.release", "lease", std::to_string(lease.id), LeaseJson(lease),
                  std::nullopt, std::nullopt, device.smart_account_id});
}

Result<LeasePage> ListLeases(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                             std::optional<std::int64_t> va, std::int64_t after_id, int limit, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto vas, AssetScope(tx, actor, sa, va));
    ENT_ASSIGN_OR_RETURN(auto rows,
                         storage::LeaseRepository(tx).Active({sa, std::move(vas)}, now, after_id, limit + 1));
    LeasePage page;
    page.more = rows.size() > static_cast<size_t>(limit);
    if (page.more) rows.resize(static_cast<size_t>(limit));
    page.items = std::move(rows);
    return page;
}

Result<int> CloseLapsedLeases(storage::Transaction& tx, Micros now, int limit) {
    storage::LeaseRepository leases(tx);
    ENT_ASSIGN_OR_RETURN(auto lapsed, leases.Lapsed(now, limit));
    for (const auto& l : lapsed) {
        ENT_TRY(leases.End(l.id, l.expires_at, domain::LeaseEnd::kExpired));
        ENT_TRY(Audit(tx, Actor::Cli(), now,
                      {"lease.expire", "lease", std::to_string(l.id), LeaseJson(l), std::nullopt, std::nullopt,
                       l.smart_account_id}));
    }
    return static_cast<int>(lapsed.size());
}

Result<int> ReleaseSilentDevices(storage::Transaction& tx, const LicensingPolicy& policy, const std::string& base_url,
                                 Micros now, int limit) {
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto silent, devices.SilentWithUsage(now - policy.device_grace, limit));
    const std::string days = std::to_string(policy.device_grace / kMicrosPerDay);
    std::map<std::int64_t, std::vector<const domain::Device*>> by_account;
    for (const auto& d : silent) {
        array used;
        for (const auto& u : d.usage) used.push_back(object{{"product", u.product}, {"count", u.count}});
        ENT_TRY(devices.ClearUsage(d.id));
        ENT_TRY(devices.EndLeases(d.id, now));
        ENT_TRY(Audit(tx, Actor::Cli(), now,
                      {"device.usage_release", "device", std::to_string(d.id),
                       object{{"serial", d.serial}, {"usage", std::move(used)}}, object{{"usage", array{}}},
                       "not reporting for " + days + " days", d.smart_account_id}));
        by_account[d.smart_account_id].push_back(&d);
    }
    for (const auto& [sa, gone] : by_account) ENT_TRY(MailAdmins(tx, sa, gone, days, base_url, now));
    return static_cast<int>(silent.size());
}

}  // namespace entitled::service
