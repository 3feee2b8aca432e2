#include "service/audit.hpp"

#include <boost/json/serialize.hpp>

#include "storage/audit_repository.hpp"

namespace entitled::service {

Status Audit(storage::Transaction& tx, const Actor& actor, Micros at, const AuditChange& change) {
    storage::AuditRow row;
    row.at = at;
    row.actor_user_id = actor.user_id();
    row.actor_label = actor.label;
    row.action = change.action;
    row.target_type = change.target_type;
    row.target_id = change.target_id;
    if (change.before) row.before_json = boost::json::serialize(*change.before);
    if (change.after) row.after_json = boost::json::serialize(*change.after);
    row.reason = change.reason;
    row.case_number = actor.case_number;
    row.smart_account_id = change.smart_account_id;
    if (!actor.request_id.empty()) row.request_id = actor.request_id;
    return storage::InsertAudit(tx, row);
}

}  // namespace entitled::service
