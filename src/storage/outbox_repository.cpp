#include "storage/outbox_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kColumns =
    "id, to_email, locale, template, subject, body_text, body_html, status, attempts, created_at, sent_at, last_error";

OutboxRow FromRow(const Row& r) {
    OutboxRow o;
    o.id = r.Int(0);
    o.to = r.Text(1);
    o.locale = r.Text(2);
    o.template_name = r.Text(3);
    o.subject = r.Text(4);
    o.body_text = r.Text(5);
    o.body_html = r.Text(6);
    o.status = r.Text(7);
    o.attempts = r.Int(8);
    o.created_at = r.Int(9);
    o.sent_at = r.OptInt(10);
    o.last_error = r.OptText(11);
    return o;
}

}  // namespace

Result<std::int64_t> OutboxRepository::Insert(const OutboxRow& row, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO outbox (to_email, locale, template, subject, body_text, "
                                              "body_html, status, attempts, next_attempt_at, created_at) "
                                              "VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING id",
                                              {row.to, row.locale, row.template_name, row.subject, row.body_text,
                                               row.body_html, now, now}));
    return r->Int(0);
}

Result<std::vector<OutboxRow>> OutboxRepository::ClaimDue(const std::string& owner, Micros now, Micros lease_until,
                                                          int limit) {
    ENT_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
                  "WHERE id IN (SELECT id FROM outbox WHERE (status = 'queued' AND "
                  "(attempts = 0 OR next_attempt_at <= ?)) "
                  "OR (status = 'sending' AND lease_until < ?) ORDER BY id LIMIT ?) RETURNING " +
                      std::string(kColumns),
                  {owner, lease_until, now, now, static_cast<std::int64_t>(limit)}));
    std::vector<OutboxRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
}

Result<bool> OutboxRepository::MarkSent(std::int64_t id, const std::string& owner, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE outbox SET status = 'sent', sent_at = ?, lease_owner = NULL, "
                                          "lease_until = NULL, last_error = NULL "
                                          "WHERE id = ? AND lease_owner = ? AND status = 'sending'",
                                          {now, id, owner}));
    return n > 0;
}

Result<bool> OutboxRepository::MarkAttemptFailed(std::int64_t id, const std::string& owner, const std::string& error,
                                                 Micros next_attempt_at, int max_attempts) {
    ENT_ASSIGN_OR_RETURN(auto n,
                         tx_.Exec("UPDATE outbox SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END, "
                                  "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ? "
                                  "WHERE id = ? AND lease_owner = ? AND status = 'sending'",
                                  {static_cast<std::int64_t>(max_attempts), next_attempt_at, error, id, owner}));
    return n > 0;
}

Result<std::vector<OutboxRow>> OutboxRepository::List(const OutboxFilter& filter) {
    std::string sql = "SELECT " + std::string(kColumns) + " FROM outbox WHERE 1 = 1";
    Params params;
    if (filter.to) {
        sql += " AND to_email = ?";
        params.emplace_back(*filter.to);
    }
    if (filter.status) {
        sql += " AND status = ?";
        params.emplace_back(*filter.status);
    }
    if (filter.before_id) {
        sql += " AND id < ?";
        params.emplace_back(*filter.before_id);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(filter.limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<OutboxRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> OutboxRepository::CountByStatus() {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status"));
    std::vector<std::pair<std::string, std::int64_t>> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.emplace_back(r.Text(0), r.Int(1));
    return out;
}

}  // namespace entitled::storage
