// Requesting a Smart Account for a customer (seed 003), and member invitations.
#include <charconv>
#include <set>

#include "api/accounts_api.hpp"
#include "api/execute.hpp"
#include "api/users_api.hpp"
#include "service/account_requests_service.hpp"
#include "service/passwords.hpp"
#include "service/session_service.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

object RequestJson(const service::RequestLookup& r) {
    return {{"id", r.request.id},
            {"status", domain::RequestStatusName(r.request.status)},
            {"account_name", r.account.name},
            {"domain", r.account.domain},
            {"customer_email", r.request.customer_email},
            {"note_to_customer", r.request.note_to_customer},
            {"customer_locale", r.request.customer_locale ? value(LocaleCode(*r.request.customer_locale)) : value()},
            {"requester", object{{"name", r.requester.name}, {"email", r.requester.email}}},
            {"customer_has_account", r.customer_has_account},
            {"created_at", FormatRfc3339(r.request.created_at)},
            {"expires_at", FormatRfc3339(r.request.expires_at)},
            {"smart_account", object{{"id", r.account.id},
                                     {"name", r.account.name},
                                     {"status", domain::AccountStatusName(r.account.status)}}}};
}

Result<service::NewAccountRequest> ReadRequest(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewAccountRequest r;
    if (auto name = in.Name("account_name", true, domain::kMaxAccountNameLength)) r.account_name = *name;
    if (auto d = in.String("domain", true, 253, 1)) {
        auto normalized = domain::NormalizeDomain(*d);
        if (!normalized)
            in.AddError("domain", "invalid_domain");
        else
            r.domain = *normalized;
    }
    if (auto email = in.String("customer_email", true, domain::kMaxEmailLength, 1)) {
        if (!domain::IsValidEmail(*email)) in.AddError("customer_email", "invalid_email");
        r.customer_email = domain::NormalizeEmail(*email);
    }
    r.note_to_customer = in.String("note_to_customer", false, domain::kMaxNoteLength).value_or("");
    if (const auto* emails = in.Array("user_emails", false, domain::kMaxUsersPerRequest)) {
        std::set<std::string> seen;
        for (size_t i = 0; i < emails->size(); ++i) {
            const std::string field = "user_emails[" + std::to_string(i) + "]";
            const auto& v = (*emails)[i];
            if (!v.is_string() || !domain::IsValidEmail(std::string(v.as_string()))) {
                in.AddError(field, "invalid_email");
                continue;
            }
            std::string e = domain::NormalizeEmail(std::string(v.as_string()));
            if (!seen.insert(e).second) {
                in.AddError(field, "duplicate");
                continue;
            }
            r.user_emails.push_back(std::move(e));
        }
    }
    r.note_to_users = in.String("note_to_users", false, domain::kMaxNoteLength).value_or("");
    if (auto code = in.Enum("customer_locale", false, {"en", "fr", "de"})) {
        Locale locale{};
        if (ParseLocale(*code, locale)) r.customer_locale = locale;
    }
    ReadLegalEntity(in, r.legal_entity_name, r.legal_entity_country);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return r;
}

// Accepting creates the customer's user when the link is followed by someone
// without one: name and password come with the request, hashed up front.
http::Response Accept(App& app, http::Request& req, const service::MailContext& mail) {
    std::string token;
    std::optional<std::string> name;
    std::optional<std::string> password;
    {
        auto body = http::ParseJsonObject(req);
        if (!body.ok()) return Problem(req, body.error());
        http::JsonReader in(*body);
        token = in.String("token", true, 200, 1).value_or("");
        name = in.Name("name", false, domain::kMaxNameLength);
        password = in.String("password", false, 1000);
        if (password) {
            if (auto bad = service::CheckPasswordPolicy(*password, "password")) {
                in.AddError("password", bad->code, bad->message, bad->args);
            }
            if (!name) in.AddError("name", "required");
        }
        in.RejectUnknown();
        if (Status st = in.Finish(); !st.ok()) return Problem(req, st.error());
    }
    std::optional<service::NewCustomer> customer;
    if (password) {
        auto hash = service::HashPassword(*password);
        if (!hash.ok()) return Problem(req, hash.error());
        customer = service::NewCustomer{*name, *hash, req.locale};
    }
    std::optional<service::StartedSession> session;
    http::Response res =
        Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [&](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto accepted,
                                 service::AcceptRequest(ctx.tx, ctx.actor, token, customer, mail, ctx.now));
            object out{{"smart_account", object{{"id", accepted.account.id},
                                                {"name", accepted.account.name},
                                                {"domain", accepted.account.domain},
                                                {"status", domain::AccountStatusName(accepted.account.status)}}}};
            if (accepted.created_user) {
                // The link proved the mailbox: the new user is signed in straight away.
                ENT_ASSIGN_OR_RETURN(session, service::StartSession(ctx.tx, *accepted.created_user, app.sessions,
                                                                    ctx.now, ctx.req.request_id));
                out["csrf_token"] = session->csrf_token;
            }
            return Json(200, out);
        });
    if (res.status == 200 && session)
        res.SetHeader("Set-Cookie", SessionCookie(app, session->token, app.sessions.absolute_timeout));
    return res;
}

http::Response AcceptInvitation(App& app, http::Request& req) {
    std::string token;
    std::string name;
    std::string password;
    {
        auto body = http::ParseJsonObject(req);
        if (!body.ok()) return Problem(req, body.error());
        http::JsonReader in(*body);
        token = in.String("token", true, 200, 1).value_or("");
        name = in.Name("name", true, domain::kMaxNameLength).value_or("");
        password = in.String("password", true, 1000).value_or("");
        if (!password.empty()) {
            if (auto bad = service::CheckPasswordPolicy(password, "password")) {
                in.AddError("password", bad->code, bad->message, bad->args);
            }
        }
        in.RejectUnknown();
        if (Status st = in.Finish(); !st.ok()) return Problem(req, st.error());
    }
    auto hash = service::HashPassword(password);
    if (!hash.ok()) return Problem(req, hash.error());
    std::optional<service::StartedSession> session;
    http::Response res =
        Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [&](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto joined, service::AcceptInvitation(ctx.tx, token, name, *hash, ctx.req.locale,
                                                                        ctx.req.request_id, ctx.now));
            ENT_ASSIGN_OR_RETURN(
                session, service::StartSession(ctx.tx, joined.first, app.sessions, ctx.now, ctx.req.request_id));
            return Json(200, {{"smart_account", object{{"id", joined.second.id}, {"name", joined.second.name}}},
                              {"csrf_token", session->csrf_token}});
        });
    if (res.status == 200 && session)
        res.SetHeader("Set-Cookie", SessionCookie(app, session->token, app.sessions.absolute_timeout));
    return res;
}

}  // namespace

void RegisterAccountRequestRoutes(http::Router& router, App& app) {
    const service::MailContext mail{app.base_url};

    router.Add(http::Verb::post, "/api/v1/smart-account-requests", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto input, ReadRequest(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto created, service::RequestAccount(ctx.tx, ctx.actor, input, mail, ctx.now));
            return Json(201, {{"id", created.request.id},
                              {"status", "pending"},
                              {"customer_locale", LocaleCode(*created.request.customer_locale)},
                              {"smart_account", object{{"id", created.account.id},
                                                       {"name", created.account.name},
                                                       {"domain", created.account.domain},
                                                       {"status", "pending"},
                                                       {"expires_at", FormatRfc3339(*created.account.expires_at)}}}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-account-requests", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto rows, service::MyRequests(ctx.tx, ctx.actor, 200));
            array items;
            for (const auto& r : rows) {
                ENT_ASSIGN_OR_RETURN(auto view, service::GetRequest(ctx.tx, ctx.actor, r.id));
                items.push_back(RequestJson(view));
            }
            return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-account-requests/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto view, service::GetRequest(ctx.tx, ctx.actor, id));
            return Json(200, RequestJson(view));
        });
    });

    router.Add(http::Verb::post, "/api/v1/smart-account-requests/lookup", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto token = in.String("token", true, 200, 1);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto view, service::LookupRequest(ctx.tx, *token));
            return Json(200, RequestJson(view));
        });
    });

    router.Add(http::Verb::post, "/api/v1/smart-account-requests/accept",
               [&app, mail](http::Request& req) { return Accept(app, req, mail); });

    router.Add(http::Verb::post, "/api/v1/smart-account-requests/decline", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto token = in.String("token", true, 200, 1);
            auto reason = in.String("reason", true, domain::kMaxNoteLength, 1);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_TRY(service::DeclineRequest(ctx.tx, ctx.actor, *token, *reason, mail, ctx.now));
            return Json(200, {{"status", "declined"}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/invitations/lookup", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto token = in.String("token", true, 200, 1);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto view, service::LookupInvitation(ctx.tx, *token, ctx.now));
            return Json(200,
                        {{"email", view.invitation.email},
                         {"role", domain::RoleName(view.invitation.role)},
                         {"smart_account", object{{"id", view.account.id}, {"name", view.account.name}}},
                         {"virtual_account", view.virtual_account ? value(object{{"id", view.virtual_account->id},
                                                                                 {"name", view.virtual_account->name}})
                                                                  : value(nullptr)},
                         {"invited_by", view.invited_by},
                         {"expires_at", FormatRfc3339(view.invitation.expires_at)}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/invitations/accept",
               [&app](http::Request& req) { return AcceptInvitation(app, req); });
}

}  // namespace entitled::api
