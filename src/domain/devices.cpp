#include "domain/devices.hpp"

#include <algorithm>

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

constexpr EnumName<Deployment> kDeployments[] = {{Deployment::kCloud, "cloud"}, {Deployment::kOnPrem, "on_prem"}};
constexpr EnumName<TokenStatus> kTokenStatuses[] = {{TokenStatus::kActive, "active"},
                                                    {TokenStatus::kRevoked, "revoked"},
                                                    {TokenStatus::kExpired, "expired"},
                                                    {TokenStatus::kUsedUp, "used_up"}};
constexpr EnumName<AuthorizationStatus> kAuthorizationStatuses[] = {
    {AuthorizationStatus::kAuthorized, "authorized"}, {AuthorizationStatus::kOutOfCompliance, "out_of_compliance"}};

}  // namespace

std::string_view AuthorizationStatusName(AuthorizationStatus s) {
    return NameIn<AuthorizationStatus>(kAuthorizationStatuses, s);
}
std::optional<AuthorizationStatus> ParseAuthorizationStatus(std::string_view s) {
    return ParseIn<AuthorizationStatus>(kAuthorizationStatuses, s);
}

bool NotReporting(const Device& device, Micros now, Micros grace) {
    return device.last_seen_at.value_or(device.registered_at) + grace <= now;
}

ProductAuthorization AuthorizeProduct(const UsageItem& used, std::int64_t free, std::int64_t before) {
    const std::int64_t left = std::max<std::int64_t>(free - before, 0);
    const std::int64_t authorized = std::min(used.count, left);
    return {used.product, authorized, used.count - authorized};
}

AuthorizationStatus StatusOf(const std::vector<ProductAuthorization>& products) {
    for (const auto& p : products) {
        if (p.shortage > 0) return AuthorizationStatus::kOutOfCompliance;
    }
    return AuthorizationStatus::kAuthorized;
}

std::string_view DeploymentName(Deployment d) { return NameIn<Deployment>(kDeployments, d); }
std::optional<Deployment> ParseDeployment(std::string_view s) { return ParseIn<Deployment>(kDeployments, s); }
std::string_view TokenStatusName(TokenStatus s) { return NameIn<TokenStatus>(kTokenStatuses, s); }

TokenStatus StatusOf(const RegistrationToken& token, Micros now) {
    if (token.revoked_at) return TokenStatus::kRevoked;
    if (token.expires_at <= now) return TokenStatus::kExpired;
    if (token.uses >= token.max_uses) return TokenStatus::kUsedUp;
    return TokenStatus::kActive;
}

}  // namespace entitled::domain
