#pragma once
// What happens to every request around its handler: a request id (taken from
// X-Request-Id when sane, else made), the language from Accept-Language,
// routing (404/405 as problem+json), the web UI's static files for other
// paths, security headers, metrics, and one JSON access-log line.
//
// Thread safety: Handle and Reject may run concurrently on many threads.

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "common/result.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace entitled::http {

class Pipeline {
  public:
    Pipeline(const Router& router, Metrics& metrics, const StaticFiles& static_files);

    // Served to browsers over https (natively or behind a TLS proxy): sends
    // Strict-Transport-Security so they never fall back to plain http.
    void EnableHsts() { hsts_ = true; }
    // Limits requests per API token (Authorization: Bearer): past the limit,
    // 429 with Retry-After; every token-authenticated answer carries
    // RateLimit-Limit/-Remaining/-Reset. The limiter must outlive the pipeline.
    void LimitTokens(RateLimiter& limiter) { token_limiter_ = &limiter; }

    // GET/HEAD of `path` is answered without blocking (no database): the
    // server may run it on its I/O thread (see InlineFilter).
    void AnswerInline(std::string path) { inline_paths_.insert(std::move(path)); }
    bool Inline(const Request& req) const {
        return (req.method == Verb::get || req.method == Verb::head) && inline_paths_.count(req.path) > 0;
    }

    Response Handle(Request& req);
    Response Reject(const Error& error, Request& req);

  private:
    void Prepare(Request& req) const;
    Response Route(Request& req);
    void Finish(const Request& req, Response& res, std::chrono::steady_clock::time_point start);
    std::optional<RateLimiter::Decision> TakeTokenBudget(const Request& req);

    const Router& router_;
    Metrics& metrics_;
    const StaticFiles& static_files_;
    bool hsts_ = false;
    RateLimiter* token_limiter_ = nullptr;
    std::set<std::string, std::less<>> inline_paths_;
};

}  // namespace entitled::http
