#include "service/ledger.hpp"

#include <map>
#include <set>

#include "service/authorize.hpp"
#include "storage/account_repository.hpp"

namespace entitled::service {
namespace {

using domain::MoveRefusal;

// An account and one of its VAs: one end of a move.
struct Place {
    domain::SmartAccount account;
    domain::VirtualAccount va;

    domain::MoveEnd End() const { return {account.id, va.id, account.kind, account.status}; }
    domain::VirtualAccountRef Ref() const { return {account.id, va.id}; }
};

Result<std::optional<Place>> FindPlace(storage::Transaction& tx, std::int64_t va_id) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto va, accounts.FindVirtualAccount(va_id));
    if (!va) return std::optional<Place>();
    ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(va->smart_account_id));
    if (!account) return std::optional<Place>();
    return std::optional<Place>(Place{std::move(*account), std::move(*va)});
}

// A VA's unexpired lots of one product, oldest first (the order devices consume them in), and their usage.
struct Group {
    std::vector<domain::Lot> lots;
    std::vector<domain::LotSlot> slots;
    std::int64_t in_use = 0;

    std::int64_t Movable() const { return domain::Movable(slots, in_use); }
};

Result<Group> GroupOf(storage::LicenseRepository& repo, const domain::PoolKey& pool, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto lots, repo.LotsOf(pool));
    Group g;
    for (auto& lot : lots) {
        if (lot.ExpiredAt(now)) continue;
        g.slots.push_back({lot.quantity - lot.reserved, lot.usable});
        g.lots.push_back(std::move(lot));
    }
    ENT_ASSIGN_OR_RETURN(g.in_use, repo.InUseOf(pool, now));
    return g;
}

Error Refused(MoveRefusal refusal, const Place& to, const std::string& product, std::int64_t available,
              const LicenseMovement& m) {
    (void)m;
    switch (refusal) {
        case MoveRefusal::kDestinationNotActive:
            return MakeError(Problem::kSmartAccountNotActive)
                .With("name", to.account.name)
                .With("status", std::string(domain::AccountStatusName(to.account.status)));
        case MoveRefusal::kDestinationNotCustomer:
            return FieldInvalid("destination_smart_account_id", "not_active_customer", "field.not_active_customer");
        case MoveRefusal::kUseAssetTransfer:
            return MakeError(Problem::kUseAssetTransfer);
        case MoveRefusal::kNotEnoughFree:
            break;
    }
    return MakeError(Problem::kInsufficientLicenses)
        .With("product", product)
        .With("available", std::to_string(available));
}

// The root of `lot`'s family: the lot its order line's deposit created.
Result<domain::Lot> RootOf(storage::LicenseRepository& repo, const domain::Lot& lot) {
    if (!lot.root_lot_id) return lot;
    ENT_ASSIGN_OR_RETURN(auto root, repo.FindLot(*lot.root_lot_id));
    if (!root) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "lot " + std::to_string(lot.id) + " names a missing root lot";
        return e;
    }
    return std::move(*root);
}

// The lot of `root`'s family at `to`, created empty when there is none.
Result<domain::Lot> FamilyLotAt(storage::LicenseRepository& repo, const domain::Lot& root, const Place& to,
                                Micros now) {
    ENT_ASSIGN_OR_RETURN(auto existing, repo.FamilyLotIn(root.id, to.va.id));
    if (existing) return std::move(*existing);
    domain::Lot lot = root;
    lot.smart_account_id = to.account.id;
    lot.virtual_account_id = to.va.id;
    lot.quantity = 0;
    lot.reserved = 0;
    lot.usable = domain::UsableIn(to.account.kind);
    lot.source_order_line_id.reset();  // only the root names its line; the family shares it
    lot.root_lot_id = root.id;
    ENT_ASSIGN_OR_RETURN(lot.id, repo.InsertLot(lot, now));
    return lot;
}

Status Authorize(storage::Transaction& tx, const Actor& actor, const LicenseMovement& m, const Place& from,
                 const Place& to) {
    return Require(tx, actor, domain::Action::kMoveLicenses,
                   domain::LicenseMoveRef{m.cause, from.Ref(), from.account.kind, to.Ref(), m.line});
}

Status MoveFree(storage::Transaction& tx, const Actor& actor, const LicenseMovement& m, const FreeLicenses& what,
                const Place& to, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto from, FindPlace(tx, what.pool.virtual_account_id));
    if (!from) return NotFound();
    ENT_TRY(Authorize(tx, actor, m, *from, to));
    storage::LicenseRepository repo(tx);
    ENT_ASSIGN_OR_RETURN(auto group, GroupOf(repo, what.pool, now));
    if (group.lots.empty()) return FieldInvalid("product", "not_in_virtual_account", "field.not_in_virtual_account");
    if (auto refusal = domain::CheckLicenseMove(m.cause, from->End(), to.End(), what.quantity, group.Movable())) {
        return Refused(*refusal, to, what.pool.product, group.Movable(), m);
    }
    const auto plan = domain::PlanTake(group.slots, group.in_use, what.quantity);
    if (!plan) return Refused(MoveRefusal::kNotEnoughFree, to, what.pool.product, group.Movable(), m);
    for (const auto& take : *plan) {
        domain::Lot& lot = group.lots[take.slot];
        ENT_ASSIGN_OR_RETURN(auto root, RootOf(repo, lot));
        ENT_ASSIGN_OR_RETURN(auto target, FamilyLotAt(repo, root, to, now));
        ENT_TRY(Post(repo, lot, domain::LedgerKind::kMoveOut, take.quantity, m.reference, now));
        ENT_TRY(Post(repo, target, domain::LedgerKind::kMoveIn, take.quantity, m.reference, now));
    }
    return Ok();
}

// A re-assigned line's licenses: every lot of its family still in the line's
// account (what an asset transfer gave away stays with the new owner) leaves,
// the root moves to the destination, and everything is gathered into it.
Status MoveFamily(storage::Transaction& tx, const Actor& actor, const LicenseMovement& m, const LineFamily& what,
                  const Place& to, Micros now) {
    storage::LicenseRepository repo(tx);
    ENT_ASSIGN_OR_RETURN(auto all, repo.Family(what.root.id));
    std::vector<domain::Lot> family;
    for (auto& lot : all) {
        if (lot.smart_account_id == what.root.smart_account_id) family.push_back(std::move(lot));
    }
    // Per source VA: the rights to move out of it, and that what leaves is free.
    std::map<std::int64_t, std::int64_t> leaving;  // VA → quantity
    for (const auto& lot : family) {
        if (lot.reserved > 0) return MakeError(Problem::kLicensesReserved).With("product", lot.product);
        if (lot.virtual_account_id != to.va.id && lot.quantity > 0) leaving[lot.virtual_account_id] += lot.quantity;
    }
    if (leaving.empty() && what.root.virtual_account_id == to.va.id) return Ok();  // already there
    std::set<std::int64_t> source_vas;
    for (const auto& [va, quantity] : leaving) source_vas.insert(va);
    source_vas.insert(what.root.virtual_account_id);
    for (const auto va_id : source_vas) {
        ENT_ASSIGN_OR_RETURN(auto from, FindPlace(tx, va_id));
        if (!from) return NotFound();
        ENT_TRY(Authorize(tx, actor, m, *from, to));
        const auto it = leaving.find(va_id);
        const std::int64_t quantity = it == leaving.end() ? 0 : it->second;
        ENT_ASSIGN_OR_RETURN(auto group, GroupOf(repo, {va_id, what.root.product, what.root.license_model}, now));
        if (auto refusal = domain::CheckLicenseMove(m.cause, from->End(), to.End(), quantity, group.Movable())) {
            return Refused(*refusal, to, what.root.product, group.Movable(), m);
        }
    }
    std::int64_t gathered = 0;
    for (auto lot : family) {
        if (lot.quantity == 0) continue;
        gathered += lot.quantity;
        ENT_TRY(Post(repo, lot, domain::LedgerKind::kMoveOut, lot.quantity, m.reference, now));
    }
    const bool usable = domain::UsableIn(to.account.kind);
    ENT_TRY(repo.Relocate(what.root.id, to.account.id, to.va.id, usable));
    domain::Lot target = what.root;
    target.smart_account_id = to.account.id;
    target.virtual_account_id = to.va.id;
    target.usable = usable;
    target.quantity = 0;
    target.reserved = 0;
    if (gathered > 0) ENT_TRY(Post(repo, target, domain::LedgerKind::kMoveIn, gathered, m.reference, now));
    return Ok();
}

Status MoveReserved(storage::Transaction& tx, const Actor& actor, const LicenseMovement& m,
                    const ReservedLicenses& what, const Place& to, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto from, FindPlace(tx, what.lot.virtual_account_id));
    if (!from) return NotFound();
    ENT_TRY(Authorize(tx, actor, m, *from, to));
    if (what.lot.ExpiredAt(now)) return MakeError(Problem::kLicensesExpired).With("product", what.lot.product);
    if (auto refusal = domain::CheckLicenseMove(m.cause, from->End(), to.End(), what.quantity, what.lot.reserved)) {
        return Refused(*refusal, to, what.lot.product, what.lot.reserved, m);
    }
    storage::LicenseRepository repo(tx);
    domain::Lot lot = what.lot;
    ENT_ASSIGN_OR_RETURN(auto root, RootOf(repo, lot));
    ENT_ASSIGN_OR_RETURN(auto target, FamilyLotAt(repo, root, to, now));
    ENT_TRY(Post(repo, lot, domain::LedgerKind::kTransferOut, what.quantity, m.reference, now));
    return Post(repo, target, domain::LedgerKind::kTransferIn, what.quantity, m.reference, now);
}

}  // namespace

Status Post(storage::LicenseRepository& repo, domain::Lot& lot, domain::LedgerKind kind, std::int64_t quantity,
            const std::string& reference, Micros now) {
    domain::LotBalance balance{lot.quantity, lot.reserved};
    switch (domain::Apply(balance, kind, quantity)) {
        case domain::LedgerOutcome::kOk:
            break;
        case domain::LedgerOutcome::kInsufficient:
            return MakeError(Problem::kInsufficientLicenses)
                .With("product", lot.product)
                .With("available", std::to_string(lot.quantity - lot.reserved));
        case domain::LedgerOutcome::kOverflow:
            return MakeError(Problem::kQuantityOverflow).With("product", lot.product);
        default: {
            Error e = MakeError(Problem::kInternal);
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

Status MoveLicenses(storage::Transaction& tx, const Actor& actor, const LicenseMovement& movement, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto to, FindPlace(tx, movement.to_virtual_account_id));
    if (!to) return FieldInvalid("to_virtual_account_id", "not_found", "field.not_in_account");
    struct Visitor {
        storage::Transaction& tx;
        const Actor& actor;
        const LicenseMovement& m;
        const Place& to;
        Micros now;
        Status operator()(const FreeLicenses& what) const { return MoveFree(tx, actor, m, what, to, now); }
        Status operator()(const LineFamily& what) const { return MoveFamily(tx, actor, m, what, to, now); }
        Status operator()(const ReservedLicenses& what) const { return MoveReserved(tx, actor, m, what, to, now); }
    };
    return std::visit(Visitor{tx, actor, movement, *to, now}, movement.source);
}

}  // namespace entitled::service
