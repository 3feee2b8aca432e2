#pragma once
// The ledger, and the one way licenses change place.
//
// Post appends one entry and writes the lot's new balance in the caller's
// transaction; nothing else changes a lot's quantity or reservation.
//
// MoveLicenses is every movement of licenses between Virtual Accounts or
// accounts, whatever the cause — a move between an account's VAs, an order
// line's re-assignment, an asset transfer's execution, a reservation for an
// air-gapped device. Each goes through the same three steps: one
// authorization question (domain::Action::kMoveLicenses, whose answer
// depends on the cause), one set of rules (domain::CheckLicenseMove:
// destination status and kind, licenses in use, across accounts only by
// transfer) and one way of writing the ledger. So no path can reach the same
// effect under different rules.

#include <string>
#include <variant>
#include <vector>

#include "domain/ledger.hpp"
#include "domain/orders.hpp"
#include "service/actor.hpp"
#include "storage/license_repository.hpp"

namespace entitled::service {

// On success `lot` holds the new balance. kInsufficient becomes 409
// insufficient_licenses; the other refusals are bugs in the caller (500).
Status Post(storage::LicenseRepository& repo, domain::Lot& lot, domain::LedgerKind kind, std::int64_t quantity,
            const std::string& reference, Micros now);

// What moves. Free licenses of a product in one VA, taken newest lot first so
// the oldest stay with the devices using them (VA moves, reservations).
struct FreeLicenses {
    domain::PoolKey pool;
    std::int64_t quantity = 0;
};
// An order line's lots in the account the line is assigned to, moved whole
// and gathered into the line's root lot at the destination (re-assignment).
struct LineFamily {
    domain::Lot root;
};
// What an asset transfer reserved of one lot at submission.
struct ReservedLicenses {
    domain::Lot lot;
    std::int64_t quantity = 0;
};
using MoveSource = std::variant<FreeLicenses, LineFamily, ReservedLicenses>;

struct LicenseMovement {
    domain::MoveCause cause = domain::MoveCause::kVirtualAccountMove;
    MoveSource source;
    std::int64_t to_virtual_account_id = 0;      // the destination; its account follows
    const domain::OrderLineRef* line = nullptr;  // kReassignment: the line whose licenses move
    std::string reference;                       // ties the entries of one movement together
};

// Errors: the authorization's (404/403, 403 license_move_forbidden), 422
// naming `to_virtual_account_id` for an unknown destination, and the
// refusals of domain::CheckLicenseMove as 409s: smart_account_not_active,
// not_active_customer, use_asset_transfer, insufficient_licenses (with
// `available`), licenses_expired.
Status MoveLicenses(storage::Transaction& tx, const Actor& actor, const LicenseMovement& movement, Micros now);

}  // namespace entitled::service
