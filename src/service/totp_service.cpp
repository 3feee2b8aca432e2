#include "service/totp_service.hpp"

#include "common/log.hpp"
#include "common/random.hpp"
#include "domain/totp.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "storage/session_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

Error InvalidCode(const char* field) { return FieldInvalid(field, "invalid_totp_code", "invalid_totp_code"); }

Error Conflict(Problem problem) { return MakeError(problem); }

// The stored secret opened with the key directory's key. A value that does
// not open (another key directory, or altered) matches no code: the user
// cannot sign in with it, and an administrator resets their second factor.
std::optional<std::string> OpenSecret(const SecretBox& box, const std::string& stored, std::int64_t user_id) {
    auto plain = box.Open(stored);
    if (!plain) {
        Log(LogLevel::kWarn, "totp_secret_unreadable",
            {{"user_id", user_id}, {"hint", "is --key-dir the one it was sealed with?"}});
    }
    return plain;
}

// The step `code` matches for the stored secret, and spends it; nullopt when it does not match or was used.
Result<std::optional<std::int64_t>> SpendCode(storage::UserRepository& users, const SecretBox& box,
                                              std::int64_t user_id, const std::string& stored, const std::string& code,
                                              std::optional<std::int64_t> last_step, Micros now) {
    const auto base32_secret = OpenSecret(box, stored, user_id);
    if (!base32_secret) return std::optional<std::int64_t>();
    const auto secret = domain::Base32Decode(*base32_secret);
    if (!secret) return std::optional<std::int64_t>();
    const auto step = domain::MatchTotp(*secret, code, now, last_step);
    if (!step) return std::optional<std::int64_t>();
    ENT_ASSIGN_OR_RETURN(const bool fresh, users.UseTotpStep(user_id, *step));
    return fresh ? step : std::nullopt;
}

Status AuditTotp(storage::Transaction& tx, const Actor& actor, Micros now, const char* action, std::int64_t user_id) {
    return Audit(tx, actor, now, {action, "user", std::to_string(user_id), std::nullopt, std::nullopt, {}});
}

}  // namespace

bool TotpRequiredFor(const domain::User& user, const SessionPolicy& policy) {
    return policy.staff_totp_required && user.IsFlaggedStaff();
}

bool TotpEnrollmentRequired(const domain::User& user, const SessionPolicy& policy) {
    return TotpRequiredFor(user, policy) && !user.totp_enabled;
}

Result<TotpSetup> StartTotpSetup(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& issuer, Micros now) {
    const domain::User& user = *actor.user;
    if (user.totp_enabled) return Conflict(Problem::kTotpAlreadyEnabled);
    TotpSetup setup;
    setup.secret = domain::Base32Encode(RandomBytes(domain::kTotpSecretBytes));
    setup.otpauth_uri = domain::OtpauthUri(issuer, user.email, setup.secret);
    ENT_TRY(storage::UserRepository(tx).SetPendingTotp(user.id, box.Seal(setup.secret), now));
    ENT_TRY(AuditTotp(tx, actor, now, "user.totp_setup", user.id));
    return setup;
}

Result<domain::User> ConfirmTotp(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& code, Micros now) {
    const std::int64_t id = actor.user->id;
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto state, users.Totp(id));
    if (state.secret) return Conflict(Problem::kTotpAlreadyEnabled);
    if (!state.pending_secret) return Conflict(Problem::kTotpNotStarted);
    const auto pending = OpenSecret(box, *state.pending_secret, id);
    const auto secret = pending ? domain::Base32Decode(*pending) : std::nullopt;
    const auto step = secret ? domain::MatchTotp(*secret, code, now, std::nullopt) : std::nullopt;
    if (!step) return InvalidCode("code");
    ENT_TRY(users.EnableTotp(id, box.Seal(*pending), *step, now));
    ENT_TRY(AuditTotp(tx, actor, now, "user.totp_enable", id));
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(id));
    return std::move(*user);
}

Result<domain::User> DisableTotp(storage::Transaction& tx, const Actor& actor, const SecretBox& box,
                                 const std::string& code, const SessionPolicy& policy, Micros now) {
    const domain::User& me = *actor.user;
    if (TotpRequiredFor(me, policy)) return Conflict(Problem::kTotpRequiredToDisable);
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto state, users.Totp(me.id));
    if (!state.secret) return Conflict(Problem::kTotpNotEnabled);
    ENT_ASSIGN_OR_RETURN(auto step, SpendCode(users, box, me.id, *state.secret, code, state.last_step, now));
    if (!step) return InvalidCode("code");
    ENT_TRY(users.ClearTotp(me.id, now));
    ENT_TRY(AuditTotp(tx, actor, now, "user.totp_disable", me.id));
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(me.id));
    return std::move(*user);
}

Status ResetTotp(storage::Transaction& tx, const Actor& actor, std::int64_t user_id, Micros now) {
    ENT_TRY(Require(tx, actor, domain::Action::kManageUsers));
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(user_id));
    if (!user) return NotFound();
    ENT_TRY(users.ClearTotp(user_id, now));
    // Whoever holds the lost phone may also hold a session.
    ENT_TRY(storage::SessionRepository(tx).EndAllOf(user_id, 0, now));
    return AuditTotp(tx, actor, now, "user.totp_reset", user_id);
}

Status CheckSignInCode(storage::Transaction& tx, const SecretBox& box, const domain::User& user,
                       const std::optional<std::string>& code, Micros now) {
    if (!user.totp_enabled) return Ok();
    if (!code) {
        Error e = MakeError(Problem::kTotpRequired);
        e.fields.push_back({"totp_code", "required", "field.required", {}});
        return e;
    }
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto state, users.Totp(user.id));
    if (!state.secret) return Ok();
    ENT_ASSIGN_OR_RETURN(auto step, SpendCode(users, box, user.id, *state.secret, *code, state.last_step, now));
    if (step) return Ok();
    Error e = MakeError(Problem::kInvalidTotpCode);
    e.fields.push_back({"totp_code", "invalid_totp_code", "invalid_totp_code", {}});
    return e;
}

Result<int> SealLegacyTotpSecrets(storage::Database& db, const SecretBox& box) {
    return db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<int> {
        storage::UserRepository users(tx);
        ENT_ASSIGN_OR_RETURN(auto clear, users.TotpInTheClear("sealed:"));
        auto seal = [&](const std::optional<std::string>& v) -> std::optional<std::string> {
            if (!v || SecretBox::IsSealed(*v)) return v;
            return box.Seal(*v);
        };
        for (const auto& [id, row] : clear)
            ENT_TRY(users.ReplaceTotpSecrets(id, seal(row.secret), seal(row.pending_secret)));
        return static_cast<int>(clear.size());
    });
}

}  // namespace entitled::service
