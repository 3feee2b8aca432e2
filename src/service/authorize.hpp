#pragma once
// Services call Require before touching anything a caller may not be
// entitled to; it turns the domain's Decision into the error the API shows:
// 404 for what the caller may not see, 403 for what it may see but not do,
// and for licensing support acting on a customer's behalf, 403
// "case_number_required" unless the request cites a case.

#include <optional>

#include "domain/authorization.hpp"
#include "service/actor.hpp"

namespace entitled::service {

domain::Principal PrincipalOf(const Actor& actor);
Status Require(const Actor& actor, domain::Action action, const std::optional<domain::Target>& target = std::nullopt);

}  // namespace entitled::service
