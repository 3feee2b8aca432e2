#pragma once
// The frame every API handler runs in: authenticate the caller, run the
// handler's work in one transaction (commit on success, roll back on any
// error, retry on serialization failure), honour Idempotency-Key on POST by
// storing the response in that same transaction, and render errors as
// problem+json in the caller's language.

#include <functional>
#include <optional>

#include <boost/json.hpp>

#include "api/app.hpp"
#include "domain/user.hpp"
#include "http/json.hpp"
#include "http/message.hpp"
#include "service/actor.hpp"

namespace entitled::api {

// kNone: public (a session, if any, identifies the caller). kRequired: signed
// in. kEnrollment: signed in, and allowed while the session may do nothing but
// set up the second factor its user is required to have.
enum class Auth { kNone, kRequired, kEnrollment };

struct Ctx {
    http::Request& req;
    storage::Transaction& tx;
    Micros now;
    service::Actor actor;
    // Set when the caller is signed in with the session cookie (not a token).
    std::optional<std::int64_t> session_id;
    std::string csrf_token;

    const domain::User& user() const { return *actor.user; }
};

using TxFn = std::function<Result<http::Response>(Ctx&)>;

http::Response Execute(App& app, http::Request& req, storage::TxMode mode, Auth auth, const TxFn& fn);
// Renders an error that happened before Execute (e.g. input validation).
http::Response Problem(const http::Request& req, const Error& error);
http::Response Json(unsigned status, const boost::json::value& body);
// RFC 3339 text, or JSON null.
boost::json::value OptTime(const std::optional<Micros>& t);
boost::json::value OptText(const std::optional<std::string>& s);
// A resource's `allowed_actions` (domain/authorization.hpp decides them).
boost::json::array ActionsJson(const std::vector<std::string_view>& actions);
// The Set-Cookie value for a session cookie (HttpOnly, SameSite=Lax, Secure under https).
// The session cookie's name: "__Host-entitled_session" under https, else "entitled_session".
std::string_view SessionCookieName(const App& app);
std::string SessionCookie(const App& app, const std::string& value, Micros max_age);
// A positive integer path parameter; anything else is 404 (no such resource).
Result<std::int64_t> IdParam(const http::Request& req, const std::string& name);
// Reads an optional "legal_entity": {name, country} member; errors are named legal_entity.*.
void ReadLegalEntity(http::JsonReader& in, std::optional<std::string>& name, std::optional<std::string>& country);
// The value of cookie `name` in the request, if any.
std::optional<std::string> Cookie(const http::Request& req, std::string_view name);

}  // namespace entitled::api

// Inside a handler returning http::Response: assigns a Result's value or returns its problem.
#define ENT_ASSIGN_OR_RETURN_RESPONSE(lhs, expr, req)                               \
    do {                                                                            \
        auto ent_rr_ = (expr);                                                      \
        if (!ent_rr_.ok()) return ::entitled::api::Problem((req), ent_rr_.error()); \
        (lhs) = std::move(ent_rr_).value();                                         \
    } while (0)
