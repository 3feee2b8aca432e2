#include "storage/case_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kSelect =
    "SELECT c.id, c.number, c.category, c.subject, c.description, c.status, c.opened_by, u.name, u.email, "
    "o.sales_order_number, c.smart_account_id, a.name, c.transfer_id, c.created_at, c.updated_at FROM cases c "
    "JOIN users u ON u.id = c.opened_by LEFT JOIN orders o ON o.id = c.order_id "
    "LEFT JOIN smart_accounts a ON a.id = c.smart_account_id ";

domain::Case ToCase(const Row& r) {
    return {r.Int(0),      r.Text(1),    r.Enum(2, domain::ParseCaseCategory),
            r.Text(3),     r.Text(4),    r.Enum(5, domain::ParseCaseStatus),
            r.Int(6),      r.Text(7),    r.Text(8),
            r.OptText(9),  r.OptInt(10), r.OptText(11),
            r.OptText(12), r.Int(13),    r.Int(14)};
}

}  // namespace

Result<std::int64_t> CaseRepository::Insert(const domain::Case& row, std::optional<std::int64_t> order_id, Micros now) {
    // A placeholder number keeps the column NOT NULL UNIQUE until the id is known.
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO cases (number, category, subject, description, status, "
                             "opened_by, order_id, smart_account_id, transfer_id, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?) RETURNING id",
                             {"new-" + std::to_string(now), std::string(domain::CaseCategoryName(row.category)),
                              row.subject, row.description, row.opened_by, Opt(order_id), Opt(row.smart_account_id),
                              Opt(row.transfer_id), now, now}));
    const std::int64_t id = r->Int(0);
    ENT_TRY(tx_.Exec("UPDATE cases SET number = ? WHERE id = ?", {"CS-" + std::to_string(100000 + id), id}));
    return id;
}

Result<std::optional<domain::Case>> CaseRepository::Find(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kSelect) + "WHERE c.id = ?", {id}));
    if (!r) return std::optional<domain::Case>();
    return std::optional<domain::Case>(ToCase(*r));
}

Result<std::optional<domain::Case>> CaseRepository::FindByNumber(const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kSelect) + "WHERE c.number = ?", {number}));
    if (!r) return std::optional<domain::Case>();
    return std::optional<domain::Case>(ToCase(*r));
}

Result<std::vector<domain::Case>> CaseRepository::List(const CaseFilter& f) {
    std::string sql = std::string(kSelect) + "WHERE c.id > ?";
    Params params{f.after_id};
    if (!f.audience.everything) {
        sql += " AND c.opened_by = ?";
        params.emplace_back(f.audience.user_id.value_or(-1));
    }
    if (f.status) {
        sql += " AND c.status = ?";
        params.emplace_back(std::string(domain::CaseStatusName(*f.status)));
    }
    if (f.order_number) {
        sql += " AND (o.sales_order_number = ? OR o.web_order_number = ?)";
        params.emplace_back(*f.order_number);
        params.emplace_back(*f.order_number);
    }
    sql += " ORDER BY c.id LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(f.limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<domain::Case> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToCase(r));
    return out;
}

Status CaseRepository::SetStatus(std::int64_t id, domain::CaseStatus status, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?",
                     {std::string(domain::CaseStatusName(status)), now, id}));
    return Ok();
}

Result<std::int64_t> CaseRepository::AddComment(std::int64_t case_id, std::int64_t author, const std::string& body,
                                                Micros now) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO case_comments (case_id, author_id, body, created_at) VALUES "
                                              "(?, ?, ?, ?) RETURNING id",
                                              {case_id, author, body, now}));
    ENT_TRY(tx_.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", {now, case_id}));
    return r->Int(0);
}

Result<std::vector<domain::CaseComment>> CaseRepository::Comments(std::int64_t case_id) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT c.id, c.author_id, u.name, c.body, c.created_at FROM case_comments c "
                                   "JOIN users u ON u.id = c.author_id WHERE c.case_id = ? ORDER BY c.id",
                                   {case_id}));
    std::vector<domain::CaseComment> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4)});
    return out;
}

}  // namespace entitled::storage
