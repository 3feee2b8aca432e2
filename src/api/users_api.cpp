// Users and API tokens. Handlers parse and validate, then call one service function.
#include "api/users_api.hpp"

#include <charconv>

#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/authorize.hpp"
#include "service/identity_service.hpp"
#include "service/passwords.hpp"
#include "service/session_service.hpp"
#include "service/totp_service.hpp"
#include "storage/account_repository.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;

object UserJson(const domain::User& u) {
    array flags;
    for (auto f : u.flags) flags.emplace_back(domain::FlagName(f));
    return {{"id", u.id},
            {"email", u.email},
            {"name", u.name},
            {"locale", LocaleCode(u.locale)},
            {"kind", domain::UserKindName(u.kind)},
            {"flags", std::move(flags)},
            {"disabled", u.disabled},
            {"created_at", FormatRfc3339(u.created_at)}};
}

// Validates a new user's fields; the password is hashed here, before any transaction.
Result<service::NewUser> ReadNewUser(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewUser user;
    if (auto email = in.String("email", true, domain::kMaxEmailLength)) {
        if (!domain::IsValidEmail(*email)) in.AddError("email", "invalid_email");
        user.email = domain::NormalizeEmail(*email);
    }
    if (auto name = in.Name("name", true, domain::kMaxNameLength)) user.name = *name;
    auto password = in.String("password", true, 1000);
    if (password) {
        if (auto bad = service::CheckPasswordPolicy(*password, "password")) {
            in.AddError("password", bad->code, bad->message, bad->args);
        }
    }
    if (auto locale = in.String("locale", false, 10)) {
        if (!ParseLocale(*locale, user.locale) || locale->size() != 2) in.AddError("locale", "invalid_locale");
    }
    if (auto kind = in.Enum("kind", false, {"external", "internal"})) user.kind = *domain::ParseUserKind(*kind);
    if (auto flags = in.StringArray("flags", false, 50)) {
        for (size_t i = 0; i < flags->size(); ++i) {
            auto flag = domain::ParseFlag((*flags)[i]);
            if (!flag) {
                std::string list;
                for (const auto& n : domain::FlagNames()) list += (list.empty() ? "" : ", ") + n;
                in.AddError("flags[" + std::to_string(i) + "]", "invalid_choice", {}, {{"choices", list}});
            } else {
                user.flags.push_back(*flag);
            }
        }
    }
    if (!domain::MayHoldFlags(user.kind, user.flags)) in.AddError("flags", "invalid", "field.invalid");
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    ENT_ASSIGN_OR_RETURN(user.password_hash, service::HashPassword(*password));
    return user;
}

struct ProfileChange {
    std::optional<std::string> name;
    std::optional<Locale> locale;
    std::optional<std::string> password;
    std::optional<std::string> current_password;
};

Result<ProfileChange> ReadProfileChange(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    ProfileChange change;
    change.name = in.Name("name", false, domain::kMaxNameLength);
    if (auto locale = in.String("locale", false, 10)) {
        Locale l{};
        if (locale->size() != 2 || !ParseLocale(*locale, l))
            in.AddError("locale", "invalid_locale");
        else
            change.locale = l;
    }
    change.password = in.String("password", false, 1000);
    change.current_password = in.String("current_password", false, 1000);
    if (change.password) {
        if (auto bad = service::CheckPasswordPolicy(*change.password, "password")) {
            in.AddError("password", bad->code, bad->message, bad->args);
        }
        if (!change.current_password) in.AddError("current_password", "required");
    }
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return change;
}

http::Response UpdateMe(App& app, http::Request& req) {
    // First authenticate (so errors speak the user's language), validate, and
    // read the current hash; argon2id then runs outside any transaction.
    ProfileChange change;
    std::optional<std::string> current_hash;
    http::Response checked =
        Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [&](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(change, ReadProfileChange(ctx.req));
            if (change.password) {
                ENT_ASSIGN_OR_RETURN(auto candidate, service::FindLoginCandidate(ctx.tx, ctx.user().email));
                current_hash = candidate.password_hash;
            }
            return http::NoContent();
        });
    if (checked.status != 204) return checked;
    std::optional<std::string> new_hash;
    if (change.password) {
        if (!current_hash || !service::VerifyPassword(*current_hash, *change.current_password)) {
            return Problem(req, FieldInvalid("current_password", "wrong_current_password", "wrong_current_password"));
        }
        ENT_ASSIGN_OR_RETURN_RESPONSE(new_hash, service::HashPassword(*change.password), req);
    }
    return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&](Ctx& ctx) -> Result<http::Response> {
        service::ProfileUpdate update{change.name, change.locale, new_hash};
        ENT_ASSIGN_OR_RETURN(auto user,
                             service::UpdateProfile(ctx.tx, ctx.actor, update, ctx.session_id.value_or(0), ctx.now));
        ctx.req.locale = user.locale;
        ENT_ASSIGN_OR_RETURN(auto me, MeJson(ctx.tx, user, app.sessions));
        if (ctx.session_id) me["csrf_token"] = ctx.csrf_token;
        return Json(200, me);
    });
}

Result<service::AdminUserUpdate> ReadAdminUpdate(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::AdminUserUpdate update;
    update.name = in.Name("name", false, domain::kMaxNameLength);
    if (auto locale = in.String("locale", false, 10)) {
        Locale l{};
        if (locale->size() != 2 || !ParseLocale(*locale, l))
            in.AddError("locale", "invalid_locale");
        else
            update.locale = l;
    }
    if (auto flags = in.StringArray("flags", false, 50)) {
        std::vector<domain::Flag> parsed;
        for (size_t i = 0; i < flags->size(); ++i) {
            if (auto f = domain::ParseFlag((*flags)[i]))
                parsed.push_back(*f);
            else
                in.AddError("flags[" + std::to_string(i) + "]", "invalid_choice", {},
                            {{"choices", "platform_admin, licensing_support, compliance, order_integration"}});
        }
        update.flags = std::move(parsed);
    }
    update.disabled = in.Bool("disabled", false);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return update;
}

}  // namespace

Result<object> MeJson(storage::Transaction& tx, const domain::User& user, const service::SessionPolicy& policy) {
    object me = UserJson(user);
    me["totp_enabled"] = user.totp_enabled;
    me["totp_required"] = service::TotpRequiredFor(user, policy);
    me["totp_enrollment_required"] = service::TotpEnrollmentRequired(user, policy);
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto memberships, accounts.MembershipsOf(user.id));
    array list;
    for (const auto& m : memberships) {
        ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(m.smart_account_id));
        object item{{"smart_account_id", m.smart_account_id},
                    {"smart_account_name", account ? account->name : ""},
                    {"role", domain::RoleName(m.role)}};
        if (m.virtual_account_id) item["virtual_account_id"] = *m.virtual_account_id;
        list.push_back(std::move(item));
    }
    me["memberships"] = std::move(list);
    return me;
}

void RegisterUserRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::post, "/api/v1/users", [&app](http::Request& req) {
        // Authenticate before the expensive hash, so strangers cannot make us burn CPU.
        auto allowed =
            Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
                ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kManageUsers));
                return http::NoContent();
            });
        if (allowed.status != 204) return allowed;
        auto input = ReadNewUser(req);
        if (!input.ok()) return Problem(req, input.error());
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto user, service::CreateUser(ctx.tx, ctx.actor, *input, app.base_url, ctx.now));
            return Json(201, UserJson(user));
        });
    });

    router.Add(http::Verb::get, "/api/v1/users", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto users, service::ListUsers(ctx.tx, ctx.actor, ctx.req.Query("q").value_or(""),
                                                                page.after.value_or(0), page.limit + 1));
            array items;
            const size_t shown = std::min(users.size(), static_cast<size_t>(page.limit));
            for (size_t i = 0; i < shown; ++i) items.push_back(UserJson(users[i]));
            boost::json::value next = nullptr;
            if (users.size() > shown) next = boost::json::value(EncodeCursor(users[shown - 1].id));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
        });
    });

    router.Add(http::Verb::patch, "/api/v1/users/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kManageUsers));
            ENT_ASSIGN_OR_RETURN(auto update, ReadAdminUpdate(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto user, service::AdminUpdateUser(ctx.tx, ctx.actor, id, update, ctx.now));
            return Json(200, UserJson(user));
        });
    });

    router.Add(http::Verb::get, "/api/v1/me", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kEnrollment, [&app](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto me, MeJson(ctx.tx, ctx.user(), app.sessions));
            // A reloaded page recovers its CSRF token here; only the cookie's owner can read it.
            if (ctx.session_id) me["csrf_token"] = ctx.csrf_token;
            return Json(200, me);
        });
    });

    router.Add(http::Verb::patch, "/api/v1/me", [&app](http::Request& req) { return UpdateMe(app, req); });

    router.Add(http::Verb::post, "/api/v1/me/tokens", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto name = in.Name("name", true, 100);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto issued, service::IssueToken(ctx.tx, ctx.actor, ctx.user().id, *name, ctx.now));
            return Json(201, {{"id", issued.id}, {"name", *name}, {"token", issued.token}});
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/me/tokens/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::RevokeToken(ctx.tx, ctx.actor, id, ctx.now));
            return http::NoContent();
        });
    });
}

}  // namespace entitled::api
