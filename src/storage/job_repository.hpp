#pragma once
// SQL for scheduled background jobs. A job is claimed by setting a lease in a
// single UPDATE, so two runners — threads, server instances or `jobs run` —
// never hold the same job: on SQLite writes are serial, on PostgreSQL the
// loser of a race gets a serialization failure, retries, and sees it taken.

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct JobRow {
    std::int64_t id = 0;
    std::string kind;
    std::string payload;
    std::int64_t attempts = 0;
};

class JobRepository {
  public:
    explicit JobRepository(Transaction& tx) : tx_(tx) {}

    // Schedules a job; with `unique_key`, a second job with the same key is
    // not added (returns nullopt) — for "at most once" work like reminders.
    Result<std::optional<std::int64_t>> Schedule(const std::string& kind, const std::string& payload, Micros run_at,
                                                 const std::optional<std::string>& unique_key, Micros now);
    Result<std::optional<JobRow>> ClaimNext(const std::string& owner, Micros now, Micros lease_until);
    // False when the lease was lost (the work must then be rolled back).
    Result<bool> MarkDone(std::int64_t id, const std::string& owner, Micros now);
    Result<bool> MarkFailed(std::int64_t id, const std::string& owner, const std::string& error, Micros retry_at,
                            int max_attempts, Micros now);
    Result<std::int64_t> CountPending();

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
