#pragma once
// SQL for sign-in sessions and failed sign-in attempts.

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct SessionRow {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string csrf_token;
    Micros last_seen_at = 0;
    Micros expires_at = 0;
    bool ended = false;
};

class SessionRepository {
  public:
    explicit SessionRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> Insert(std::int64_t user_id, const std::string& token_hash, const std::string& csrf,
                                Micros now, Micros expires_at);
    Result<std::optional<SessionRow>> FindByTokenHash(const std::string& token_hash);
    Status Touch(std::int64_t session_id, Micros now);
    Status End(std::int64_t session_id, Micros now);
    // Ends every open session of the user except `keep` (0: none).
    Status EndAllOf(std::int64_t user_id, std::int64_t keep, Micros now);

    Status RecordFailure(const std::string& bucket, Micros now);
    // Failures in [since, now], and the time of the oldest of them.
    Result<std::pair<std::int64_t, Micros>> CountFailures(const std::string& bucket, Micros since);
    Status ClearFailures(const std::string& bucket);
    // Housekeeping: drops failures older than `before`.
    Status PruneFailures(Micros before);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
