#pragma once
// Services call Require before they read or change anything a caller might
// not be entitled to. It asks domain::Authorize — the only place that
// decides — and turns the Decision into the error the API shows: 401 for
// nobody, 404 for what the caller may not see, 403 for what it may see but
// not do, and for licensing support acting on a customer's behalf, 403
// "case_number_required" unless the request cites a case, which must exist
// and be open (SPEC §6).

#include "domain/authorization.hpp"
#include "service/actor.hpp"
#include "storage/db.hpp"

namespace entitled::service {

domain::Principal PrincipalOf(const Actor& actor);
Status Require(storage::Transaction& tx, const Actor& actor, domain::Action action,
               const domain::Resource& resource = domain::Platform{});
// The same decision without the case lookup, for checks that change nothing (e.g. what a list shows).
bool Allowed(const Actor& actor, domain::Action action, const domain::Resource& resource = domain::Platform{});

// 422 naming `case_number` unless a case with that number exists and is open.
Status ValidateCaseNumber(storage::Transaction& tx, const std::string& number);

}  // namespace entitled::service
