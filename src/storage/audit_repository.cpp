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

Result<std::vector<AuditRow>> AuditOf(Transaction& tx, const std::string& target_type, const std::string& target_id) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT at, actor_user_id, actor_label, action, target_type, target_id, "
                                  "before_json, after_json, reason, case_number, request_id, smart_account_id "
                                  "FROM audit_events WHERE target_type = ? AND target_id = ? ORDER BY id",
                                  {target_type, target_id}));
    std::vector<AuditRow> out;
    for (const auto& r : rows) {
        out.push_back({r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.OptText(6), r.OptText(7),
                       r.OptText(8), r.OptText(9), r.OptText(10), r.OptInt(11)});
    }
    return out;
}

}  // namespace entitled::storage
