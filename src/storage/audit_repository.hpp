#pragma once
// The append-only audit table. Rows are only ever inserted, always in the
// transaction of the change they record.

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
// Every event about one target, oldest first.
Result<std::vector<AuditRow>> AuditOf(Transaction& tx, const std::string& target_type, const std::string& target_id);

}  // namespace entitled::storage
