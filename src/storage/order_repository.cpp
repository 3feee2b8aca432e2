#include "storage/order_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kOrderColumns =
    "o.id, o.sales_order_number, o.web_order_number, o.purchaser_name, o.end_customer_name, o.export_hold, "
    "o.export_hold_reason, o.created_at";

domain::Order ToOrder(const Row& r) {
    return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5), r.OptText(6), r.Int(7)};
}

constexpr std::string_view kLineSelect =
    "SELECT l.id, l.order_id, l.line_number, l.sku, l.description, l.quantity, l.license_type, l.term_months, "
    "l.buying_model, l.smart_enabled, l.shipped_at, l.smart_account_id, l.virtual_account_id, l.deposited_at, "
    "a.name, a.domain, a.kind, a.status, v.name, l.license_model FROM order_lines l "
    "LEFT JOIN smart_accounts a ON a.id = l.smart_account_id LEFT JOIN virtual_accounts v ON v.id = "
    "l.virtual_account_id ";

domain::OrderLine ToLine(const Row& r) {
    domain::OrderLine l;
    l.id = r.Int(0);
    l.order_id = r.Int(1);
    l.line_number = static_cast<int>(r.Int(2));
    l.sku = r.Text(3);
    l.description = r.Text(4);
    l.quantity = r.Int(5);
    l.license_type = r.Enum(6, domain::ParseLicenseType);
    if (auto m = r.OptInt(7)) l.term_months = static_cast<int>(*m);
    l.buying_model = r.Enum(8, domain::ParseBuyingModel);
    l.smart_enabled = r.Bool(9);
    l.shipped_at = r.OptInt(10);
    l.deposited_at = r.OptInt(13);
    l.license_model = r.Enum(19, domain::ParseLicenseModel);
    // The schema assigns account and VA together (both NULL or both set).
    if (!r.IsNull(11)) {
        l.account = domain::LineAccount{r.Int(11),
                                        r.Text(14),
                                        r.Text(15),
                                        r.Enum(16, domain::ParseAccountKind),
                                        r.Enum(17, domain::ParseAccountStatus),
                                        r.Int(12),
                                        r.Text(18)};
    }
    return l;
}

}  // namespace

Result<std::int64_t> OrderRepository::InsertOrder(const domain::Order& o, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto r,
        tx_.QueryOne("INSERT INTO orders (sales_order_number, web_order_number, purchaser_name, "
                     "end_customer_name, export_hold, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
                     {o.sales_order_number, o.web_order_number, o.purchaser_name, o.end_customer_name, now, now}));
    return r->Int(0);
}

Status OrderRepository::InsertContact(std::int64_t order_id, const std::string& email) {
    ENT_TRY(tx_.Exec("INSERT INTO order_contacts (order_id, email) VALUES (?, ?)", {order_id, email}));
    return Ok();
}

Status OrderRepository::InsertLine(const domain::OrderLine& l) {
    ENT_TRY(
        tx_.Exec("INSERT INTO order_lines (order_id, line_number, sku, description, quantity, license_type, "
                 "term_months, buying_model, smart_enabled, license_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {l.order_id, static_cast<std::int64_t>(l.line_number), l.sku, l.description, l.quantity,
                  std::string(domain::LicenseTypeName(l.license_type)), Opt(l.term_months),
                  std::string(domain::BuyingModelName(l.buying_model)), Bool(l.smart_enabled),
                  std::string(domain::LicenseModelName(l.license_model))}));
    return Ok();
}

Result<std::optional<domain::Order>> OrderRepository::FindByNumber(const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT " + std::string(kOrderColumns) +
                                          " FROM orders o WHERE o.sales_order_number = ? OR o.web_order_number = ?",
                                      {number, number}));
    if (!r) return std::optional<domain::Order>();
    return std::optional<domain::Order>(ToOrder(*r));
}

Result<std::optional<domain::Order>> OrderRepository::FindById(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT " + std::string(kOrderColumns) + " FROM orders o WHERE o.id = ?", {id}));
    if (!r) return std::optional<domain::Order>();
    return std::optional<domain::Order>(ToOrder(*r));
}

Result<std::vector<domain::OrderLine>> OrderRepository::Lines(std::int64_t order_id) {
    ENT_ASSIGN_OR_RETURN(
        auto rows, tx_.Query(std::string(kLineSelect) + "WHERE l.order_id = ? ORDER BY l.line_number", {order_id}));
    std::vector<domain::OrderLine> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToLine(r));
    return out;
}

Result<std::optional<domain::OrderLine>> OrderRepository::Line(std::int64_t line_id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kLineSelect) + "WHERE l.id = ?", {line_id}));
    if (!r) return std::optional<domain::OrderLine>();
    return std::optional<domain::OrderLine>(ToLine(*r));
}

Result<std::vector<std::string>> OrderRepository::Contacts(std::int64_t order_id) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT email FROM order_contacts WHERE order_id = ? ORDER BY email", {order_id}));
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Text(0));
    return out;
}

Result<std::vector<domain::Order>> OrderRepository::Visible(const domain::Audience& audience, const std::string& query,
                                                            bool only_sa_hold, std::int64_t after_id, int limit) {
    std::string sql = "SELECT " + std::string(kOrderColumns) + " FROM orders o WHERE o.id > ?";
    Params params{after_id};
    // domain::OrderAudience: a contact, or a line in one of the audience's accounts.
    if (!audience.everything) {
        sql += " AND (o.id IN (SELECT order_id FROM order_contacts WHERE email = ?)";
        params.emplace_back(audience.email);
        sql += " OR o.id IN (SELECT l.order_id FROM order_lines l WHERE " +
               InList("l.smart_account_id", audience.accounts, params) + "))";
    }
    if (!query.empty()) {
        sql += " AND (o.sales_order_number = ? OR o.web_order_number = ?)";
        params.emplace_back(query);
        params.emplace_back(query);
    }
    // domain::OnSaHold in SQL; storage_contract_test keeps the two equal.
    if (only_sa_hold) {
        sql +=
            " AND EXISTS (SELECT 1 FROM order_lines l LEFT JOIN smart_accounts a ON a.id = l.smart_account_id "
            "WHERE l.order_id = o.id AND l.smart_enabled = 1 AND (a.id IS NULL OR a.status <> 'active'))";
    }
    sql += " ORDER BY o.id LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<domain::Order> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToOrder(r));
    return out;
}

Status OrderRepository::Assign(std::int64_t line_id, std::int64_t sa, std::int64_t va) {
    ENT_TRY(tx_.Exec("UPDATE order_lines SET smart_account_id = ?, virtual_account_id = ? WHERE id = ?",
                     {sa, va, line_id}));
    return Ok();
}

Result<bool> OrderRepository::Ship(std::int64_t line_id, Micros shipped_at) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE order_lines SET shipped_at = ? WHERE id = ? AND shipped_at IS NULL",
                                          {shipped_at, line_id}));
    return n > 0;
}

Status OrderRepository::SetExportHold(std::int64_t order_id, bool on, const std::optional<std::string>& reason,
                                      Micros now) {
    ENT_TRY(tx_.Exec("UPDATE orders SET export_hold = ?, export_hold_reason = ?, updated_at = ? WHERE id = ?",
                     {Bool(on), Opt(reason), now, order_id}));
    return Ok();
}

Result<bool> OrderRepository::ClaimDeposit(std::int64_t line_id, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto n,
        tx_.Exec("UPDATE order_lines SET deposited_at = ? WHERE id = ? AND deposited_at IS NULL", {now, line_id}));
    return n > 0;
}

Result<std::vector<std::int64_t>> OrderRepository::LinesAssignedTo(std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT id FROM order_lines WHERE smart_account_id = ? AND deposited_at IS NULL "
                                   "ORDER BY id",
                                   {sa}));
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Int(0));
    return out;
}

}  // namespace entitled::storage
