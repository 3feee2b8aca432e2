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

// What a device's last check-in answered (SPEC §8).
enum class AuthorizationStatus { kAuthorized, kOutOfCompliance };
std::string_view AuthorizationStatusName(AuthorizationStatus s);
std::optional<AuthorizationStatus> ParseAuthorizationStatus(std::string_view s);

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
    std::optional<Micros> last_check_in_at;
    std::optional<AuthorizationStatus> authorization_status;
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

// A device that has not reported (usage or check-in) for `grace` is not
// reporting: an alert, and its usage is released (SPEC §8, Cisco's 90 days).
bool NotReporting(const Device& device, Micros now, Micros grace);

// One product of a check-in's answer: what the device may use and what it uses beyond.
struct ProductAuthorization {
    std::string product;
    std::int64_t count = 0;  // authorized
    std::int64_t shortage = 0;
};
// Devices draw on their VA's device licenses in the order they registered
// (the same order for every check-in, so two devices are never both told a
// license is theirs): `free` is what devices may consume of the product in
// the VA, `before` what the devices registered earlier use of it.
ProductAuthorization AuthorizeProduct(const UsageItem& used, std::int64_t free, std::int64_t before);
AuthorizationStatus StatusOf(const std::vector<ProductAuthorization>& products);

enum class TokenStatus { kActive, kRevoked, kExpired, kUsedUp };
std::string_view TokenStatusName(TokenStatus s);
// Revoked wins over expired, expired over used up.
TokenStatus StatusOf(const RegistrationToken& token, Micros now);

}  // namespace entitled::domain
