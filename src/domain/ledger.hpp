#pragma once
// License quantities (SPEC §4): a lot's balance changes only through ledger
// entries, and devices consume what is free in their Virtual Account. These
// are the plain rules; storage keeps the entries and the running balance in
// one transaction, and `entitled check` replays the entries to prove them.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace entitled::domain {

enum class LedgerKind { kDeposit, kMoveOut, kMoveIn, kReserve, kRelease, kTransferOut, kTransferIn };

std::string_view LedgerKindName(LedgerKind k);
std::optional<LedgerKind> ParseLedgerKind(std::string_view s);

// `reserved` is the part of `quantity` held for an open transfer.
struct LotBalance {
    std::int64_t quantity = 0;
    std::int64_t reserved = 0;
    bool operator==(const LotBalance&) const = default;
};

enum class LedgerOutcome {
    kOk,
    kNonPositive,   // an entry always carries a positive quantity
    kOverflow,      // the balance would pass kMaxLotQuantity
    kInsufficient,  // more than the unreserved quantity would leave or be reserved
    kNotReserved,   // more than is reserved would be released or transferred out
};

constexpr std::int64_t kMaxLotQuantity = 1'000'000'000'000;  // far above any order line, far below INT64_MAX

// Applies one entry to `balance`; on any outcome but kOk the balance is unchanged.
// Ins add; move_out takes unreserved quantity; reserve holds unreserved quantity;
// release lets go of reserved quantity; transfer_out takes reserved quantity
// (a transfer reserved it at submission).
LedgerOutcome Apply(LotBalance& balance, LedgerKind kind, std::int64_t quantity);

// One lot as devices and moves see it: `free` is quantity minus reserved;
// `for_devices` is false for lots devices may not consume (holding
// accounts). Expired lots are left out by the caller.
struct LotSlot {
    std::int64_t free = 0;
    bool for_devices = true;
};

// Usage fills the device-usable lots in order (oldest first); what does not fit is the shortage.
struct Allocation {
    std::vector<std::int64_t> in_use;  // per slot
    std::int64_t shortage = 0;
};
Allocation AllocateUsage(const std::vector<LotSlot>& slots, std::int64_t in_use);

// What usage (or leases) may consume of a pool: the free part of its usable lots.
std::int64_t Consumable(const std::vector<LotSlot>& slots);

// Per Virtual Account and product (SPEC §4).
struct ProductTotals {
    std::int64_t purchased = 0;  // quantity of unexpired lots
    std::int64_t in_use = 0;
    std::int64_t reserved = 0;
    std::int64_t available = 0;  // free for devices or moves
    std::int64_t shortage = 0;   // in use beyond what devices may consume
};
ProductTotals Totals(const std::vector<std::int64_t>& quantities, const std::vector<LotSlot>& slots,
                     std::int64_t in_use);

// Where a move of `quantity` comes from: the parts of each slot not reserved
// and not consumed by devices, newest lot first so that the oldest lots stay
// with the devices using them. nullopt when there is not enough.
struct Take {
    std::size_t slot = 0;
    std::int64_t quantity = 0;
};
std::optional<std::vector<Take>> PlanTake(const std::vector<LotSlot>& slots, std::int64_t in_use,
                                          std::int64_t quantity);
// What PlanTake could take at most.
std::int64_t Movable(const std::vector<LotSlot>& slots, std::int64_t in_use);

}  // namespace entitled::domain
