#include "service/identity_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/outbox.hpp"
#include "storage/session_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

boost::json::object UserJson(const domain::User& u) {
    boost::json::array flags;
    for (auto f : u.flags) flags.emplace_back(domain::FlagName(f));
    return {{"id", u.id},
            {"email", u.email},
            {"name", u.name},
            {"locale", LocaleCode(u.locale)},
            {"kind", domain::UserKindName(u.kind)},
            {"flags", std::move(flags)}};
}

}  // namespace

Result<domain::User> CreateUser(storage::Transaction& tx, const Actor& actor, const NewUser& input,
                                const std::string& base_url, Micros now) {
    ENT_TRY(Require(tx, actor, domain::Action::kManageUsers));
    storage::UserRepository users(tx);
    storage::NewUserRow row{
        domain::NormalizeEmail(input.email), input.name, input.password_hash, input.locale, input.kind, input.flags};
    auto id = users.Insert(row, now);
    if (!id.ok()) {
        if (id.error().problem == Problem::kUniqueViolation) {
            Error e = MakeError(Problem::kDuplicateEmail).With("email", row.email);
            e.fields.push_back({"email", "taken", "field.taken", {}});
            return e;
        }
        return std::move(id).error();
    }
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(*id));
    ENT_TRY(Audit(tx, actor, now, {"user.create", "user", std::to_string(*id), std::nullopt, UserJson(*user), {}}));
    ENT_TRY(EnqueueMail(tx, {user->email, user->locale, "welcome", {{"name", user->name}}}, base_url, now));
    return std::move(*user);
}

Result<IssuedToken> IssueToken(storage::Transaction& tx, const Actor& actor, std::int64_t user_id,
                               const std::string& name, Micros now) {
    IssuedToken issued;
    issued.token = "ent_" + RandomToken(32);
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(issued.id, users.InsertToken(user_id, name, HashSecret(issued.token), now));
    ENT_TRY(Audit(tx, actor, now,
                  {"token.create",
                   "api_token",
                   std::to_string(issued.id),
                   std::nullopt,
                   boost::json::object{{"user_id", user_id}, {"name", name}},
                   {}}));
    return issued;
}

Status RevokeToken(storage::Transaction& tx, const Actor& actor, std::int64_t token_id, Micros now) {
    if (!actor.user) return MakeError(Problem::kUnauthenticated);
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(bool revoked, users.RevokeToken(actor.user->id, token_id, now));
    // Someone else's token, or one already revoked, is simply not found.
    if (!revoked) return MakeError(Problem::kNotFound);
    return Audit(tx, actor, now,
                 {"token.revoke", "api_token", std::to_string(token_id), std::nullopt, std::nullopt, {}});
}

Result<std::optional<domain::User>> AuthenticateToken(storage::Transaction& tx, const std::string& token) {
    storage::UserRepository users(tx);
    return users.FindByTokenHash(HashSecret(token));
}

Result<domain::User> FindUserByEmail(storage::Transaction& tx, const std::string& email) {
    storage::UserRepository users(tx);
    const std::string normalized = domain::NormalizeEmail(email);
    ENT_ASSIGN_OR_RETURN(auto user, users.FindByEmail(normalized));
    if (!user) return MakeError(Problem::kUnknownUser).With("email", normalized);
    return std::move(*user);
}

Result<domain::User> UpdateProfile(storage::Transaction& tx, const Actor& actor, const ProfileUpdate& update,
                                   std::int64_t current_session, Micros now) {
    if (!actor.user) return MakeError(Problem::kUnauthenticated);
    storage::UserRepository users(tx);
    const domain::User& before = *actor.user;
    ENT_TRY(users.UpdateProfile(before.id, update.name,
                                update.locale ? std::optional<std::string>(LocaleCode(*update.locale)) : std::nullopt,
                                update.password_hash, now));
    if (update.password_hash) {
        ENT_TRY(storage::SessionRepository(tx).EndAllOf(before.id, current_session, now));
    }
    ENT_ASSIGN_OR_RETURN(auto after, users.FindById(before.id));
    AuditChange change{"user.update", "user", std::to_string(before.id), UserJson(before), UserJson(*after), {}};
    if (update.password_hash) change.reason = "password changed";
    ENT_TRY(Audit(tx, actor, now, change));
    return std::move(*after);
}

Result<domain::User> AdminUpdateUser(storage::Transaction& tx, const Actor& actor, std::int64_t user_id,
                                     const AdminUserUpdate& update, Micros now) {
    ENT_TRY(Require(tx, actor, domain::Action::kManageUsers));
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto before, users.FindById(user_id));
    if (!before) return MakeError(Problem::kNotFound);
    const bool self = actor.user_id() == user_id;
    if (domain::LocksSelfOut(*before, self, update.disabled.value_or(false), update.flags)) {
        return MakeError(Problem::kCannotChangeSelf);
    }
    if (update.flags && !domain::MayHoldFlags(before->kind, *update.flags)) {
        return FieldInvalid("flags", "invalid", "field.invalid");
    }
    ENT_TRY(users.UpdateProfile(user_id, update.name,
                                update.locale ? std::optional<std::string>(LocaleCode(*update.locale)) : std::nullopt,
                                std::nullopt, now));
    if (update.flags) ENT_TRY(users.SetFlags(user_id, *update.flags));
    if (update.disabled) {
        ENT_TRY(users.SetDisabled(user_id, *update.disabled, now));
        if (*update.disabled) ENT_TRY(storage::SessionRepository(tx).EndAllOf(user_id, 0, now));
    }
    ENT_ASSIGN_OR_RETURN(auto after, users.FindById(user_id));
    boost::json::object before_json = UserJson(*before);
    before_json["disabled"] = before->disabled;
    boost::json::object after_json = UserJson(*after);
    after_json["disabled"] = after->disabled;
    ENT_TRY(Audit(tx, actor, now, {"user.admin_update", "user", std::to_string(user_id), before_json, after_json, {}}));
    return std::move(*after);
}

Result<std::vector<domain::User>> ListUsers(storage::Transaction& tx, const Actor& actor, const std::string& query,
                                            std::int64_t after_id, int limit) {
    ENT_TRY(Require(tx, actor, domain::Action::kManageUsers));
    return storage::UserRepository(tx).List(query, after_id, limit);
}

}  // namespace entitled::service
