#include "service/session_service.hpp"

#include <sodium.h>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/passwords.hpp"
#include "storage/session_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

std::string EmailBucket(const std::string& email) { return "email:" + domain::NormalizeEmail(email); }
std::string AddressBucket(const std::string& address) { return "ip:" + address; }

// A hash of a random password, verified against when the email is unknown.
const std::string& DummyHash() {
    static const std::string hash = [] {
        auto h = HashPassword(RandomToken(16));
        return h.ok() ? *h : std::string();
    }();
    return hash;
}

Error Unauthenticated(Problem problem) { return MakeError(problem); }

}  // namespace

Result<StartedSession> StartSession(storage::Transaction& tx, const domain::User& user, const SessionPolicy& policy,
                                    Micros now, const std::string& request_id) {
    StartedSession s;
    s.token = RandomToken(32);
    s.csrf_token = RandomToken(24);
    s.expires_at = now + policy.absolute_timeout;
    storage::SessionRepository sessions(tx);
    ENT_ASSIGN_OR_RETURN(s.id, sessions.Insert(user.id, HashSecret(s.token), s.csrf_token, now, s.expires_at));
    ENT_TRY(Audit(tx, Actor::Of(user, request_id), now,
                  {"session.start", "user", std::to_string(user.id), std::nullopt, std::nullopt, {}}));
    return s;
}

Result<SessionAuth> AuthenticateSession(storage::Transaction& tx, const std::string& token, const SessionPolicy& policy,
                                        Micros now) {
    storage::SessionRepository sessions(tx);
    ENT_ASSIGN_OR_RETURN(auto row, sessions.FindByTokenHash(HashSecret(token)));
    if (!row || row->ended) return Unauthenticated(Problem::kUnauthenticated);
    if (now >= row->expires_at || now - row->last_seen_at >= policy.idle_timeout) {
        return Unauthenticated(Problem::kSessionExpired);
    }
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(row->user_id));
    if (!user || user->disabled) return Unauthenticated(Problem::kUnauthenticated);
    return SessionAuth{std::move(*user), row->id, row->csrf_token, now - row->last_seen_at >= policy.touch_interval};
}

Status TouchSession(storage::Transaction& tx, std::int64_t session_id, Micros now) {
    return storage::SessionRepository(tx).Touch(session_id, now);
}

Status EndSession(storage::Transaction& tx, const Actor& actor, std::int64_t session_id, Micros now) {
    ENT_TRY(storage::SessionRepository(tx).End(session_id, now));
    return Audit(
        tx, actor, now,
        {"session.end", "user", actor.user ? std::to_string(actor.user->id) : "", std::nullopt, std::nullopt, {}});
}

Result<LoginBudget> LoginRetryAfter(storage::Transaction& tx, const std::string& email, const std::string& address,
                                    const SessionPolicy& policy, Micros now) {
    storage::SessionRepository sessions(tx);
    const Micros since = now - policy.failure_window;
    LoginBudget budget{0, policy.max_failures_per_email, policy.max_failures_per_email, 0};
    const std::pair<std::string, int> buckets[] = {{EmailBucket(email), policy.max_failures_per_email},
                                                   {AddressBucket(address), policy.max_failures_per_address}};
    for (const auto& [bucket, limit] : buckets) {
        ENT_ASSIGN_OR_RETURN(auto count, sessions.CountFailures(bucket, since));
        const Micros until = count.second + policy.failure_window;
        const std::int64_t reset = count.first > 0 ? (until - now + kMicrosPerSecond - 1) / kMicrosPerSecond : 0;
        if (count.first >= limit) budget.retry_after = std::max(budget.retry_after, reset);
        // Report the tighter of the two limits.
        const std::int64_t remaining = std::max<std::int64_t>(limit - count.first, 0);
        if (remaining < budget.remaining) budget = {budget.retry_after, limit, remaining, reset};
    }
    return budget;
}

Status RecordLoginFailure(storage::Transaction& tx, const std::string& email, const std::string& address, Micros now) {
    storage::SessionRepository sessions(tx);
    ENT_TRY(sessions.RecordFailure(EmailBucket(email), now));
    return sessions.RecordFailure(AddressBucket(address), now);
}

Status ClearLoginFailures(storage::Transaction& tx, const std::string& email) {
    return storage::SessionRepository(tx).ClearFailures(EmailBucket(email));
}

Result<LoginCandidate> FindLoginCandidate(storage::Transaction& tx, const std::string& email) {
    storage::UserRepository users(tx);
    LoginCandidate c;
    ENT_ASSIGN_OR_RETURN(c.user, users.FindByEmail(domain::NormalizeEmail(email)));
    if (c.user) {
        ENT_ASSIGN_OR_RETURN(c.password_hash, users.PasswordHash(c.user->id));
    }
    return c;
}

bool VerifyLogin(const LoginCandidate& candidate, const std::string& password) {
    const bool usable = candidate.user && !candidate.user->disabled && candidate.password_hash;
    const bool match = VerifyPassword(usable ? *candidate.password_hash : DummyHash(), password);
    return usable && match;
}

}  // namespace entitled::service
