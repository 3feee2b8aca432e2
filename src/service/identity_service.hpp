#pragma once
// Use cases for users and API tokens. Each function runs inside the caller's
// transaction and writes its audit row there.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/user.hpp"
#include "service/actor.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct NewUser {
    std::string email;
    std::string name;
    std::optional<std::string> password_hash;  // hashed by the caller, outside the transaction
    Locale locale = Locale::kEn;
    domain::UserKind kind = domain::UserKind::kExternal;
    std::vector<domain::Flag> flags;
};

struct IssuedToken {
    std::int64_t id = 0;
    std::string token;  // the secret: shown once, stored only as a hash
};

// REQUIRES: `input` validated. Only platform admins and the CLI may create
// users. The new user is sent a welcome mail (outbox) in their language.
Result<domain::User> CreateUser(storage::Transaction& tx, const Actor& actor, const NewUser& input,
                                const std::string& base_url, Micros now);
Result<IssuedToken> IssueToken(storage::Transaction& tx, const Actor& actor, std::int64_t user_id,
                               const std::string& name, Micros now);
Status RevokeToken(storage::Transaction& tx, const Actor& actor, std::int64_t token_id, Micros now);
// The user behind a bearer token, or nullopt when the token is unknown, revoked or its user disabled.
Result<std::optional<domain::User>> AuthenticateToken(storage::Transaction& tx, const std::string& token);
Result<domain::User> FindUserByEmail(storage::Transaction& tx, const std::string& email);

struct AdminUserUpdate {
    std::optional<std::string> name;
    std::optional<Locale> locale;
    std::optional<std::vector<domain::Flag>> flags;
    std::optional<bool> disabled;
};
// Platform admins: changes another user's flags, name, language or disabled
// state. Disabling ends the user's sessions; their API tokens stop working.
Result<domain::User> AdminUpdateUser(storage::Transaction& tx, const Actor& actor, std::int64_t user_id,
                                     const AdminUserUpdate& update, Micros now);
Result<std::vector<domain::User>> ListUsers(storage::Transaction& tx, const Actor& actor, const std::string& query,
                                            std::int64_t after_id, int limit);

struct ProfileUpdate {
    std::optional<std::string> name;
    std::optional<Locale> locale;
    std::optional<std::string> password_hash;  // hashed by the caller, outside the transaction
};
// Changes the actor's own profile. A new password ends every other session of the user.
Result<domain::User> UpdateProfile(storage::Transaction& tx, const Actor& actor, const ProfileUpdate& update,
                                   std::int64_t current_session, Micros now);

}  // namespace entitled::service
