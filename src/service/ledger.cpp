#include "service/ledger.hpp"

namespace entitled::service {

Status Post(storage::LicenseRepository& repo, storage::LotRow& lot, domain::LedgerKind kind, std::int64_t quantity,
            const std::string& reference, Micros now) {
    domain::LotBalance balance{lot.quantity, lot.reserved};
    switch (domain::Apply(balance, kind, quantity)) {
        case domain::LedgerOutcome::kOk:
            break;
        case domain::LedgerOutcome::kInsufficient:
            return MakeError(ErrorCode::kConflict, "insufficient_licenses", "insufficient_licenses")
                .With("product", lot.product)
                .With("available", std::to_string(lot.quantity - lot.reserved));
        case domain::LedgerOutcome::kOverflow:
            return MakeError(ErrorCode::kConflict, "quantity_overflow", "quantity_overflow")
                .With("product", lot.product);
        default: {
            Error e = MakeError(ErrorCode::kInternal, "internal", "internal");
            e.internal = "ledger refused " + std::string(domain::LedgerKindName(kind)) + " of " +
                         std::to_string(quantity) + " on lot " + std::to_string(lot.id);
            return e;
        }
    }
    ENT_TRY(repo.AddEntry(lot.id, std::string(domain::LedgerKindName(kind)), quantity, lot.smart_account_id,
                          lot.virtual_account_id, now, reference));
    ENT_TRY(repo.SetBalance(lot.id, balance.quantity, balance.reserved));
    lot.quantity = balance.quantity;
    lot.reserved = balance.reserved;
    return Ok();
}

Result<storage::LotRow> FamilyLotIn(storage::LicenseRepository& repo, const storage::LotRow& root, std::int64_t sa,
                                    std::int64_t va, bool usable, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto existing, repo.FamilyLotIn(root.id, va));
    if (existing) return std::move(*existing);
    storage::LotRow lot = root;
    lot.smart_account_id = sa;
    lot.virtual_account_id = va;
    lot.quantity = 0;
    lot.reserved = 0;
    lot.usable = usable;
    lot.source_order_line_id.reset();  // only the root names its line; the family shares it
    lot.root_lot_id = root.id;
    ENT_ASSIGN_OR_RETURN(lot.id, repo.InsertLot(lot, now));
    return lot;
}

Status MoveQuantity(storage::LicenseRepository& repo, storage::LotRow& from, const storage::LotRow& root,
                    std::int64_t va, std::int64_t quantity, const std::string& reference, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto to, FamilyLotIn(repo, root, from.smart_account_id, va, from.usable, now));
    ENT_TRY(Post(repo, from, domain::LedgerKind::kMoveOut, quantity, reference, now));
    return Post(repo, to, domain::LedgerKind::kMoveIn, quantity, reference, now);
}

Status MoveFamily(storage::LicenseRepository& repo, const storage::LotRow& root, std::int64_t sa, std::int64_t va,
                  bool usable, const std::string& reference, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto all, repo.Family(root.id));
    // Licenses an asset transfer gave to another account are that account's now: they stay.
    std::vector<storage::LotRow> family;
    for (auto& lot : all) {
        if (lot.smart_account_id == root.smart_account_id) family.push_back(std::move(lot));
    }
    for (const auto& lot : family) {
        if (lot.reserved > 0) {
            return MakeError(ErrorCode::kConflict, "licenses_reserved", "licenses_reserved")
                .With("product", lot.product);
        }
    }
    // Every lot moves out, the root relocates, and everything moves back into it.
    std::int64_t gathered = 0;
    for (auto lot : family) {
        if (lot.quantity == 0) continue;
        gathered += lot.quantity;
        ENT_TRY(Post(repo, lot, domain::LedgerKind::kMoveOut, lot.quantity, reference, now));
    }
    ENT_TRY(repo.Relocate(root.id, sa, va, usable));
    storage::LotRow target = family.front();
    target.smart_account_id = sa;
    target.virtual_account_id = va;
    target.usable = usable;
    target.quantity = 0;
    if (gathered > 0) ENT_TRY(Post(repo, target, domain::LedgerKind::kMoveIn, gathered, reference, now));
    return Ok();
}

}  // namespace entitled::service
