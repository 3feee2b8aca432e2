#include "storage/idempotency_repository.hpp"

namespace entitled::storage {

Result<std::optional<StoredResponse>> IdempotencyRepository::Find(const std::string& principal, const std::string& key,
                                                                  Micros fresh_since) {
    ENT_ASSIGN_OR_RETURN(auto row, tx_.QueryOne("SELECT request_hash, status, content_type, body FROM idempotency_keys "
                                                "WHERE principal = ? AND idem_key = ? AND created_at >= ?",
                                                {principal, key, fresh_since}));
    if (!row) return std::optional<StoredResponse>();
    return std::optional<StoredResponse>(
        StoredResponse{row->Text(0), static_cast<unsigned>(row->Int(1)), row->Text(2), row->Text(3)});
}

Status IdempotencyRepository::Insert(const std::string& principal, const std::string& key,
                                     const StoredResponse& response, Micros now, Micros fresh_since) {
    ENT_TRY(tx_.Exec("DELETE FROM idempotency_keys WHERE principal = ? AND idem_key = ? AND created_at < ?",
                     {principal, key, fresh_since}));
    ENT_TRY(
        tx_.Exec("INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, content_type, body, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {principal, key, response.request_hash, static_cast<std::int64_t>(response.status),
                  response.content_type, response.body, now}));
    return Ok();
}

Status IdempotencyRepository::PruneBefore(Micros before) {
    ENT_TRY(tx_.Exec("DELETE FROM idempotency_keys WHERE created_at < ?", {before}));
    return Ok();
}

}  // namespace entitled::storage
