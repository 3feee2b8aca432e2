#include "storage/order_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kOrderColumns =
    "o.id, o.sales_order_number, o.web_order_number, o.purchaser_name, o.end_customer_name, o.export_hold, "
    "o.export_hold_reason, o.created_at";

OrderRow ToOrder(const Row& r) {
    return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5), r.OptText(6), r.Int(7)};
}

constexpr std::string_view kLineSelect =
    "SELECT l.id, l.order_id, l.line_number, l.sku, l.description, l.quantity, l.license_type, l.term_months, "
    "l.buying_model, l.smart_enabled, l.shipped_at, l.smart_account_id, l.virtual_account_id, l.deposited_at, "
    "a.name, a.domain, a.kind, a.status, v.name FROM order_lines l "
    "LEFT JOIN smart_accounts a ON a.id = l.smart_account_id LEFT JOIN virtual_accounts v ON v.id = "
    "l.virtual_account_id ";

LineRow ToLine(const Row& r) {
    LineRow l;
    l.id = r.Int(0);
    l.order_id = r.Int(1);
    l.line_number = static_cast<int>(r.Int(2));
    l.sku = r.Text(3);
    l.description = r.Text(4);
    l.quantity = r.Int(5);
    l.license_type = domain::ParseLicenseType(r.Text(6)).value_or(domain::LicenseType::kPerpetual);
    if (auto m = r.OptInt(7)) l.term_months = static_cast<int>(*m);
    l.buying_model = domain::ParseBuyingModel(r.Text(8)).value_or(domain::BuyingModel::kTransactional);
    l.smart_enabled = r.Bool(9);
    l.shipped_at = r.OptInt(10);
    l.smart_account_id = r.OptInt(11);
    l.virtual_account_id = r.OptInt(12);
    l.deposited_at = r.OptInt(13);
    l.account_name = r.OptText(14);
    l.account_domain = r.OptText(15);
    if (auto k = r.OptText(16)) l.account_kind = domain::ParseAccountKind(*k);
    if (auto s = r.OptText(17)) l.account_status = domain::ParseAccountStatus(*s);
    l.virtual_account_name = r.OptText(18);
    return l;
}

}  // namespace

Result<std::int64_t> OrderRepository::InsertOrder(const OrderRow& o, Micros now) {
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

Status OrderRepository::InsertLine(const LineRow& l) {
    ENT_TRY(
        tx_.Exec("INSERT INTO order_lines (order_id, line_number, sku, description, quantity, license_type, "
                 "term_months, buying_model, smart_enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {l.order_id, static_cast<std::int64_t>(l.line_number), l.sku, l.description, l.quantity,
                  std::string(domain::LicenseTypeName(l.license_type)), Opt(l.term_months),
                  std::string(domain::BuyingModelName(l.buying_model)), Bool(l.smart_enabled)}));
    return Ok();
}

Result<std::optional<OrderRow>> OrderRepository::FindByNumber(const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT " + std::string(kOrderColumns) +
                                          " FROM orders o WHERE o.sales_order_number = ? OR o.web_order_number = ?",
                                      {number, number}));
    if (!r) return std::optional<OrderRow>();
    return std::optional<OrderRow>(ToOrder(*r));
}

Result<std::optional<OrderRow>> OrderRepository::FindById(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT " + std::string(kOrderColumns) + " FROM orders o WHERE o.id = ?", {id}));
    if (!r) return std::optional<OrderRow>();
    return std::optional<OrderRow>(ToOrder(*r));
}

Result<std::vector<LineRow>> OrderRepository::Lines(std::int64_t order_id) {
    ENT_ASSIGN_OR_RETURN(
        auto rows, tx_.Query(std::string(kLineSelect) + "WHERE l.order_id = ? ORDER BY l.line_number", {order_id}));
    std::vector<LineRow> out;
    for (const auto& r : rows) out.push_back(ToLine(r));
    return out;
}

Result<std::optional<LineRow>> OrderRepository::Line(std::int64_t line_id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(std::string(kLineSelect) + "WHERE l.id = ?", {line_id}));
    if (!r) return std::optional<LineRow>();
    return std::optional<LineRow>(ToLine(*r));
}

Result<std::vector<std::string>> OrderRepository::Contacts(std::int64_t order_id) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT email FROM order_contacts WHERE order_id = ? ORDER BY email", {order_id}));
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.Text(0));
    return out;
}

Result<std::vector<OrderRow>> OrderRepository::Visible(std::int64_t user_id, const std::string& email, bool everything,
                                                       const std::string& query, bool only_sa_hold,
                                                       std::int64_t after_id, int limit) {
    std::string sql = "SELECT " + std::string(kOrderColumns) + " FROM orders o WHERE o.id > ?";
    Params params{after_id};
    if (!everything) {
        sql +=
            " AND (o.id IN (SELECT order_id FROM order_contacts WHERE email = ?) OR o.id IN (SELECT l.order_id FROM "
            "order_lines l JOIN memberships m ON m.smart_account_id = l.smart_account_id WHERE m.user_id = ?))";
        params.emplace_back(email);
        params.emplace_back(user_id);
    }
    if (!query.empty()) {
        sql += " AND (o.sales_order_number = ? OR o.web_order_number = ?)";
        params.emplace_back(query);
        params.emplace_back(query);
    }
    if (only_sa_hold) {
        sql +=
            " AND EXISTS (SELECT 1 FROM order_lines l LEFT JOIN smart_accounts a ON a.id = l.smart_account_id "
            "WHERE l.order_id = o.id AND l.smart_enabled = 1 AND (a.id IS NULL OR a.status <> 'active'))";
    }
    sql += " ORDER BY o.id LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<OrderRow> out;
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
    for (const auto& r : rows) out.push_back(r.Int(0));
    return out;
}

}  // namespace entitled::storage
