#include "storage/audit_repository.hpp"

#include <boost/json.hpp>

#include "common/random.hpp"

namespace entitled::storage {
namespace {

boost::json::value Json(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}
boost::json::value Json(const std::optional<std::int64_t>& i) {
    return i ? boost::json::value(*i) : boost::json::value(nullptr);
}

constexpr std::string_view kAuditColumns =
    "at, actor_user_id, actor_label, action, target_type, target_id, before_json, after_json, reason, case_number, "
    "request_id, smart_account_id";

AuditRow ToAudit(const Row& r) {
    return {r.Int(0),     r.OptInt(1),  r.Text(2),    r.Text(3),    r.Text(4),     r.Text(5),
            r.OptText(6), r.OptText(7), r.OptText(8), r.OptText(9), r.OptText(10), r.OptInt(11)};
}

}  // namespace

std::string ChainHash(const std::string& prev_hash, const AuditRow& row) {
    // A JSON array is an unambiguous encoding of the fields (no separator can be forged by a value).
    const boost::json::array fields{prev_hash,
                                    row.at,
                                    Json(row.actor_user_id),
                                    row.actor_label,
                                    row.action,
                                    row.target_type,
                                    row.target_id,
                                    Json(row.before_json),
                                    Json(row.after_json),
                                    Json(row.reason),
                                    Json(row.case_number),
                                    Json(row.request_id),
                                    Json(row.smart_account_id)};
    return HashSecret(boost::json::serialize(fields));
}

Status InsertAudit(Transaction& tx, const AuditRow& row) {
    if (tx.engine() == Engine::kPostgres && tx.mode() == TxMode::kLockingWrite) {
        // READ COMMITTED: without the lock two writers could both link to the same previous row.
        // (SERIALIZABLE writers need none: one of two such would fail and retry.)
        ENT_TRY(tx.Query("SELECT pg_advisory_xact_lock(7418880002)"));
    }
    ENT_ASSIGN_OR_RETURN(auto last,
                         tx.QueryOne("SELECT hash FROM audit_events WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1"));
    const std::string prev = last ? last->Text(0) : "";
    ENT_TRY(
        tx.Exec("INSERT INTO audit_events (at, actor_user_id, actor_label, action, target_type, target_id, "
                "before_json, after_json, reason, case_number, request_id, smart_account_id, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {row.at, Opt(row.actor_user_id), row.actor_label, row.action, row.target_type, row.target_id,
                 Opt(row.before_json), Opt(row.after_json), Opt(row.reason), Opt(row.case_number), Opt(row.request_id),
                 Opt(row.smart_account_id), prev, ChainHash(prev, row)}));
    return Ok();
}

Result<std::vector<std::string>> BrokenAuditChain(Transaction& tx) {
    std::vector<std::string> broken;
    std::optional<std::string> previous;  // unset until the first hashed row (older rows predate the chain)
    std::int64_t after = 0;
    for (;;) {
        ENT_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kAuditColumns) +
                                                     ", id, prev_hash, hash FROM audit_events WHERE id > ? "
                                                     "ORDER BY id LIMIT 5000",
                                                 {after}));
        if (rows.empty()) break;
        for (const auto& r : rows) {
            after = r.Int(12);
            const std::string event = "audit event " + std::to_string(after);
            const auto hash = r.OptText(14);
            if (!hash) {
                if (previous) broken.push_back(event + " has no hash");
                continue;
            }
            const std::string prev = r.Text(13);
            if (previous && prev != *previous) {
                broken.push_back(event + " does not follow the event before it (one was changed or removed)");
            }
            if (ChainHash(prev, ToAudit(r)) != *hash)
                broken.push_back(event + " does not match its hash (it was changed)");
            previous = *hash;
        }
    }
    return broken;
}

Result<std::vector<AuditRow>> AuditOf(Transaction& tx, const std::string& target_type, const std::string& target_id) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kAuditColumns) +
                                                 " FROM audit_events WHERE target_type = ? AND target_id = ? "
                                                 "ORDER BY id",
                                             {target_type, target_id}));
    std::vector<AuditRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToAudit(r));
    return out;
}

}  // namespace entitled::storage
