#pragma once
// The append-only audit table. Rows are only ever inserted, always in the
// transaction of the change they record. Each row carries the SHA-256 of the
// previous row's hash and its own contents, so editing or deleting a row in
// the middle breaks the chain, which `entitled check` verifies. (Cutting off
// the newest rows leaves a valid chain: that needs the hash kept elsewhere.)

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct AuditRow {
    Micros at = 0;
    std::optional<std::int64_t> actor_user_id;
    std::string actor_label;
    std::string action;
    std::string target_type;
    std::string target_id;
    std::optional<std::string> before_json;
    std::optional<std::string> after_json;
    std::optional<std::string> reason;
    std::optional<std::string> case_number;
    std::optional<std::string> request_id;
    std::optional<std::int64_t> smart_account_id;  // puts the event in that account's event log
};

Status InsertAudit(Transaction& tx, const AuditRow& row);
// The hash a row must carry after `prev_hash` ("" for the first).
std::string ChainHash(const std::string& prev_hash, const AuditRow& row);
// Each audit row whose hash or link does not match, as "audit event N: …".
Result<std::vector<std::string>> BrokenAuditChain(Transaction& tx);
// Every event about one target, oldest first.
Result<std::vector<AuditRow>> AuditOf(Transaction& tx, const std::string& target_type, const std::string& target_id);

}  // namespace entitled::storage
