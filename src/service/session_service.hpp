#pragma once
// Sign-in sessions and the brute-force limits on signing in.
//
// A session is a random cookie value (stored only as its SHA-256) plus a CSRF
// token the client echoes in X-CSRF-Token on unsafe requests. It ends after
// `idle_timeout` without use, after `absolute_timeout` whatever the use, on
// sign-out, and when the user's password changes.
//
// Sign-in failures are counted per email and per client address in the
// database (so every instance sees them); past the limit the caller gets 429
// with the seconds until the oldest failure leaves the window.

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "domain/user.hpp"
#include "service/actor.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct SessionPolicy {
    Micros idle_timeout = kMicrosPerSecond * 60 * 30;
    Micros absolute_timeout = kMicrosPerSecond * 3600 * 12;
    // A session's last use is written at most this often (it costs a write).
    Micros touch_interval = 60 * kMicrosPerSecond;
    bool secure_cookie = false;
    // Internal users with any platform flag must sign in with a second factor
    // (serve --staff-totp required|optional).
    bool staff_totp_required = true;
    int max_failures_per_email = 5;
    int max_failures_per_address = 50;
    Micros failure_window = kMicrosPerSecond * 60 * 15;
};

constexpr const char* kSessionCookie = "entitled_session";
constexpr const char* kSecureSessionCookie = "__Host-entitled_session";  // under https

struct StartedSession {
    std::int64_t id = 0;
    std::string token;  // the cookie value
    std::string csrf_token;
    Micros expires_at = 0;
};

struct SessionAuth {
    domain::User user;
    std::int64_t session_id = 0;
    std::string csrf_token;
    bool needs_touch = false;
};

Result<StartedSession> StartSession(storage::Transaction& tx, const domain::User& user, const SessionPolicy& policy,
                                    Micros now, const std::string& request_id);
// kUnauthenticated "unauthenticated" when unknown or ended, "session_expired" when timed out.
Result<SessionAuth> AuthenticateSession(storage::Transaction& tx, const std::string& token, const SessionPolicy& policy,
                                        Micros now);
Status TouchSession(storage::Transaction& tx, std::int64_t session_id, Micros now);
Status EndSession(storage::Transaction& tx, const Actor& actor, std::int64_t session_id, Micros now);

// Where a sign-in stands against the failure limits (for the RateLimit-* headers).
struct LoginBudget {
    std::int64_t retry_after = 0;  // seconds to wait before another attempt; 0 when allowed
    std::int64_t limit = 0;        // of the tighter limit (email or address)
    std::int64_t remaining = 0;    // failures still allowed before it refuses
    std::int64_t reset = 0;        // seconds until the oldest failure leaves the window
};
Result<LoginBudget> LoginRetryAfter(storage::Transaction& tx, const std::string& email, const std::string& address,
                                    const SessionPolicy& policy, Micros now);
Status RecordLoginFailure(storage::Transaction& tx, const std::string& email, const std::string& address, Micros now);
Status ClearLoginFailures(storage::Transaction& tx, const std::string& email);

// The user and password hash for a sign-in, read in a transaction; the hash is
// checked afterwards, outside it (see VerifyLogin).
struct LoginCandidate {
    std::optional<domain::User> user;
    std::optional<std::string> password_hash;
};
Result<LoginCandidate> FindLoginCandidate(storage::Transaction& tx, const std::string& email);
// True when the password matches an enabled user. Always spends one argon2id
// verification, even for unknown emails, so timing does not tell them apart.
bool VerifyLogin(const LoginCandidate& candidate, const std::string& password);

}  // namespace entitled::service
