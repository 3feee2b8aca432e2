#include "http/pipeline.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/verb.hpp>
#include <exception>

#include "common/log.hpp"
#include "common/random.hpp"
#include "http/problem.hpp"

namespace entitled::http {
namespace {

bool SaneRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    }
    return true;
}

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
    "img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";

void SetBudgetHeaders(Response& res, const RateLimiter::Decision& d) {
    res.SetHeader("RateLimit-Limit", std::to_string(d.limit));
    res.SetHeader("RateLimit-Remaining", std::to_string(d.remaining));
    res.SetHeader("RateLimit-Reset", std::to_string(d.reset));
}

}  // namespace

Pipeline::Pipeline(const Router& router, Metrics& metrics, const StaticFiles& static_files)
    : router_(router), metrics_(metrics), static_files_(static_files) {}

void Pipeline::Prepare(Request& req) const {
    const std::string_view given = req.Header("X-Request-Id");
    req.request_id = SaneRequestId(given) ? std::string(given) : RandomHex(8);
    req.locale = NegotiateLocale(req.Header("Accept-Language"));
}

Response Pipeline::Route(Request& req) {
    auto match = router_.Find(req.method, req.path);
    if (match.handler != nullptr) {
        req.path_params = std::move(match.params);
        return (*match.handler)(req);
    }
    if (!match.allowed.empty()) {
        std::string allowed;
        for (Verb v : match.allowed) {
            if (!allowed.empty()) allowed += ", ";
            allowed += std::string(boost::beast::http::to_string(v));
        }
        Error e = MakeError(Problem::kMethodNotAllowed);
        e.With("method", std::string(boost::beast::http::to_string(req.method))).With("allowed", allowed);
        Response res = ProblemResponse(e, req.locale, req.request_id);
        res.SetHeader("Allow", allowed);
        return res;
    }
    const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
    if (!api && (req.method == Verb::get || req.method == Verb::head)) {
        if (auto file = static_files_.Serve(req.path)) return std::move(*file);
    }
    return ProblemResponse(MakeError(Problem::kNotFound), req.locale, req.request_id);
}

std::optional<RateLimiter::Decision> Pipeline::TakeTokenBudget(const Request& req) {
    if (token_limiter_ == nullptr) return std::nullopt;
    const std::string_view auth = req.Header("Authorization");
    if (auth.size() <= 7 || !boost::beast::iequals(auth.substr(0, 7), "Bearer ")) return std::nullopt;
    // Keyed by the token's hash: the limiter never holds a usable secret.
    return token_limiter_->Take(HashSecret(auth.substr(7)), std::chrono::steady_clock::now());
}

Response Pipeline::Handle(Request& req) {
    const auto start = std::chrono::steady_clock::now();
    metrics_.in_flight.fetch_add(1);
    Prepare(req);
    Response res;
    const auto budget = TakeTokenBudget(req);
    try {
        if (budget && !budget->allowed) {
            Error e = MakeError(Problem::kRateLimited);
            e.With("retry_after", std::to_string(budget->retry_after));
            res = ProblemResponse(e, req.locale, req.request_id);
            res.SetHeader("Retry-After", std::to_string(budget->retry_after));
        } else {
            res = Route(req);
        }
    } catch (const std::exception& ex) {
        // Last resort: a bug. The client gets a 500 with the request id; the log gets the cause.
        Log(LogLevel::kError, "handler_exception", {{"request_id", req.request_id}, {"what", ex.what()}});
        res = ProblemResponse(MakeError(Problem::kInternal), req.locale, req.request_id);
    }
    metrics_.in_flight.fetch_sub(1);
    if (budget) SetBudgetHeaders(res, *budget);
    Finish(req, res, start);
    return res;
}

Response Pipeline::Reject(const Error& error, Request& req) {
    const auto start = std::chrono::steady_clock::now();
    Prepare(req);
    if (error.code == ErrorCode::kUnavailable) metrics_.shed.fetch_add(1);
    Response res = ProblemResponse(error, req.locale, req.request_id);
    if (error.code == ErrorCode::kUnavailable) res.SetHeader("Retry-After", "1");
    Finish(req, res, start);
    return res;
}

void Pipeline::Finish(const Request& req, Response& res, std::chrono::steady_clock::time_point start) {
    res.SetHeader("X-Request-Id", req.request_id);
    res.SetHeader("X-Content-Type-Options", "nosniff");
    res.SetHeader("X-Frame-Options", "DENY");
    res.SetHeader("Referrer-Policy", "no-referrer");
    res.SetHeader("Content-Security-Policy", kContentSecurityPolicy);
    if (hsts_) res.SetHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    bool has_cache_control = false;
    for (const auto& [name, value] : res.headers) has_cache_control |= boost::beast::iequals(name, "Cache-Control");
    if (!has_cache_control) res.SetHeader("Cache-Control", "no-store");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string method(boost::beast::http::to_string(req.method));
    metrics_.ObserveRequest(method, res.status, seconds);
    Log(LogLevel::kInfo, "request",
        {{"request_id", req.request_id},
         {"method", method},
         {"path", req.path.empty() ? req.target : req.path},
         {"status", res.status},
         {"bytes", res.body.size()},
         {"ms", seconds * 1000.0},
         {"remote", req.remote_address}});
}

}  // namespace entitled::http
