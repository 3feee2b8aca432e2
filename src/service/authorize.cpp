#include "service/authorize.hpp"

#include "storage/case_repository.hpp"

namespace entitled::service {

domain::Principal PrincipalOf(const Actor& actor) {
    if (actor.is_cli) return domain::Principal::Console();
    domain::Principal p;
    if (!actor.user) return p;
    p.user_id = actor.user->id;
    p.email = actor.user->email;
    p.internal = actor.user->kind == domain::UserKind::kInternal;
    p.platform_admin = actor.user->Has(domain::Flag::kPlatformAdmin);
    p.licensing_support = actor.user->Has(domain::Flag::kLicensingSupport);
    p.compliance = actor.user->Has(domain::Flag::kCompliance);
    p.order_integration = actor.user->Has(domain::Flag::kOrderIntegration);
    p.memberships = actor.memberships;
    return p;
}

Status ValidateCaseNumber(storage::Transaction& tx, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::CaseRepository(tx).FindByNumber(number));
    if (!row) return ValidationError({{"case_number", "unknown_case", "field.unknown_case", {{"number", number}}}});
    if (row->status == domain::CaseStatus::kClosed) {
        return FieldInvalid("case_number", "case_closed", "field.case_closed_number");
    }
    return Ok();
}

bool Allowed(const Actor& actor, domain::Action action, const domain::Resource& resource) {
    return domain::Authorize(PrincipalOf(actor), action, resource).allowed();
}

Status Require(storage::Transaction& tx, const Actor& actor, domain::Action action, const domain::Resource& resource) {
    const domain::Decision d = domain::Authorize(PrincipalOf(actor), action, resource);
    const bool cites_case = actor.case_number && !actor.case_number->empty() && !actor.is_cli;
    switch (d.verdict) {
        case domain::Verdict::kAllow:
            // A case cited without being needed is still recorded, so it must be real.
            if (cites_case) return ValidateCaseNumber(tx, *actor.case_number);
            return Ok();
        case domain::Verdict::kAllowWithCase:
            if (!cites_case) return MakeError(Problem::kCaseNumberRequired);
            return ValidateCaseNumber(tx, *actor.case_number);
        case domain::Verdict::kForbidden:
        case domain::Verdict::kNotFound:
        case domain::Verdict::kUnauthenticated:
            return MakeError(d.reason);
    }
    return NotFound();
}

}  // namespace entitled::service
