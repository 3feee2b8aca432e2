// Signing in and out. Sign-in is the one handler that spends its time outside
// transactions: the argon2id check runs between a read and a write.
#include "api/auth_api.hpp"

#include "api/execute.hpp"
#include "api/users_api.hpp"
#include "service/session_service.hpp"
#include "service/totp_service.hpp"

namespace entitled::api {
namespace {

struct Credentials {
    std::string email;
    std::string password;
    std::optional<std::string> totp_code;
};

Result<Credentials> ReadCredentials(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    auto email = in.String("email", true, domain::kMaxEmailLength, 1);
    auto password = in.String("password", true, 1000, 1);
    auto totp_code = in.String("totp_code", false, 16);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return Credentials{domain::NormalizeEmail(*email), *password, std::move(totp_code)};
}

http::Response TooManyAttempts(const http::Request& req, std::int64_t retry_after) {
    Error e = MakeError(Problem::kRateLimited);
    e.With("retry_after", std::to_string(retry_after));
    http::Response res = Problem(req, e);
    res.SetHeader("Retry-After", std::to_string(retry_after));
    return res;
}

// RateLimit-* headers (IETF httpapi draft) tell clients how many failed
// sign-ins are left before 429, and when the window frees up.
http::Response WithBudget(http::Response res, const service::LoginBudget& budget) {
    res.SetHeader("RateLimit-Limit", std::to_string(budget.limit));
    res.SetHeader("RateLimit-Remaining", std::to_string(budget.remaining));
    res.SetHeader("RateLimit-Reset", std::to_string(budget.reset));
    return res;
}

// Counts a failed attempt against the limits and answers it with the budget left.
http::Response RefuseAttempt(App& app, const http::Request& req, const Credentials& creds, service::LoginBudget budget,
                             const Error& error) {
    auto recorded = app.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
        return service::RecordLoginFailure(tx, creds.email, req.remote_address, app.clock.Now());
    });
    if (!recorded.ok()) return Problem(req, recorded.error());
    budget.remaining = std::max<std::int64_t>(budget.remaining - 1, 0);
    if (budget.reset == 0) budget.reset = app.sessions.failure_window / kMicrosPerSecond;
    return WithBudget(Problem(req, error), budget);
}

http::Response Login(App& app, http::Request& req) {
    auto creds = ReadCredentials(req);
    if (!creds.ok()) return Problem(req, creds.error());
    const std::string address = req.remote_address;
    // Check the limits and fetch the candidate in one read.
    service::LoginBudget budget;
    service::LoginCandidate candidate;
    auto read = app.db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) -> Status {
        const Micros now = app.clock.Now();
        ENT_ASSIGN_OR_RETURN(budget, service::LoginRetryAfter(tx, creds->email, address, app.sessions, now));
        if (budget.retry_after > 0) return Ok();
        ENT_ASSIGN_OR_RETURN(candidate, service::FindLoginCandidate(tx, creds->email));
        return Ok();
    });
    if (!read.ok()) return Problem(req, read.error());
    if (budget.retry_after > 0) return WithBudget(TooManyAttempts(req, budget.retry_after), budget);

    if (!service::VerifyLogin(candidate, creds->password)) {
        return RefuseAttempt(app, req, *creds, budget, MakeError(Problem::kInvalidCredentials));
    }
    const domain::User& user = *candidate.user;
    auto started =
        app.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<service::StartedSession> {
            ENT_TRY(service::CheckSignInCode(tx, *app.secrets, user, creds->totp_code, app.clock.Now()));
            ENT_TRY(service::ClearLoginFailures(tx, creds->email));
            return service::StartSession(tx, user, app.sessions, app.clock.Now(), req.request_id);
        });
    if (!started.ok()) {
        // A missing code is the expected second step, not a failed guess; a wrong one is.
        if (started.error().problem == Problem::kInvalidTotpCode)
            return RefuseAttempt(app, req, *creds, budget, started.error());
        return Problem(req, started.error());
    }
    auto me =
        app.db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) { return MeJson(tx, user, app.sessions); });
    if (!me.ok()) return Problem(req, me.error());
    req.locale = user.locale;
    http::Response res = Json(200, {{"user", *me}, {"csrf_token", started->csrf_token}});
    res.SetHeader("Set-Cookie", SessionCookie(app, started->token, app.sessions.absolute_timeout));
    return res;
}

}  // namespace

void RegisterAuthRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::post, "/api/v1/auth/login", [&app](http::Request& req) { return Login(app, req); });

    router.Add(http::Verb::post, "/api/v1/auth/logout", [&app](http::Request& req) {
        http::Response res =
            Execute(app, req, storage::TxMode::kWrite, Auth::kEnrollment, [](Ctx& ctx) -> Result<http::Response> {
                if (ctx.session_id) ENT_TRY(service::EndSession(ctx.tx, ctx.actor, *ctx.session_id, ctx.now));
                return http::NoContent();
            });
        if (res.status == 204) res.SetHeader("Set-Cookie", SessionCookie(app, "", 0));
        return res;
    });
}

}  // namespace entitled::api
