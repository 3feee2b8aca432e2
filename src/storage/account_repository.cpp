#include "storage/account_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kAccountColumns =
    "id, name, domain, kind, status, legal_entity_name, legal_entity_country, created_at, activated_at, expires_at";

domain::SmartAccount ToAccount(const Row& r) {
    domain::SmartAccount a;
    a.id = r.Int(0);
    a.name = r.Text(1);
    a.domain = r.Text(2);
    a.kind = r.Enum(3, domain::ParseAccountKind);
    a.status = r.Enum(4, domain::ParseAccountStatus);
    a.legal_entity_name = r.OptText(5);
    a.legal_entity_country = r.OptText(6);
    a.created_at = r.Int(7);
    a.activated_at = r.OptInt(8);
    a.expires_at = r.OptInt(9);
    return a;
}

// The smallest string greater than every string starting with `prefix`
// (byte-wise), for index range scans: "ab" → "ac".
std::string PrefixEnd(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
    if (prefix.empty()) return "\xFF";
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}

}  // namespace

Result<std::int64_t> AccountRepository::InsertAccount(const domain::SmartAccount& row,
                                                      std::optional<std::int64_t> created_by) {
    ENT_ASSIGN_OR_RETURN(
        auto r,
        tx_.QueryOne("INSERT INTO smart_accounts (name, name_lower, domain, kind, status, legal_entity_name, "
                     "legal_entity_country, created_by, created_at, activated_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {row.name, domain::Lower(row.name), row.domain, std::string(domain::AccountKindName(row.kind)),
                      std::string(domain::AccountStatusName(row.status)), Opt(row.legal_entity_name),
                      Opt(row.legal_entity_country), Opt(created_by), row.created_at, Opt(row.activated_at),
                      Opt(row.expires_at)}));
    const std::int64_t id = r->Int(0);
    for (const auto& word : domain::NameWords(row.name)) {
        ENT_TRY(tx_.Exec("INSERT INTO smart_account_words (word, smart_account_id) VALUES (?, ?)", {word, id}));
    }
    return id;
}

Result<std::optional<domain::SmartAccount>> AccountRepository::FindAccount(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("SELECT " + std::string(kAccountColumns) + " FROM smart_accounts WHERE id = ?", {id}));
    if (!r) return std::optional<domain::SmartAccount>();
    return std::optional<domain::SmartAccount>(ToAccount(*r));
}

Result<std::optional<domain::SmartAccount>> AccountRepository::FindLiveByDomain(const std::string& domain_name) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT " + std::string(kAccountColumns) +
                                                  " FROM smart_accounts WHERE domain = ? AND status <> 'expired'",
                                              {domain_name}));
    if (!r) return std::optional<domain::SmartAccount>();
    return std::optional<domain::SmartAccount>(ToAccount(*r));
}

Result<bool> AccountRepository::ChangeStatus(std::int64_t id, domain::AccountStatus from, domain::AccountStatus to,
                                             Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto n,
        tx_.Exec("UPDATE smart_accounts SET status = ?, activated_at = CASE WHEN ? = 'active' THEN CAST(? AS BIGINT) "
                 "ELSE activated_at END, expires_at = CASE WHEN ? = 'active' THEN NULL ELSE expires_at END "
                 "WHERE id = ? AND status = ?",
                 {std::string(domain::AccountStatusName(to)), std::string(domain::AccountStatusName(to)), now,
                  std::string(domain::AccountStatusName(to)), id, std::string(domain::AccountStatusName(from))}));
    return n > 0;
}

Result<std::vector<domain::SmartAccount>> AccountRepository::Search(AccountSearch by, const std::string& query,
                                                                    std::int64_t user_id, std::int64_t after_id,
                                                                    int limit) {
    const std::string cols = "SELECT " + std::string(kAccountColumns) + " FROM smart_accounts ";
    const std::string q = domain::Lower(query);
    const Value lim = static_cast<std::int64_t>(limit);
    Result<Rows> rows = Rows{};
    switch (by) {
        case AccountSearch::kDomain:
            rows = tx_.Query(cols + "WHERE domain = ? AND id > ? ORDER BY id LIMIT ?", {q, after_id, lim});
            break;
        case AccountSearch::kName:
            // Prefix of the whole name, or of any word in it; both are index range scans.
            rows = tx_.Query(cols +
                                 "WHERE id IN (SELECT id FROM smart_accounts WHERE name_lower >= ? AND name_lower < ? "
                                 "UNION SELECT smart_account_id FROM smart_account_words WHERE word >= ? AND word < ?) "
                                 "AND id > ? ORDER BY id LIMIT ?",
                             {q, PrefixEnd(q), q, PrefixEnd(q), after_id, lim});
            break;
        case AccountSearch::kEmail:
            rows = tx_.Query(cols +
                                 "WHERE id IN (SELECT m.smart_account_id FROM memberships m JOIN users u ON u.id = "
                                 "m.user_id WHERE u.email = ?) AND id > ? ORDER BY id LIMIT ?",
                             {q, after_id, lim});
            break;
        case AccountSearch::kMine:
            rows = tx_.Query(cols +
                                 "WHERE id IN (SELECT smart_account_id FROM memberships WHERE user_id = ?) AND id > ? "
                                 "ORDER BY id LIMIT ?",
                             {user_id, after_id, lim});
            break;
    }
    if (!rows.ok()) return std::move(rows).error();
    std::vector<domain::SmartAccount> out;
    for (const auto& r : *rows) out.push_back(ToAccount(r));
    return out;
}

Result<std::int64_t> AccountRepository::InsertVirtualAccount(std::int64_t sa, const std::string& name,
                                                             const std::string& description, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO virtual_accounts (smart_account_id, name, name_lower, "
                                              "description, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                              {sa, name, domain::Lower(name), description, now}));
    return r->Int(0);
}

Result<std::vector<domain::VirtualAccount>> AccountRepository::VirtualAccounts(std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT id, smart_account_id, name, description, created_at FROM "
                                   "virtual_accounts WHERE smart_account_id = ? AND deleted_at IS NULL ORDER BY id",
                                   {sa}));
    std::vector<domain::VirtualAccount> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4)});
    return out;
}

Result<std::optional<domain::VirtualAccount>> AccountRepository::FindVirtualAccount(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT id, smart_account_id, name, description, created_at FROM "
                                              "virtual_accounts WHERE id = ? AND deleted_at IS NULL",
                                              {id}));
    if (!r) return std::optional<domain::VirtualAccount>();
    return std::optional<domain::VirtualAccount>(
        domain::VirtualAccount{r->Int(0), r->Int(1), r->Text(2), r->Text(3), r->Int(4)});
}

Status AccountRepository::UpdateVirtualAccount(std::int64_t id, const std::optional<std::string>& name,
                                               const std::optional<std::string>& description) {
    ENT_TRY(
        tx_.Exec("UPDATE virtual_accounts SET name = COALESCE(?, name), name_lower = COALESCE(?, name_lower), "
                 "description = COALESCE(?, description) WHERE id = ?",
                 {Opt(name), name ? Value(domain::Lower(*name)) : Null(), Opt(description), id}));
    return Ok();
}

Status AccountRepository::DeleteVirtualAccount(std::int64_t id, Micros now) {
    // Its registration tokens stop working with it; no device can register into a deleted VA.
    ENT_TRY(
        tx_.Exec("UPDATE registration_tokens SET revoked_at = ? WHERE virtual_account_id = ? AND revoked_at IS NULL",
                 {now, id}));
    // The tombstone frees its name: name_lower gets a value no live name has (names hold no control characters).
    ENT_TRY(tx_.Exec("UPDATE virtual_accounts SET deleted_at = ?, name_lower = ? WHERE id = ?",
                     {now, "\x1f" + std::to_string(id), id}));
    return Ok();
}

Result<domain::VirtualAccountContents> AccountRepository::ContentsOf(std::int64_t va) {
    ENT_ASSIGN_OR_RETURN(
        auto r,
        tx_.QueryOne("SELECT "
                     "(SELECT COALESCE(SUM(quantity), 0) FROM license_lots WHERE virtual_account_id = ?), "
                     "(SELECT COUNT(*) FROM devices WHERE virtual_account_id = ? AND deleted_at IS NULL), "
                     "(SELECT COUNT(*) FROM order_lines WHERE virtual_account_id = ? AND deposited_at IS NULL), "
                     "(SELECT COUNT(*) FROM transfers WHERE destination_virtual_account_id = ? AND status NOT "
                     "IN ('compliance_screening_rejected', 'transfer_completed', "
                     "'transfer_completed_with_failure', 'cancelled')), "
                     "(SELECT COUNT(*) FROM memberships WHERE virtual_account_id = ?) + "
                     "(SELECT COUNT(*) FROM invitations WHERE virtual_account_id = ? AND accepted_at IS NULL)",
                     {va, va, va, va, va, va}));
    domain::VirtualAccountContents c;
    c.licenses = r->Int(0);
    c.devices = r->Int(1);
    c.pending_lines = r->Int(2);
    c.incoming_transfers = r->Int(3);
    c.members = r->Int(4);
    return c;
}

Status AccountRepository::InsertMembership(std::int64_t sa, std::int64_t user, domain::Role role,
                                           std::optional<std::int64_t> va, Micros now) {
    ENT_TRY(
        tx_.Exec("INSERT INTO memberships (smart_account_id, user_id, role, virtual_account_id, created_at) "
                 "VALUES (?, ?, ?, ?, ?)",
                 {sa, user, std::string(domain::RoleName(role)), Opt(va), now}));
    return Ok();
}

Result<std::int64_t> AccountRepository::DeleteMemberships(std::int64_t sa, std::int64_t user) {
    return tx_.Exec("DELETE FROM memberships WHERE smart_account_id = ? AND user_id = ?", {sa, user});
}

Result<std::vector<domain::Member>> AccountRepository::Members(std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT u.id, u.email, u.name, m.role, m.virtual_account_id, v.name "
                                              "FROM memberships m JOIN users u ON u.id = m.user_id "
                                              "LEFT JOIN virtual_accounts v ON v.id = m.virtual_account_id "
                                              "WHERE m.smart_account_id = ? ORDER BY u.email, m.role",
                                              {sa}));
    std::vector<domain::Member> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Enum(3, domain::ParseRole), r.OptInt(4), r.OptText(5)});
    }
    return out;
}

Result<std::int64_t> AccountRepository::CountAdmins(std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT COUNT(DISTINCT user_id) FROM memberships WHERE "
                                              "smart_account_id = ? AND role = 'sa_admin'",
                                              {sa}));
    return r->Int(0);
}

Result<std::vector<domain::Membership>> AccountRepository::MembershipsOf(std::int64_t user) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT smart_account_id, role, virtual_account_id FROM memberships "
                                              "WHERE user_id = ? ORDER BY smart_account_id",
                                              {user}));
    std::vector<domain::Membership> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Enum(1, domain::ParseRole), r.OptInt(2)});
    }
    return out;
}

Result<std::vector<domain::Role>> AccountRepository::RolesOf(std::int64_t sa, std::int64_t user) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT DISTINCT role FROM memberships WHERE smart_account_id = ? AND "
                                              "user_id = ? ORDER BY role",
                                              {sa, user}));
    std::vector<domain::Role> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Enum(0, domain::ParseRole));
    return out;
}

Result<std::vector<EventRow>> AccountRepository::Events(std::int64_t sa, const EventFilter& f) {
    std::string sql =
        "SELECT id, at, actor_label, action, target_type, target_id, before_json, after_json, reason, "
        "case_number FROM audit_events WHERE smart_account_id = ?";
    Params params{sa};
    if (f.action) {
        std::string pattern;
        for (char c : *f.action) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        sql += " AND action LIKE ? ESCAPE '\\'";
        params.emplace_back(pattern + "%");
    }
    if (f.from) {
        sql += " AND at >= ?";
        params.emplace_back(*f.from);
    }
    if (f.to) {
        sql += " AND at < ?";
        params.emplace_back(*f.to);
    }
    if (f.before_id) {
        sql += " AND id < ?";
        params.emplace_back(*f.before_id);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(f.limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<EventRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.OptText(6), r.OptText(7),
                       r.OptText(8), r.OptText(9)});
    }
    return out;
}

}  // namespace entitled::storage
