#include "api/execute.hpp"

#include <sodium.h>

#include <charconv>

#include "domain/accounts.hpp"

#include "common/log.hpp"
#include "common/random.hpp"
#include "http/problem.hpp"
#include "service/accounts_service.hpp"
#include "service/identity_service.hpp"
#include "service/session_service.hpp"
#include "service/totp_service.hpp"
#include "storage/idempotency_repository.hpp"

namespace entitled::api {
namespace {

constexpr size_t kMaxIdempotencyKey = 255;

std::optional<std::string> BearerToken(const http::Request& req) {
    const std::string_view h = req.Header("Authorization");
    if (h.size() > 7 && (h.substr(0, 7) == "Bearer " || h.substr(0, 7) == "bearer ")) return std::string(h.substr(7));
    return std::nullopt;
}

bool IsUnsafe(http::Verb v) {
    return v == http::Verb::post || v == http::Verb::put || v == http::Verb::patch || v == http::Verb::delete_;
}

bool SameSecret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status AuthenticateBySession(Ctx& ctx, const App& app, const std::string& cookie, bool& touch) {
    ENT_ASSIGN_OR_RETURN(auto session, service::AuthenticateSession(ctx.tx, cookie, app.sessions, ctx.now));
    // A cookie rides along on cross-site requests; the CSRF token does not.
    if (IsUnsafe(ctx.req.method) && !SameSecret(ctx.req.Header("X-CSRF-Token"), session.csrf_token)) {
        return MakeError(Problem::kCsrfFailed);
    }
    ctx.actor = service::Actor::Of(session.user, ctx.req.request_id);
    ctx.session_id = session.session_id;
    ctx.csrf_token = session.csrf_token;
    touch = session.needs_touch;
    return Ok();
}

Status Authenticate(Ctx& ctx, const App& app, Auth auth, bool& touch) {
    if (const auto token = BearerToken(ctx.req)) {
        ENT_ASSIGN_OR_RETURN(auto user, service::AuthenticateToken(ctx.tx, *token));
        if (!user) return MakeError(Problem::kInvalidToken);
        ctx.actor = service::Actor::Of(*user, ctx.req.request_id);
    } else if (const auto cookie = Cookie(ctx.req, SessionCookieName(app))) {
        Status st = AuthenticateBySession(ctx, app, *cookie, touch);
        // A stale cookie on a public endpoint is ignored, not an error.
        if (!st.ok() && (auth != Auth::kNone || st.error().code != ErrorCode::kUnauthenticated)) return st;
        if (ctx.actor.user && service::TotpEnrollmentRequired(*ctx.actor.user, app.sessions)) {
            if (auth == Auth::kRequired) {
                return MakeError(Problem::kTotpEnrollmentRequired);
            }
            if (auth == Auth::kNone) ctx.actor = service::Actor::Anonymous(ctx.req.request_id);
        }
    }
    if (ctx.actor.user) {
        ENT_TRY(service::LoadMemberships(ctx.tx, ctx.actor));
        ctx.req.locale = ctx.actor.user->locale;  // the user's preference beats Accept-Language
    } else if (auth != Auth::kNone) {
        return MakeError(Problem::kUnauthenticated);
    }
    return Ok();
}

// Whose key space an Idempotency-Key lives in. A signed-in caller's own; an
// anonymous caller's is their address and the request itself, so no one
// can replay another's answer (a device registration, a sign-in) by
// guessing the key.
std::string IdempotencyPrincipal(const Ctx& ctx, const std::string& request_hash) {
    if (ctx.actor.user) return "user:" + std::to_string(ctx.actor.user->id);
    return "anonymous:" + HashSecret(ctx.req.remote_address + "\n" + request_hash);
}

// Members of a response that carry a secret shown once (an API token, a
// registration token, a device secret, a TOTP setup): never kept for a
// replay, which gets null in their place and names them in `secrets_withheld`.
constexpr std::string_view kSecretMembers[] = {"token", "device_secret", "secret", "otpauth_uri"};

std::string WithholdSecrets(const http::Response& res) {
    if (res.content_type.rfind("application/json", 0) != 0) return res.body;
    boost::system::error_code ec;
    auto doc = boost::json::parse(res.body, ec);
    if (ec || !doc.is_object()) return res.body;
    auto& obj = doc.as_object();
    boost::json::array withheld;
    for (auto name : kSecretMembers) {
        auto* member = obj.if_contains(name);
        if (member == nullptr || member->is_null()) continue;
        *member = nullptr;
        withheld.emplace_back(name);
    }
    if (withheld.empty()) return res.body;
    obj["secrets_withheld"] = std::move(withheld);
    return boost::json::serialize(doc);
}

// A stored response for this key, a conflict when the key was used for another request, or nullopt.
Result<std::optional<http::Response>> Replay(Ctx& ctx, Micros ttl, const std::string& key,
                                             const std::string& request_hash) {
    ENT_ASSIGN_OR_RETURN(auto stored, storage::IdempotencyRepository(ctx.tx).Find(
                                          IdempotencyPrincipal(ctx, request_hash), key, ctx.now - ttl));
    if (!stored) return std::optional<http::Response>();
    if (stored->request_hash != request_hash) {
        return MakeError(Problem::kIdempotencyKeyReused);
    }
    http::Response res = http::TextResponse(stored->status, stored->content_type, stored->body);
    res.SetHeader("Idempotent-Replayed", "true");
    return std::optional<http::Response>(std::move(res));
}

Status Remember(Ctx& ctx, Micros ttl, const std::string& key, const std::string& request_hash,
                const http::Response& res) {
    auto stored = storage::IdempotencyRepository(ctx.tx).Insert(
        IdempotencyPrincipal(ctx, request_hash), key,
        {request_hash, res.status, res.content_type, WithholdSecrets(res)}, ctx.now, ctx.now - ttl);
    if (!stored.ok() && stored.error().problem == Problem::kUniqueViolation) {
        // A concurrent request with the same key won: run again to replay its response.
        return MakeError(Problem::kIdempotencyRace);
    }
    ENT_TRY(stored);
    return Ok();
}

}  // namespace

Result<std::int64_t> IdParam(const http::Request& req, const std::string& name) {
    const std::string& raw = req.Param(name);
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
    if (ec != std::errc() || p != raw.data() + raw.size() || id <= 0) {
        return MakeError(Problem::kNotFound);
    }
    return id;
}

void ReadLegalEntity(http::JsonReader& in, std::optional<std::string>& name, std::optional<std::string>& country) {
    const auto* le = in.Object("legal_entity", false);
    if (le == nullptr) return;
    std::vector<FieldError> sink;
    http::JsonReader entity(*le, "legal_entity.", &sink);
    name = entity.Name("name", true, 200);
    if (auto c = entity.String("country", true, 10)) {
        country = domain::NormalizeCountry(*c);
        if (!country) entity.AddError("country", "invalid_country");
    }
    entity.RejectUnknown();
    for (auto& f : sink) in.AddError(f.field, f.code, f.message, f.args);
}

boost::json::value OptTime(const std::optional<Micros>& t) {
    return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
}

boost::json::array ActionsJson(const std::vector<std::string_view>& actions) {
    boost::json::array out;
    for (const auto a : actions) out.emplace_back(a);
    return out;
}

boost::json::value OptText(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

std::string_view SessionCookieName(const App& app) {
    // Under https the __Host- prefix makes browsers refuse the cookie unless it
    // is Secure, for this host only and for every path: no subdomain or plain
    // http page can plant or shadow it.
    return app.sessions.secure_cookie ? service::kSecureSessionCookie : service::kSessionCookie;
}

std::string SessionCookie(const App& app, const std::string& value, Micros max_age) {
    std::string cookie = std::string(SessionCookieName(app)) + "=" + value +
                         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age / kMicrosPerSecond);
    if (app.sessions.secure_cookie) cookie += "; Secure";
    return cookie;
}

std::optional<std::string> Cookie(const http::Request& req, std::string_view name) {
    std::string_view header = req.Header("Cookie");
    while (!header.empty()) {
        const size_t semi = header.find(';');
        std::string_view pair = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return std::nullopt;
}

http::Response Json(unsigned status, const boost::json::value& body) {
    return http::JsonResponse(status, boost::json::serialize(body));
}

http::Response Problem(const http::Request& req, const Error& error) {
    if (error.code == ErrorCode::kInternal || (error.code == ErrorCode::kUnavailable && !error.internal.empty())) {
        Log(LogLevel::kError, "request_failed",
            {{"request_id", req.request_id},
             {"problem", std::string(ProblemName(error.problem))},
             {"internal", error.internal}});
    }
    return http::ProblemResponse(error, req.locale, req.request_id);
}

http::Response Execute(App& app, http::Request& req, storage::TxMode mode, Auth auth, const TxFn& fn) {
    std::optional<std::string> idem_key;
    std::string request_hash;
    if (req.method == http::Verb::post && storage::IsWrite(mode)) {
        const std::string_view key = req.Header("Idempotency-Key");
        if (!key.empty()) {
            if (key.size() > kMaxIdempotencyKey) {
                return Problem(req, FieldInvalid("Idempotency-Key", "too_long", "field.too_long")
                                        .With("max", std::to_string(kMaxIdempotencyKey)));
            }
            idem_key = std::string(key);
            request_hash = HashSecret(req.target + "\n" + req.body);
        }
    }
    std::optional<std::int64_t> touch_session;
    auto result = app.db.Run(mode, [&](storage::Transaction& tx) -> Result<http::Response> {
        Ctx ctx{req, tx, app.clock.Now(), service::Actor::Anonymous(req.request_id)};
        bool touch = false;
        ENT_TRY(Authenticate(ctx, app, auth, touch));
        touch_session = touch ? ctx.session_id : std::nullopt;
        if (idem_key) {
            ENT_ASSIGN_OR_RETURN(auto replayed, Replay(ctx, app.idempotency_ttl, *idem_key, request_hash));
            if (replayed) return std::move(*replayed);
        }
        ENT_ASSIGN_OR_RETURN(http::Response res, fn(ctx));
        if (idem_key) ENT_TRY(Remember(ctx, app.idempotency_ttl, *idem_key, request_hash, res));
        return res;
    });
    if (!result.ok()) return Problem(req, result.error());
    if (touch_session) {
        // Sliding idle expiry; a failure here only shortens the session, so it is not the request's failure.
        (void)app.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
            return service::TouchSession(tx, *touch_session, app.clock.Now());
        });
    }
    return std::move(result).value();
}

}  // namespace entitled::api
