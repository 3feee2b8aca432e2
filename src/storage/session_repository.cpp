#include "storage/session_repository.hpp"

namespace entitled::storage {

Result<std::int64_t> SessionRepository::Insert(std::int64_t user_id, const std::string& token_hash,
                                               const std::string& csrf, Micros now, Micros expires_at) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                                                "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                                {token_hash, user_id, csrf, now, now, expires_at}));
    return row->Int(0);
}

Result<std::optional<SessionRow>> SessionRepository::FindByTokenHash(const std::string& token_hash) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT id, user_id, csrf_token, last_seen_at, expires_at, "
                                                "ended_at IS NOT NULL FROM sessions WHERE token_hash = ?",
                                                {token_hash}));
    if (!row) return std::optional<SessionRow>();
    return std::optional<SessionRow>(
        SessionRow{row->Int(0), row->Int(1), row->Text(2), row->Int(3), row->Int(4), row->Bool(5)});
}

Status SessionRepository::Touch(std::int64_t session_id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL AND last_seen_at < ?",
                     {now, session_id, now}));
    return Ok();
}

Status SessionRepository::End(std::int64_t session_id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", {now, session_id}));
    return Ok();
}

Status SessionRepository::EndAllOf(std::int64_t user_id, std::int64_t keep, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id <> ? AND ended_at IS NULL",
                     {now, user_id, keep}));
    return Ok();
}

Status SessionRepository::RecordFailure(const std::string& bucket, Micros now) {
    ENT_TRY(tx_.Exec("INSERT INTO login_failures (bucket, at) VALUES (?, ?)", {bucket, now}));
    return Ok();
}

Result<std::pair<std::int64_t, Micros>> SessionRepository::CountFailures(const std::string& bucket, Micros since) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_failures "
                                                "WHERE bucket = ? AND at >= ?",
                                                {bucket, since}));
    return std::make_pair(row->Int(0), row->Int(1));
}

Status SessionRepository::ClearFailures(const std::string& bucket) {
    ENT_TRY(tx_.Exec("DELETE FROM login_failures WHERE bucket = ?", {bucket}));
    return Ok();
}

Status SessionRepository::PruneFailures(Micros before) {
    ENT_TRY(tx_.Exec("DELETE FROM login_failures WHERE at < ?", {before}));
    return Ok();
}

}  // namespace entitled::storage
