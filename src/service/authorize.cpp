#include "service/authorize.hpp"

namespace entitled::service {

domain::Principal PrincipalOf(const Actor& actor) {
    domain::Principal p;
    if (!actor.user) return p;
    p.platform_admin = actor.user->Has(domain::Flag::kPlatformAdmin);
    p.licensing_support = actor.user->Has(domain::Flag::kLicensingSupport);
    p.compliance = actor.user->Has(domain::Flag::kCompliance);
    p.order_integration = actor.user->Has(domain::Flag::kOrderIntegration);
    p.memberships = actor.memberships;
    return p;
}

Status Require(const Actor& actor, domain::Action action, const std::optional<domain::Target>& target) {
    if (!actor.user && !actor.is_cli)
        return MakeError(ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated");
    if (actor.is_cli) return Ok();  // the operator at the console holds every right
    switch (domain::Authorize(PrincipalOf(actor), action, target)) {
        case domain::Decision::kAllow:
            return Ok();
        case domain::Decision::kAllowWithCase:
            if (actor.case_number && !actor.case_number->empty()) return Ok();
            return MakeError(ErrorCode::kForbidden, "case_number_required", "case_number_required");
        case domain::Decision::kForbidden:
            return MakeError(ErrorCode::kForbidden, "forbidden", "forbidden");
        case domain::Decision::kNotFound:
            break;
    }
    return MakeError(ErrorCode::kNotFound, "not_found", "not_found");
}

}  // namespace entitled::service
