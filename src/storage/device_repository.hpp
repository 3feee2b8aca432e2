#pragma once
// SQL for registration tokens, devices and the usage they report.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/devices.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct DeviceScope {
    std::int64_t smart_account_id = 0;
    std::optional<std::set<std::int64_t>> virtual_accounts;  // nullopt: all of the account's
    std::string query;                                       // name or serial prefix; empty: all
};

class DeviceRepository {
  public:
    explicit DeviceRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertToken(const domain::RegistrationToken& token);
    Result<std::optional<domain::RegistrationToken>> FindToken(std::int64_t id);
    Result<std::optional<domain::RegistrationToken>> FindTokenByHash(const std::string& hash);
    Result<std::vector<domain::RegistrationToken>> Tokens(std::int64_t virtual_account_id);
    Status RevokeToken(std::int64_t id, Micros now);
    // Counts one use unless the token is used up; true when counted.
    Result<bool> UseToken(std::int64_t id);

    Result<std::int64_t> InsertDevice(const domain::Device& device);
    // Live (not deleted) devices only.
    Result<std::optional<domain::Device>> FindDevice(std::int64_t id);
    Result<bool> SerialTaken(std::int64_t smart_account_id, const std::string& serial);
    Result<std::vector<domain::Device>> FindBySerial(const std::string& serial);
    // Live devices in scope by id after `after_id`, with their usage.
    Result<std::vector<domain::Device>> List(const DeviceScope& scope, std::int64_t after_id, int limit);
    Result<std::int64_t> Count(std::int64_t smart_account_id, const std::optional<std::set<std::int64_t>>& vas);
    Result<std::vector<domain::UsageItem>> Usage(std::int64_t device_id);
    Status MarkDeleted(std::int64_t id, Micros now);
    // Any device row, deleted or not (transfers look at what became of a device).
    Result<std::optional<domain::Device>> FindAnyDevice(std::int64_t id);

    // Claims the device for an open transfer; false when another already holds it.
    Result<bool> Reserve(std::int64_t device_id, std::int64_t transfer_id);
    Status Release(std::int64_t device_id, std::int64_t transfer_id);
    // Moves a live device (and its usage) to another account and VA, ending its reservation and its leases.
    Status MoveTo(std::int64_t device_id, std::int64_t sa, std::int64_t va, Micros now);

    // The usage path: a report replaces the device's usage and stamps last seen.
    Status ReplaceUsage(std::int64_t device_id, std::int64_t virtual_account_id,
                        const std::vector<domain::UsageItem>& usage);
    Status Touch(std::int64_t device_id, Micros now);
    // A check-in: last seen, last check-in and what it answered.
    Status RecordCheckIn(std::int64_t device_id, Micros now, domain::AuthorizationStatus status);
    // What the devices of the VA registered before `device_id` use of `product`.
    Result<std::int64_t> UsedBefore(std::int64_t virtual_account_id, const std::string& product,
                                    std::int64_t device_id);
    // Live devices last seen before `seen_before` that still have usage, by id, with it.
    Result<std::vector<domain::Device>> SilentWithUsage(Micros seen_before, int limit);
    Status ClearUsage(std::int64_t device_id);
    // Ends the device's open leases (it was deleted or left its VA).
    Status EndLeases(std::int64_t device_id, Micros now);

  private:
    Status FillUsage(std::vector<domain::Device>& devices);
    Transaction& tx_;
};

}  // namespace entitled::storage
