#pragma once
// SQL for registration tokens, devices and the usage they report.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct TokenRow {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::string token_hash;
    std::string description;
    bool export_controlled = false;
    std::int64_t max_uses = 1;
    std::int64_t uses = 0;
    std::optional<std::int64_t> created_by;
    Micros created_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> revoked_at;
};

struct UsageItem {
    std::string product;
    std::int64_t count = 0;
};

struct DeviceRow {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::string name;
    std::string serial;
    std::string product;
    std::string deployment;
    std::string secret_hash;
    std::optional<std::int64_t> token_id;
    bool export_controlled = false;
    Micros registered_at = 0;
    std::optional<Micros> last_seen_at;
    std::optional<Micros> deleted_at;
    std::optional<std::int64_t> reserved_by_transfer;
    // Filled by listings.
    std::string virtual_account_name;
    std::vector<UsageItem> usage;
};

struct DeviceScope {
    std::int64_t smart_account_id = 0;
    std::optional<std::set<std::int64_t>> virtual_accounts;  // nullopt: all of the account's
    std::string query;                                       // name or serial prefix; empty: all
};

class DeviceRepository {
  public:
    explicit DeviceRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertToken(const TokenRow& token);
    Result<std::optional<TokenRow>> FindToken(std::int64_t id);
    Result<std::optional<TokenRow>> FindTokenByHash(const std::string& hash);
    Result<std::vector<TokenRow>> Tokens(std::int64_t virtual_account_id);
    Status RevokeToken(std::int64_t id, Micros now);
    // Counts one use unless the token is used up; true when counted.
    Result<bool> UseToken(std::int64_t id);

    Result<std::int64_t> InsertDevice(const DeviceRow& device);
    // Live (not deleted) devices only.
    Result<std::optional<DeviceRow>> FindDevice(std::int64_t id);
    Result<bool> SerialTaken(std::int64_t smart_account_id, const std::string& serial);
    Result<std::vector<DeviceRow>> FindBySerial(const std::string& serial);
    // Live devices in scope by id after `after_id`, with their usage.
    Result<std::vector<DeviceRow>> List(const DeviceScope& scope, std::int64_t after_id, int limit);
    Result<std::int64_t> Count(std::int64_t smart_account_id, const std::optional<std::set<std::int64_t>>& vas);
    Result<std::vector<UsageItem>> Usage(std::int64_t device_id);
    Status MarkDeleted(std::int64_t id, Micros now);
    // Any device row, deleted or not (transfers look at what became of a device).
    Result<std::optional<DeviceRow>> FindAnyDevice(std::int64_t id);

    // Claims the device for an open transfer; false when another already holds it.
    Result<bool> Reserve(std::int64_t device_id, std::int64_t transfer_id);
    Status Release(std::int64_t device_id, std::int64_t transfer_id);
    // Moves a live device (and its usage) to another account and VA, ending its reservation.
    Status MoveTo(std::int64_t device_id, std::int64_t sa, std::int64_t va);

    // The usage path: a report replaces the device's usage and stamps last seen.
    Status ReplaceUsage(std::int64_t device_id, std::int64_t virtual_account_id, const std::vector<UsageItem>& usage);
    Status Touch(std::int64_t device_id, Micros now);

  private:
    Status FillUsage(std::vector<DeviceRow>& devices);
    Transaction& tx_;
};

}  // namespace entitled::storage
