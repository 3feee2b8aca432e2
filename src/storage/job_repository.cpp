#include "storage/job_repository.hpp"

namespace entitled::storage {

Result<std::optional<std::int64_t>> JobRepository::Schedule(const std::string& kind, const std::string& payload,
                                                            Micros run_at, const std::optional<std::string>& unique_key,
                                                            Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto row, tx_.QueryOne("INSERT INTO jobs (kind, payload, unique_key, run_at, status, created_at) "
                               "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (unique_key) DO NOTHING RETURNING id",
                               {kind, payload, Opt(unique_key), run_at, now}));
    if (!row) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(row->Int(0));
}

Result<std::optional<JobRow>> JobRepository::ClaimNext(const std::string& owner, Micros now, Micros lease_until) {
    ENT_ASSIGN_OR_RETURN(
        auto row, tx_.QueryOne("UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, "
                               "attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE "
                               "(status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_until < ?) "
                               "ORDER BY run_at, id LIMIT 1) RETURNING id, kind, payload, attempts",
                               {owner, lease_until, now, now}));
    if (!row) return std::optional<JobRow>();
    return std::optional<JobRow>(JobRow{row->Int(0), row->Text(1), row->Text(2), row->Int(3)});
}

Result<bool> JobRepository::MarkDone(std::int64_t id, const std::string& owner, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE jobs SET status = 'done', finished_at = ?, lease_owner = NULL, "
                                          "lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'",
                                          {now, id, owner}));
    return n > 0;
}

Result<bool> JobRepository::MarkFailed(std::int64_t id, const std::string& owner, const std::string& error,
                                       Micros retry_at, int max_attempts, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto n,
        tx_.Exec(
            "UPDATE jobs SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END, "
            "finished_at = CASE WHEN attempts >= ? THEN CAST(? AS BIGINT) ELSE NULL END, run_at = ?, last_error = ?, "
            "lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'",
            {static_cast<std::int64_t>(max_attempts), static_cast<std::int64_t>(max_attempts), now, retry_at, error, id,
             owner}));
    return n > 0;
}

Result<std::int64_t> JobRepository::CountPending() {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running')"));
    return row->Int(0);
}

}  // namespace entitled::storage
