#include "storage/integrity_repository.hpp"

#include "storage/audit_repository.hpp"

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
     "CAST(COALESCE(SUM(CASE WHEN e.kind IN ('deposit', 'move_in', 'transfer_in') THEN e.quantity WHEN e.kind IN "
     "('move_out', 'transfer_out') THEN -e.quantity ELSE 0 END), 0) AS TEXT) FROM license_lots l LEFT JOIN "
     "ledger_entries e ON e.lot_id = l.id GROUP BY l.id, l.quantity HAVING l.quantity <> COALESCE(SUM(CASE WHEN "
     "e.kind IN ('deposit', 'move_in', 'transfer_in') THEN e.quantity WHEN e.kind IN ('move_out', 'transfer_out') "
     "THEN -e.quantity ELSE 0 END), 0)"},
    {"reservations equal their ledger",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ': reserved ' || CAST(l.reserved AS TEXT) || ', ledger ' || "
     "CAST(COALESCE(SUM(CASE e.kind WHEN 'reserve' THEN e.quantity WHEN 'release' THEN -e.quantity WHEN "
     "'transfer_out' THEN -e.quantity ELSE 0 END), 0) AS TEXT) FROM license_lots l LEFT JOIN ledger_entries e ON "
     "e.lot_id = l.id GROUP BY l.id, l.reserved HAVING l.reserved <> COALESCE(SUM(CASE e.kind WHEN 'reserve' THEN "
     "e.quantity WHEN 'release' THEN -e.quantity WHEN 'transfer_out' THEN -e.quantity ELSE 0 END), 0)"},
    {"nothing reserved beyond what a lot holds",
     "SELECT 'lot ' || CAST(id AS TEXT) || ' reserves ' || CAST(reserved AS TEXT) || ' of ' || CAST(quantity AS TEXT) "
     "FROM license_lots WHERE reserved > quantity OR quantity < 0 OR reserved < 0"},
    {"ledger entries carry positive quantities",
     "SELECT 'ledger entry ' || CAST(id AS TEXT) || ' has quantity ' || CAST(quantity AS TEXT) FROM ledger_entries "
     "WHERE quantity <= 0"},
    {"moves conserve quantity",
     "SELECT 'move ' || COALESCE(reference, '(none)') || ': ' || CAST(SUM(CASE kind WHEN 'move_out' THEN quantity "
     "ELSE 0 END) AS TEXT) || ' out, ' || CAST(SUM(CASE kind WHEN 'move_in' THEN quantity ELSE 0 END) AS TEXT) || "
     "' in' FROM ledger_entries WHERE kind IN ('move_out', 'move_in') GROUP BY reference HAVING SUM(CASE kind WHEN "
     "'move_out' THEN quantity ELSE 0 END) <> SUM(CASE kind WHEN 'move_in' THEN quantity ELSE 0 END)"},
    {"a line's licenses add up to its quantity",
     "SELECT 'order line ' || CAST(ol.id AS TEXT) || ': quantity ' || CAST(ol.quantity AS TEXT) || ', licenses ' || "
     "CAST(SUM(f.quantity) AS TEXT) FROM order_lines ol JOIN license_lots r ON r.source_order_line_id = ol.id JOIN "
     "license_lots f ON f.id = r.id OR f.root_lot_id = r.id GROUP BY ol.id, ol.quantity HAVING SUM(f.quantity) <> "
     "ol.quantity"},
    {"split lots belong to a deposited lot of the same product",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' splits off lot ' || CAST(l.root_lot_id AS TEXT) FROM license_lots l "
     "LEFT JOIN license_lots r ON r.id = l.root_lot_id WHERE l.root_lot_id IS NOT NULL AND (r.id IS NULL OR "
     "r.root_lot_id IS NOT NULL OR r.product <> l.product OR l.source_order_line_id IS NOT NULL)"},
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
    {"licenses stay in the account their order line points to until transferred",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' holds ' || CAST(l.quantity AS TEXT) || ' in account ' || "
     "CAST(l.smart_account_id AS TEXT) || ' but its line points to ' || COALESCE(CAST(ol.smart_account_id AS TEXT), "
     "'none') FROM license_lots r JOIN order_lines ol ON ol.id = r.source_order_line_id JOIN license_lots l ON "
     "(l.id = r.id OR l.root_lot_id = r.id) WHERE l.quantity > 0 AND l.smart_account_id <> "
     "COALESCE(ol.smart_account_id, -1) AND NOT EXISTS (SELECT 1 FROM license_lots t JOIN ledger_entries e ON "
     "e.lot_id = t.id WHERE (t.id = r.id OR t.root_lot_id = r.id) AND e.kind = 'transfer_in')"},
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
    {"devices and tokens sit in a virtual account of their account",
     "SELECT 'device ' || CAST(d.id AS TEXT) || ' is in a virtual account of another account' FROM devices d JOIN "
     "virtual_accounts v ON v.id = d.virtual_account_id WHERE v.smart_account_id <> d.smart_account_id UNION ALL "
     "SELECT 'registration token ' || CAST(t.id AS TEXT) || ' is for a virtual account of another account' FROM "
     "registration_tokens t JOIN virtual_accounts v ON v.id = t.virtual_account_id WHERE v.smart_account_id <> "
     "t.smart_account_id"},
    {"usage belongs to live devices in their virtual account",
     "SELECT 'device ' || CAST(u.device_id AS TEXT) || ' reports ' || u.product || ' but is ' || CASE WHEN "
     "d.deleted_at IS NOT NULL THEN 'deleted' ELSE 'in another virtual account' END FROM device_usage u JOIN devices "
     "d ON d.id = u.device_id WHERE d.deleted_at IS NOT NULL OR d.virtual_account_id <> u.virtual_account_id"},
    {"a device serial is registered once per account",
     "SELECT 'serial ' || serial || ' is registered ' || CAST(COUNT(*) AS TEXT) || ' times in account ' || "
     "CAST(smart_account_id AS TEXT) FROM devices WHERE deleted_at IS NULL GROUP BY smart_account_id, serial HAVING "
     "COUNT(*) > 1"},
    {"registration tokens are used at most as often as allowed",
     "SELECT 'registration token ' || CAST(t.id AS TEXT) || ' allows ' || CAST(t.max_uses AS TEXT) || ' uses but "
     "registered ' || CAST(COUNT(d.id) AS TEXT) || ' devices (counted ' || CAST(t.uses AS TEXT) || ')' FROM "
     "registration_tokens t LEFT JOIN devices d ON d.token_id = t.id GROUP BY t.id, t.max_uses, t.uses HAVING "
     "COUNT(d.id) > t.max_uses OR t.uses <> COUNT(d.id)"},
    {"reservations match open transfers",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' reserves ' || CAST(l.reserved AS TEXT) || ' but open transfers hold ' "
     "|| CAST(COALESCE((SELECT SUM(a.quantity) FROM transfer_assets a JOIN transfers t ON t.id = a.transfer_id WHERE "
     "a.license_lot_id = l.id AND a.outcome = 'pending' AND t.status NOT IN ('compliance_screening_rejected', "
     "'transfer_completed', 'transfer_completed_with_failure', 'cancelled')), 0) AS TEXT) FROM license_lots l WHERE "
     "l.reserved <> COALESCE((SELECT SUM(a.quantity) FROM transfer_assets a JOIN transfers t ON t.id = a.transfer_id "
     "WHERE a.license_lot_id = l.id AND a.outcome = 'pending' AND t.status NOT IN ('compliance_screening_rejected', "
     "'transfer_completed', 'transfer_completed_with_failure', 'cancelled')), 0)"},
    {"devices are reserved only by the open transfer that holds them",
     "SELECT 'device ' || CAST(d.id AS TEXT) || ' is reserved by transfer ' || CAST(d.reserved_by_transfer AS TEXT) "
     "|| ', which does not hold it' FROM devices d WHERE d.reserved_by_transfer IS NOT NULL AND NOT EXISTS (SELECT 1 "
     "FROM transfer_assets a JOIN transfers t ON t.id = a.transfer_id WHERE a.device_id = d.id AND t.id = "
     "d.reserved_by_transfer AND a.outcome = 'pending' AND t.status NOT IN ('compliance_screening_rejected', "
     "'transfer_completed', 'transfer_completed_with_failure', 'cancelled')) UNION ALL SELECT 'transfer ' || t.number "
     "|| ' holds device ' || CAST(a.device_id AS TEXT) || ' without its reservation' FROM transfer_assets a JOIN "
     "transfers t ON t.id = a.transfer_id JOIN devices d ON d.id = a.device_id WHERE a.outcome = 'pending' AND "
     "t.status NOT IN ('compliance_screening_rejected', 'transfer_completed', 'transfer_completed_with_failure', "
     "'cancelled') AND COALESCE(d.reserved_by_transfer, -1) <> t.id"},
    {"ended transfers hold nothing",
     "SELECT 'transfer ' || t.number || ' is ' || t.status || ' with ' || CAST(COUNT(a.id) AS TEXT) || ' assets "
     "still pending' FROM transfers t JOIN transfer_assets a ON a.transfer_id = t.id WHERE a.outcome = 'pending' AND "
     "t.status IN ('compliance_screening_rejected', 'transfer_completed', 'transfer_completed_with_failure', "
     "'cancelled') GROUP BY t.number, t.status"},
    {"moved licenses arrived where the transfer sent them",
     "SELECT 'transfer ' || t.number || ': ' || CAST(SUM(CASE e.kind WHEN 'transfer_out' THEN e.quantity ELSE 0 END) "
     "AS TEXT) || ' out, ' || CAST(SUM(CASE e.kind WHEN 'transfer_in' THEN e.quantity ELSE 0 END) AS TEXT) || ' in' "
     "FROM transfers t JOIN ledger_entries e ON e.reference = t.number WHERE e.kind IN ('transfer_out', "
     "'transfer_in') GROUP BY t.id, t.number HAVING SUM(CASE e.kind WHEN 'transfer_out' THEN e.quantity ELSE 0 END) <> "
     "SUM(CASE e.kind WHEN 'transfer_in' THEN e.quantity ELSE 0 END) OR SUM(CASE e.kind WHEN 'transfer_out' THEN "
     "e.quantity ELSE 0 END) <> COALESCE((SELECT SUM(a.quantity) FROM transfer_assets a WHERE a.transfer_id = t.id "
     "AND a.kind = 'license' AND a.outcome = 'moved'), 0)"},
    {"lots keep the license model of their order line",
     "SELECT 'lot ' || CAST(l.id AS TEXT) || ' is ' || l.license_model || ' but its order line is ' || "
     "ol.license_model FROM license_lots l JOIN license_lots r ON r.id = COALESCE(l.root_lot_id, l.id) JOIN "
     "order_lines ol ON ol.id = r.source_order_line_id WHERE l.license_model <> ol.license_model"},
    {"leases are held by live devices of their virtual account",
     "SELECT 'lease ' || CAST(s.id AS TEXT) || ' is held by device ' || CAST(s.device_id AS TEXT) || ', which is ' "
     "|| CASE WHEN d.deleted_at IS NOT NULL THEN 'deleted' ELSE 'in another virtual account' END FROM leases s JOIN "
     "devices d ON d.id = s.device_id WHERE s.released_at IS NULL AND (d.deleted_at IS NOT NULL OR "
     "d.virtual_account_id <> s.virtual_account_id)"},
    // When each open lease was taken, the open leases of its pool held then
    // fit in the pool's floating seats (as they are now: moves and transfers
    // never take leased seats).
    {"leases never hold more seats than their floating pool",
     "SELECT 'virtual account ' || CAST(l.virtual_account_id AS TEXT) || ': ' || l.product || ' leases held ' || "
     "CAST(SUM(o.count) AS TEXT) || ' seats of ' || CAST(COALESCE(MAX(p.seats), 0) AS TEXT) || ' when lease ' || "
     "CAST(l.id AS TEXT) || ' was taken' FROM leases l JOIN leases o ON o.virtual_account_id = l.virtual_account_id "
     "AND o.product = l.product AND o.released_at IS NULL AND o.created_at <= l.created_at AND o.expires_at > "
     "l.created_at LEFT JOIN (SELECT virtual_account_id, product, SUM(quantity - reserved) AS seats FROM license_lots "
     "WHERE license_model = 'floating' AND usable = 1 GROUP BY virtual_account_id, product) p ON "
     "p.virtual_account_id = l.virtual_account_id AND p.product = l.product WHERE l.released_at IS NULL GROUP BY "
     "l.id, l.virtual_account_id, l.product HAVING SUM(o.count) > COALESCE(MAX(p.seats), 0)"},
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
    ENT_ASSIGN_OR_RETURN(auto broken, BrokenAuditChain(tx));
    for (auto& b : broken) out.push_back({"the audit log is an unbroken hash chain", std::move(b)});
    return out;
}

}  // namespace entitled::storage
