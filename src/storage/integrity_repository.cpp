#include "storage/integrity_repository.hpp"

namespace entitled::storage {
namespace {

struct Check {
    const char* invariant;
    const char* sql;  // returns one text column per violation
};

// Quantities are conserved: a lot's balance is what its ledger says, every
// deposited line has exactly one lot where the line points, and nothing is
// deposited that should not have been.
constexpr Check kChecks[] = {
    {"lot balance equals its ledger",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ': quantity ' || CAST(l.quantity AS TEXT) || ', ledger ' || "
     "CAST(COALESCE(SUM(CASE e.kind WHEN 'deposit' THEN e.quantity WHEN 'transfer_in' THEN e.quantity "
     "WHEN 'transfer_out' THEN -e.quantity ELSE 0 END), 0) AS TEXT) FROM license_lots l LEFT JOIN ledger_entries e ON "
     "e.lot_id = l.id GROUP BY l.id, l.quantity HAVING l.quantity <> COALESCE(SUM(CASE e.kind WHEN 'deposit' THEN "
     "e.quantity WHEN 'transfer_in' THEN e.quantity WHEN 'transfer_out' THEN -e.quantity ELSE 0 END), 0)"},
    {"moves come in pairs",
     "SELECT 'lot ' || CAST(lot_id AS TEXT) || ': ' || CAST(SUM(CASE kind WHEN 'move_out' THEN 1 ELSE 0 END) AS TEXT) "
     "|| "
     "' moves out, ' || CAST(SUM(CASE kind WHEN 'move_in' THEN 1 ELSE 0 END) AS TEXT) || ' in' FROM ledger_entries "
     "GROUP BY lot_id HAVING SUM(CASE kind WHEN 'move_out' THEN 1 ELSE 0 END) <> SUM(CASE kind WHEN 'move_in' THEN 1 "
     "ELSE 0 END)"},
    {"every deposited line has its lot",
     "SELECT 'order line ' || CAST(ol.id AS TEXT) || ' is deposited but has no license lot' FROM order_lines ol "
     "WHERE ol.deposited_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM license_lots l WHERE l.source_order_line_id = "
     "ol.id)"},
    {"every lot from an order is deposited exactly once",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' comes from line ' || CAST(ol.id AS TEXT) || ' which is not deposited' "
     "FROM license_lots l JOIN order_lines ol ON ol.id = l.source_order_line_id WHERE ol.deposited_at IS NULL"},
    {"a deposit entry per lot",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' has ' || CAST(COUNT(e.id) AS TEXT) || ' deposit entries' FROM "
     "license_lots l "
     "LEFT JOIN ledger_entries e ON e.lot_id = l.id AND e.kind = 'deposit' WHERE l.source_order_line_id IS NOT NULL "
     "GROUP BY l.id HAVING COUNT(e.id) <> 1"},
    {"licenses sit where their order line points",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' is in account ' || CAST(l.smart_account_id AS TEXT) || '/' || "
     "CAST(l.virtual_account_id AS TEXT) || ' but its line points to ' || COALESCE(CAST(ol.smart_account_id AS TEXT), "
     "'none') || '/' || COALESCE(CAST(ol.virtual_account_id AS TEXT), 'none') FROM license_lots l JOIN order_lines ol "
     "ON "
     "ol.id = l.source_order_line_id WHERE l.smart_account_id <> COALESCE(ol.smart_account_id, -1) OR "
     "l.virtual_account_id <> COALESCE(ol.virtual_account_id, -1)"},
    {"a lot's virtual account belongs to its account",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' is in a virtual account of another account' FROM license_lots l JOIN "
     "virtual_accounts v ON v.id = l.virtual_account_id WHERE v.smart_account_id <> l.smart_account_id"},
    {"holding accounts hold no usable licenses",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' usable=' || CAST(l.usable AS TEXT) || ' in a ' || a.kind || ' account' "
     "FROM license_lots l JOIN smart_accounts a ON a.id = l.smart_account_id WHERE (a.kind = 'holding' AND l.usable <> "
     "0) "
     "OR (a.kind = 'customer' AND l.usable = 0)"},
    {"deposits only happen off hold",
     "SELECT 'order line ' || CAST(ol.id AS TEXT) || ' is deposited while its account is ' || a.status FROM "
     "order_lines ol "
     "JOIN license_lots l ON l.source_order_line_id = ol.id JOIN smart_accounts a ON a.id = l.smart_account_id "
     "WHERE ol.deposited_at IS NOT NULL AND a.status = 'pending'"},
    {"every account has a DEFAULT virtual account",
     "SELECT 'account ' || CAST(a.id AS TEXT) || ' has no DEFAULT virtual account' FROM smart_accounts a WHERE NOT "
     "EXISTS "
     "(SELECT 1 FROM virtual_accounts v WHERE v.smart_account_id = a.id AND v.name = 'DEFAULT')"},
    {"every active account has an administrator",
     "SELECT 'account ' || CAST(a.id AS TEXT) || ' is active without an sa_admin' FROM smart_accounts a WHERE "
     "a.status = 'active' AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.smart_account_id = a.id AND m.role = "
     "'sa_admin')"},
};

}  // namespace

Result<std::vector<Violation>> FindViolations(Transaction& tx) {
    std::vector<Violation> out;
    for (const auto& check : kChecks) {
        ENT_ASSIGN_OR_RETURN(auto rows, tx.Query(check.sql));
        for (const auto& r : rows) out.push_back({check.invariant, r.Text(0)});
    }
    return out;
}

}  // namespace entitled::storage
