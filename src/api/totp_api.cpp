// Setting up and turning off the TOTP second factor. Both need the current
// password, checked like a password change: read the hash in one transaction,
// run argon2id outside it, then act in another.
#include "api/totp_api.hpp"

#include "api/execute.hpp"
#include "api/users_api.hpp"
#include "domain/totp.hpp"
#include "service/passwords.hpp"
#include "service/session_service.hpp"
#include "service/totp_service.hpp"

namespace entitled::api {
namespace {

struct TotpInput {
    std::optional<std::string> current_password;
    std::optional<std::string> code;
};

Result<TotpInput> ReadTotpInput(const http::Request& req, bool wants_password, bool wants_code) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    TotpInput input;
    if (wants_password) input.current_password = in.String("current_password", true, 1000, 1);
    if (wants_code) input.code = in.String("code", true, 16, 1);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return input;
}

// Validates the body as the signed-in caller, then checks the current password
// outside any transaction; nullopt with `refused` set when either fails.
std::optional<TotpInput> ReadAndCheckPassword(App& app, http::Request& req, bool wants_code, http::Response& refused) {
    TotpInput input;
    std::optional<std::string> hash;
    refused = Execute(app, req, storage::TxMode::kRead, Auth::kEnrollment, [&](Ctx& ctx) -> Result<http::Response> {
        ENT_ASSIGN_OR_RETURN(input, ReadTotpInput(ctx.req, true, wants_code));
        ENT_ASSIGN_OR_RETURN(auto candidate, service::FindLoginCandidate(ctx.tx, ctx.user().email));
        hash = candidate.password_hash;
        return http::NoContent();
    });
    if (refused.status != 204) return std::nullopt;
    if (!hash || !service::VerifyPassword(*hash, *input.current_password)) {
        refused = Problem(req, FieldInvalid("current_password", "wrong_current_password", "wrong_current_password"));
        return std::nullopt;
    }
    return input;
}

http::Response StartSetup(App& app, http::Request& req) {
    http::Response refused;
    if (!ReadAndCheckPassword(app, req, false, refused)) return refused;
    return Execute(app, req, storage::TxMode::kWrite, Auth::kEnrollment, [&app](Ctx& ctx) -> Result<http::Response> {
        ENT_ASSIGN_OR_RETURN(auto setup, service::StartTotpSetup(ctx.tx, ctx.actor, *app.secrets, "entitled", ctx.now));
        return Json(201, {{"secret", setup.secret},
                          {"otpauth_uri", setup.otpauth_uri},
                          {"algorithm", "SHA1"},
                          {"digits", domain::kTotpDigits},
                          {"period", domain::kTotpPeriodSeconds}});
    });
}

http::Response Confirm(App& app, http::Request& req) {
    return Execute(app, req, storage::TxMode::kWrite, Auth::kEnrollment, [&app](Ctx& ctx) -> Result<http::Response> {
        ENT_ASSIGN_OR_RETURN(auto input, ReadTotpInput(ctx.req, false, true));
        ENT_ASSIGN_OR_RETURN(auto user, service::ConfirmTotp(ctx.tx, ctx.actor, *app.secrets, *input.code, ctx.now));
        ENT_ASSIGN_OR_RETURN(auto me, MeJson(ctx.tx, user, app.sessions));
        if (ctx.session_id) me["csrf_token"] = ctx.csrf_token;
        return Json(200, me);
    });
}

http::Response Disable(App& app, http::Request& req) {
    http::Response refused;
    auto input = ReadAndCheckPassword(app, req, true, refused);
    if (!input) return refused;
    return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&](Ctx& ctx) -> Result<http::Response> {
        ENT_ASSIGN_OR_RETURN(
            auto user, service::DisableTotp(ctx.tx, ctx.actor, *app.secrets, *input->code, app.sessions, ctx.now));
        ENT_ASSIGN_OR_RETURN(auto me, MeJson(ctx.tx, user, app.sessions));
        if (ctx.session_id) me["csrf_token"] = ctx.csrf_token;
        return Json(200, me);
    });
}

}  // namespace

void RegisterTotpRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::post, "/api/v1/me/totp", [&app](http::Request& req) { return StartSetup(app, req); });
    router.Add(http::Verb::post, "/api/v1/me/totp/confirm", [&app](http::Request& req) { return Confirm(app, req); });
    router.Add(http::Verb::post, "/api/v1/me/totp/disable", [&app](http::Request& req) { return Disable(app, req); });
    router.Add(http::Verb::post, "/api/v1/users/{id}/totp-reset", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::ResetTotp(ctx.tx, ctx.actor, id, ctx.now));
            return http::NoContent();
        });
    });
}

}  // namespace entitled::api
