#pragma once
// SQL for users, their flags and API tokens.

#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct NewUserRow {
    std::string email;  // normalised
    std::string name;
    std::optional<std::string> password_hash;
    Locale locale = Locale::kEn;
    domain::UserKind kind = domain::UserKind::kExternal;
    std::vector<domain::Flag> flags;
};

// A user's second factor: the active and pending base32 secrets and the last step a code was accepted for.
struct TotpRow {
    std::optional<std::string> secret;
    std::optional<std::string> pending_secret;
    std::optional<std::int64_t> last_step;
};

class UserRepository {
  public:
    explicit UserRepository(Transaction& tx) : tx_(tx) {}

    // kConflict "unique_violation" when the email exists.
    Result<std::int64_t> Insert(const NewUserRow& row, Micros now);
    Result<std::optional<domain::User>> FindById(std::int64_t id);
    Result<std::optional<domain::User>> FindByEmail(const std::string& normalized_email);
    Result<std::optional<std::string>> PasswordHash(std::int64_t id);
    // Sets the fields given; leaves the others.
    Status UpdateProfile(std::int64_t id, const std::optional<std::string>& name,
                         const std::optional<std::string>& locale, const std::optional<std::string>& password_hash,
                         Micros now);

    Status SetFlags(std::int64_t id, const std::vector<domain::Flag>& flags);
    Status SetDisabled(std::int64_t id, bool disabled, Micros now);
    // Users whose email or name starts with `prefix` (case-insensitive), by id, after `after_id`.
    Result<std::vector<domain::User>> List(const std::string& prefix, std::int64_t after_id, int limit);

    Result<std::int64_t> InsertToken(std::int64_t user_id, const std::string& name, const std::string& token_hash,
                                     Micros now);
    // The owner of an unrevoked token, if the user is not disabled.
    Result<std::optional<domain::User>> FindByTokenHash(const std::string& token_hash);
    // Marks the token revoked; false when no such unrevoked token of this user exists.
    Result<bool> RevokeToken(std::int64_t user_id, std::int64_t token_id, Micros now);

    Result<TotpRow> Totp(std::int64_t id);
    Status SetPendingTotp(std::int64_t id, const std::string& secret, Micros now);
    // Makes `secret` the active one, drops the pending one, and spends `step`.
    Status EnableTotp(std::int64_t id, const std::string& secret, std::int64_t step, Micros now);
    Status ClearTotp(std::int64_t id, Micros now);
    // Users whose TOTP secret or pending secret is not sealed yet, with the stored values.
    Result<std::vector<std::pair<std::int64_t, TotpRow>>> TotpInTheClear(std::string_view sealed_prefix);
    // Rewrites the stored secrets (sealing them), leaving the rest alone.
    Status ReplaceTotpSecrets(std::int64_t id, const std::optional<std::string>& secret,
                              const std::optional<std::string>& pending_secret);
    // Records `step` as used; false when it (or a later step) already was,
    // so of two concurrent sign-ins with one code only one succeeds.
    Result<bool> UseTotpStep(std::int64_t id, std::int64_t step);

    // Enabled users holding `flag` (who to notify), by id.
    Result<std::vector<domain::User>> WithFlag(domain::Flag flag);

  private:
    Result<std::optional<domain::User>> LoadOne(std::string_view where_sql, const Params& params);
    Transaction& tx_;
};

}  // namespace entitled::storage
