#include "storage/license_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kLotColumns =
    "l.id, l.smart_account_id, l.virtual_account_id, l.product, l.quantity, l.license_type, l.starts_at, l.ends_at, "
    "l.buying_model, l.source_order_line_id, l.usable, l.root_lot_id, l.reserved, l.license_model";

domain::Lot ToLot(const Row& r) {
    return {r.Int(0),
            r.Int(1),
            r.Int(2),
            r.Text(3),
            r.Int(4),
            r.Enum(5, domain::ParseLicenseType),
            r.Int(6),
            r.OptInt(7),
            r.Enum(8, domain::ParseBuyingModel),
            r.OptInt(9),
            r.Bool(10),
            r.OptInt(11),
            r.Int(12),
            r.Enum(13, domain::ParseLicenseModel)};
}

std::string Select(std::string_view rest) { return "SELECT " + std::string(kLotColumns) + " " + std::string(rest); }

Result<std::optional<domain::Lot>> One(Transaction& tx, const std::string& sql, const Params& params) {
    ENT_ASSIGN_OR_RETURN(auto r, tx.QueryOne(sql, params));
    if (!r) return std::optional<domain::Lot>();
    return std::optional<domain::Lot>(ToLot(*r));
}

Result<std::vector<domain::Lot>> Many(Transaction& tx, const std::string& sql, const Params& params) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    std::vector<domain::Lot> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToLot(r));
    return out;
}

// The WHERE clause of a scope, on the lots table aliased `l`.
std::string ScopeWhere(const LotScope& scope, Params& params) {
    std::string sql = " WHERE l.smart_account_id = ? AND (l.quantity > 0 OR l.reserved > 0)";
    params.emplace_back(scope.smart_account_id);
    sql += VirtualAccountFilter(scope.virtual_accounts, "l.virtual_account_id", params);
    if (scope.product) {
        sql += " AND l.product = ?";
        params.emplace_back(*scope.product);
    }
    return sql;
}

}  // namespace

std::string VirtualAccountFilter(const std::optional<std::set<std::int64_t>>& vas, const std::string& column,
                                 Params& params) {
    return vas ? " AND " + InList(column, *vas, params) : "";
}

Result<std::int64_t> LicenseRepository::InsertLot(const domain::Lot& lot, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO license_lots (smart_account_id, virtual_account_id, product, quantity, "
                             "license_type, starts_at, ends_at, buying_model, source_order_line_id, usable, "
                             "root_lot_id, reserved, created_at, license_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?, ?) RETURNING id",
                             {lot.smart_account_id, lot.virtual_account_id, lot.product, lot.quantity,
                              std::string(domain::LicenseTypeName(lot.license_type)), lot.starts_at, Opt(lot.ends_at),
                              std::string(domain::BuyingModelName(lot.buying_model)), Opt(lot.source_order_line_id),
                              Bool(lot.usable), Opt(lot.root_lot_id), lot.reserved, now,
                              std::string(domain::LicenseModelName(lot.license_model))}));
    return r->Int(0);
}

Result<std::optional<domain::Lot>> LicenseRepository::FindLot(std::int64_t lot_id) {
    return One(tx_, Select("FROM license_lots l WHERE l.id = ?"), {lot_id});
}

Result<std::optional<domain::Lot>> LicenseRepository::LotOfLine(std::int64_t line_id) {
    return One(tx_, Select("FROM license_lots l WHERE l.source_order_line_id = ?"), {line_id});
}

Result<std::vector<domain::Lot>> LicenseRepository::Family(std::int64_t root_id) {
    return Many(tx_, Select("FROM license_lots l WHERE l.id = ? OR l.root_lot_id = ? ORDER BY l.id"),
                {root_id, root_id});
}

Result<std::optional<domain::Lot>> LicenseRepository::FamilyLotIn(std::int64_t root_id,
                                                                  std::int64_t virtual_account_id) {
    // Two key lookups: the root itself, else the family's lot by its root. As
    // one query with OR, the planner may scan the VA's lots instead, which
    // made a 10,000-license transfer quadratic (the destination VA grows as
    // the transfer executes).
    ENT_ASSIGN_OR_RETURN(auto root, One(tx_, Select("FROM license_lots l WHERE l.id = ? AND l.virtual_account_id = ?"),
                                        {root_id, virtual_account_id}));
    if (root) return root;
    return One(tx_,
               Select("FROM license_lots l WHERE l.root_lot_id = ? AND l.virtual_account_id = ? ORDER BY l.id LIMIT 1"),
               {root_id, virtual_account_id});
}

Result<std::vector<domain::Lot>> LicenseRepository::LotsOf(const domain::PoolKey& pool) {
    return Many(tx_,
                Select("FROM license_lots l WHERE l.virtual_account_id = ? AND l.product = ? AND l.license_model = ? "
                       "AND (l.quantity > 0 OR l.reserved > 0) ORDER BY l.id"),
                {pool.virtual_account_id, pool.product, std::string(domain::LicenseModelName(pool.model))});
}

Status LicenseRepository::LockPool(const domain::PoolKey& pool) {
    // A write to every lot of the pool: it waits for whoever holds the pool,
    // and makes a SERIALIZABLE transaction that changes one of these lots
    // meanwhile (a move, a transfer) fail and retry instead of missing a lease.
    ENT_TRY(
        tx_.Exec("UPDATE license_lots SET reserved = reserved WHERE virtual_account_id = ? AND product = ? AND "
                 "license_model = ?",
                 {pool.virtual_account_id, pool.product, std::string(domain::LicenseModelName(pool.model))}));
    return Ok();
}

Status LicenseRepository::SetBalance(std::int64_t lot_id, std::int64_t quantity, std::int64_t reserved) {
    ENT_TRY(tx_.Exec("UPDATE license_lots SET quantity = ?, reserved = ? WHERE id = ?", {quantity, reserved, lot_id}));
    return Ok();
}

Status LicenseRepository::Relocate(std::int64_t lot_id, std::int64_t sa, std::int64_t va, bool usable) {
    ENT_TRY(tx_.Exec("UPDATE license_lots SET smart_account_id = ?, virtual_account_id = ?, usable = ? WHERE id = ?",
                     {sa, va, Bool(usable), lot_id}));
    return Ok();
}

Status LicenseRepository::AddEntry(std::int64_t lot_id, const std::string& kind, std::int64_t quantity, std::int64_t sa,
                                   std::int64_t va, Micros now, const std::string& reference) {
    ENT_TRY(
        tx_.Exec("INSERT INTO ledger_entries (lot_id, kind, quantity, smart_account_id, virtual_account_id, at, "
                 "reference) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {lot_id, kind, quantity, sa, va, now, reference}));
    return Ok();
}

Result<std::vector<LotListing>> LicenseRepository::List(const LotScope& scope, std::int64_t after_id, int limit) {
    Params params;
    std::string sql = Select(
        ", o.sales_order_number, ol.line_number, v.name FROM license_lots l "
        "JOIN virtual_accounts v ON v.id = l.virtual_account_id "
        "LEFT JOIN license_lots root ON root.id = COALESCE(l.root_lot_id, l.id) "
        "LEFT JOIN order_lines ol ON ol.id = root.source_order_line_id LEFT JOIN orders o ON o.id = ol.order_id");
    sql += ScopeWhere(scope, params) + " AND l.id > ? ORDER BY l.id LIMIT ?";
    params.emplace_back(after_id);
    params.emplace_back(static_cast<std::int64_t>(limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<LotListing> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        LotListing l{ToLot(r), r.OptText(14), std::nullopt, r.Text(16)};
        if (auto n = r.OptInt(15)) l.line_number = static_cast<int>(*n);
        out.push_back(std::move(l));
    }
    return out;
}

Result<std::vector<domain::Lot>> LicenseRepository::All(const LotScope& scope) {
    Params params;
    std::string sql = Select("FROM license_lots l") + ScopeWhere(scope, params) +
                      " ORDER BY l.virtual_account_id, l.product, l.license_model, l.id";
    return Many(tx_, sql, params);
}

Result<std::vector<UsageTotal>> LicenseRepository::InUse(const LotScope& scope, Micros now) {
    // Devices' usage draws on the device pools, held leases on the floating ones.
    Params params;
    // The scope's VAs and product, on a table aliased `t`, appending their values in order.
    auto narrowed = [&](std::string sql) {
        sql += VirtualAccountFilter(scope.virtual_accounts, "t.virtual_account_id", params);
        if (scope.product) {
            sql += " AND t.product = ?";
            params.emplace_back(*scope.product);
        }
        return sql + " GROUP BY t.virtual_account_id, t.product";
    };
    params.emplace_back(scope.smart_account_id);
    const std::string devices = narrowed(
        "SELECT t.virtual_account_id, t.product, 'device', SUM(t.count) FROM device_usage t JOIN virtual_accounts v "
        "ON v.id = t.virtual_account_id WHERE v.smart_account_id = ?");
    params.emplace_back(scope.smart_account_id);
    params.emplace_back(now);
    const std::string leases = narrowed(
        "SELECT t.virtual_account_id, t.product, 'floating', SUM(t.count) FROM leases t WHERE t.smart_account_id = ? "
        "AND t.released_at IS NULL AND t.expires_at > ?");
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(devices + " UNION ALL " + leases + " ORDER BY 1, 2, 3", params));
    std::vector<UsageTotal> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({domain::PoolKey{r.Int(0), r.Text(1), r.Enum(2, domain::ParseLicenseModel)}, r.Int(3)});
    }
    return out;
}

Result<std::int64_t> LicenseRepository::InUseOf(const domain::PoolKey& pool, Micros now) {
    const bool floating = pool.model == domain::LicenseModel::kFloating;
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne(floating ? "SELECT COALESCE(SUM(count), 0) FROM leases WHERE virtual_account_id = ? AND "
                                        "product = ? AND released_at IS NULL AND expires_at > ?"
                                      : "SELECT COALESCE(SUM(count), 0) FROM device_usage WHERE "
                                        "virtual_account_id = ? AND product = ?",
                             floating ? Params{pool.virtual_account_id, pool.product, now}
                                      : Params{pool.virtual_account_id, pool.product}));
    return r->Int(0);
}

}  // namespace entitled::storage
