#include "storage/audit_repository.hpp"

namespace entitled::storage {

Status InsertAudit(Transaction& tx, const AuditRow& row) {
    ENT_TRY(
        tx.Exec("INSERT INTO audit_events (at, actor_user_id, actor_label, action, target_type, target_id, "
                "before_json, after_json, reason, case_number, request_id, smart_account_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {row.at, Opt(row.actor_user_id), row.actor_label, row.action, row.target_type, row.target_id,
                 Opt(row.before_json), Opt(row.after_json), Opt(row.reason), Opt(row.case_number), Opt(row.request_id),
                 Opt(row.smart_account_id)}));
    return Ok();
}

}  // namespace entitled::storage
