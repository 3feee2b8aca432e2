#pragma once
// The optional TOTP second factor: setting it up, turning it off, an admin's
// reset for a lost phone, and the check at sign-in. Each function runs inside
// the caller's transaction and writes its audit row there. Passwords are
// verified by the caller before, outside the transaction (argon2id is slow).

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/secret_box.hpp"
#include "domain/user.hpp"
#include "service/actor.hpp"
#include "service/session_service.hpp"
#include "storage/db.hpp"

namespace entitled::service {

// True when the policy makes a second factor mandatory for this user.
bool TotpRequiredFor(const domain::User& user, const SessionPolicy& policy);
// True when the user must set one up before doing anything else.
bool TotpEnrollmentRequired(const domain::User& user, const SessionPolicy& policy);

struct TotpSetup {
    std::string secret;  // base32
    std::string otpauth_uri;
};
// A new pending secret (replacing an unconfirmed one). kConflict "totp_already_enabled".
// The secrets are stored sealed with `box` (common/secret_box.hpp), never in the clear.
Result<TotpSetup> StartTotpSetup(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& issuer, Micros now);
// Turns the pending secret on when `code` matches it. kConflict "totp_not_started";
// field "code" "invalid_totp_code".
Result<domain::User> ConfirmTotp(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& code, Micros now);
// Turns it off when `code` matches. kConflict "totp_required" when the policy
// requires it, "totp_not_enabled" when it is off; field "code" "invalid_totp_code".
Result<domain::User> DisableTotp(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& code, const SessionPolicy& policy, Micros now);
// Platform admins: clears a user's second factor and ends their sessions.
Status ResetTotp(storage::Transaction& tx, const Actor& actor, std::int64_t user_id, Micros now);

// At sign-in, after the password matched: nothing to check when the user has
// no second factor; kUnauthenticated "totp_required" without a code,
// "invalid_totp_code" for a wrong or already used one (both name "totp_code").
Status CheckSignInCode(storage::Transaction& tx, const SecretBox& box, const domain::User& user,
                       const std::optional<std::string>& code, Micros now);

// Seals every TOTP secret still stored in the clear (written before secrets
// were sealed); `serve` runs it at start. Returns how many users it sealed.
Result<int> SealLegacyTotpSecrets(storage::Database& db, const SecretBox& box);

}  // namespace entitled::service
