#include "domain/devices.hpp"

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

constexpr EnumName<Deployment> kDeployments[] = {{Deployment::kCloud, "cloud"}, {Deployment::kOnPrem, "on_prem"}};
constexpr EnumName<TokenStatus> kTokenStatuses[] = {{TokenStatus::kActive, "active"},
                                                    {TokenStatus::kRevoked, "revoked"},
                                                    {TokenStatus::kExpired, "expired"},
                                                    {TokenStatus::kUsedUp, "used_up"}};

}  // namespace

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
