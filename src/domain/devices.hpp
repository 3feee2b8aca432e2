#pragma once
// Devices (product instances) and the registration tokens they register
// with (SPEC §4). A device consumes its VA's licenses through its usage.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace entitled::domain {

enum class Deployment { kCloud, kOnPrem };
std::string_view DeploymentName(Deployment d);
std::optional<Deployment> ParseDeployment(std::string_view s);

struct UsageItem {
    std::string product;
    std::int64_t count = 0;
};

struct Device {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::string name;
    std::string serial;
    std::string product;
    Deployment deployment = Deployment::kCloud;
    std::string secret_hash;
    std::optional<std::int64_t> token_id;
    bool export_controlled = false;
    Micros registered_at = 0;
    std::optional<Micros> last_seen_at;
    std::optional<Micros> deleted_at;
    std::optional<std::int64_t> reserved_by_transfer;
    // Filled by listings.
    std::string virtual_account_name;
    std::vector<domain::UsageItem> usage;
};

struct RegistrationToken {
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

enum class TokenStatus { kActive, kRevoked, kExpired, kUsedUp };
std::string_view TokenStatusName(TokenStatus s);
// Revoked wins over expired, expired over used up.
TokenStatus StatusOf(const RegistrationToken& token, Micros now);

}  // namespace entitled::domain
