#pragma once
// Registration tokens, devices and usage reports (SPEC §4). A VA's managers
// create tokens; a device registers with one and gets its own secret, then
// reports what it uses. Only hashes of tokens and secrets are stored.

#include <optional>
#include <string>
#include <vector>

#include "service/actor.hpp"
#include "storage/db.hpp"
#include "storage/device_repository.hpp"

namespace entitled::service {

struct NewToken {
    std::string description;
    int expires_in_days = 30;
    std::int64_t max_uses = 1;
    bool export_controlled = false;
};
struct CreatedToken {
    domain::RegistrationToken row;
    std::string secret;  // shown once
};

Result<CreatedToken> CreateToken(storage::Transaction& tx, const Actor& actor, std::int64_t va, const NewToken& input,
                                 Micros now);
Result<std::vector<domain::RegistrationToken>> ListTokens(storage::Transaction& tx, const Actor& actor,
                                                          std::int64_t va);
Status RevokeToken(storage::Transaction& tx, const Actor& actor, std::int64_t va, std::int64_t token_id, Micros now);

struct NewDevice {
    std::string token;
    std::string name;
    std::string serial;
    std::string product;
    domain::Deployment deployment = domain::Deployment::kCloud;
};
struct RegisteredDevice {
    std::int64_t device_id = 0;
    std::string secret;  // shown once
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
};
// Refuses unknown, expired, revoked and used-up tokens (422 on "token") and a
// serial already registered in the account (409).
Result<RegisteredDevice> RegisterDevice(storage::Transaction& tx, const Actor& actor, const NewDevice& input,
                                        Micros now);

// The device a device's own request names, if `secret` is its secret
// (compared in constant time); nullopt otherwise.
Result<std::optional<domain::Device>> FindDeviceBySecret(storage::Transaction& tx, std::int64_t device_id,
                                                         const std::string& secret);
// The same, or 401 device_unauthorized naming device_secret: how check-ins and leases authenticate.
Result<domain::Device> AuthenticateDevice(storage::Transaction& tx, std::int64_t device_id,
                                          const std::string& secret);

struct UsageReport {
    std::int64_t device_id = 0;
    std::string device_secret;
    std::vector<domain::UsageItem> usage;
};
// Applies a whole batch or nothing: a report naming an unknown device or the
// wrong secret refuses the batch (401, naming the entry). Returns the number applied.
Result<std::int64_t> RecordUsage(storage::Transaction& tx, const std::vector<UsageReport>& reports, Micros now);

struct DevicePage {
    std::vector<domain::Device> items;
    bool more = false;
};
Result<DevicePage> ListDevices(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                               std::optional<std::int64_t> va, const std::string& query, std::int64_t after_id,
                               int limit);
// Frees the device's usage; its history stays.
Status DeleteDevice(storage::Transaction& tx, const Actor& actor, std::int64_t device_id, Micros now);

}  // namespace entitled::service
