#pragma once
// Posting ledger entries: every change of a lot's quantity or reservation
// goes through Post, which checks the domain rules, appends the entry and
// writes the new balance in the caller's transaction.

#include <string>

#include "domain/ledger.hpp"
#include "storage/license_repository.hpp"

namespace entitled::service {

// On success `lot` holds the new balance. kInsufficient becomes 409
// insufficient_licenses; the other refusals are bugs in the caller (500).
Status Post(storage::LicenseRepository& repo, storage::LotRow& lot, domain::LedgerKind kind, std::int64_t quantity,
            const std::string& reference, Micros now);

// The lot of `root`'s family in that VA, created empty when there is none.
Result<storage::LotRow> FamilyLotIn(storage::LicenseRepository& repo, const storage::LotRow& root, std::int64_t sa,
                                    std::int64_t va, bool usable, Micros now);

// Moves `quantity` of `from` into its family's lot in `va` (move_out + move_in, one reference).
Status MoveQuantity(storage::LicenseRepository& repo, storage::LotRow& from, const storage::LotRow& root,
                    std::int64_t va, std::int64_t quantity, const std::string& reference, Micros now);

// Gathers the lots of a line's family that are still in the line's account
// into one lot at (sa, va): an order line re-assigned before its licenses
// became a customer's. Refused while any of them is reserved by an open
// transfer.
Status MoveFamily(storage::LicenseRepository& repo, const storage::LotRow& root, std::int64_t sa, std::int64_t va,
                  bool usable, const std::string& reference, Micros now);

}  // namespace entitled::service
