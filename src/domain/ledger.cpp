#include "domain/ledger.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace entitled::domain {
namespace {

constexpr std::array<std::pair<LedgerKind, std::string_view>, 7> kKinds = {{
    {LedgerKind::kDeposit, "deposit"},
    {LedgerKind::kMoveOut, "move_out"},
    {LedgerKind::kMoveIn, "move_in"},
    {LedgerKind::kReserve, "reserve"},
    {LedgerKind::kRelease, "release"},
    {LedgerKind::kTransferOut, "transfer_out"},
    {LedgerKind::kTransferIn, "transfer_in"},
}};

std::int64_t Unreserved(const LotBalance& b) { return b.quantity - b.reserved; }

}  // namespace

std::string_view LedgerKindName(LedgerKind k) {
    for (const auto& [kind, name] : kKinds) {
        if (kind == k) return name;
    }
    return "";
}

std::optional<LedgerKind> ParseLedgerKind(std::string_view s) {
    for (const auto& [kind, name] : kKinds) {
        if (name == s) return kind;
    }
    return std::nullopt;
}

LedgerOutcome Apply(LotBalance& balance, LedgerKind kind, std::int64_t quantity) {
    if (quantity <= 0) return LedgerOutcome::kNonPositive;
    switch (kind) {
        case LedgerKind::kDeposit:
        case LedgerKind::kMoveIn:
        case LedgerKind::kTransferIn:
            if (quantity > kMaxLotQuantity - balance.quantity) return LedgerOutcome::kOverflow;
            balance.quantity += quantity;
            return LedgerOutcome::kOk;
        case LedgerKind::kMoveOut:
            if (quantity > Unreserved(balance)) return LedgerOutcome::kInsufficient;
            balance.quantity -= quantity;
            return LedgerOutcome::kOk;
        case LedgerKind::kReserve:
            if (quantity > Unreserved(balance)) return LedgerOutcome::kInsufficient;
            balance.reserved += quantity;
            return LedgerOutcome::kOk;
        case LedgerKind::kRelease:
            if (quantity > balance.reserved) return LedgerOutcome::kNotReserved;
            balance.reserved -= quantity;
            return LedgerOutcome::kOk;
        case LedgerKind::kTransferOut:
            if (quantity > balance.reserved) return LedgerOutcome::kNotReserved;
            balance.reserved -= quantity;
            balance.quantity -= quantity;
            return LedgerOutcome::kOk;
    }
    return LedgerOutcome::kNonPositive;
}

Allocation AllocateUsage(const std::vector<LotSlot>& slots, std::int64_t in_use) {
    Allocation out;
    out.in_use.assign(slots.size(), 0);
    std::int64_t left = std::max<std::int64_t>(in_use, 0);
    for (std::size_t i = 0; i < slots.size() && left > 0; ++i) {
        if (!slots[i].for_devices) continue;
        const std::int64_t take = std::min(left, std::max<std::int64_t>(slots[i].free, 0));
        out.in_use[i] = take;
        left -= take;
    }
    out.shortage = left;
    return out;
}

std::int64_t Consumable(const std::vector<LotSlot>& slots) {
    std::int64_t free = 0;
    for (const auto& s : slots) {
        if (s.for_devices) free += s.free;
    }
    return free;
}

ProductTotals Totals(const std::vector<std::int64_t>& quantities, const std::vector<LotSlot>& slots,
                     std::int64_t in_use) {
    ProductTotals t;
    for (auto q : quantities) t.purchased += q;
    const std::int64_t free = Consumable(slots);
    std::int64_t all_free = 0;
    for (const auto& s : slots) all_free += s.free;
    t.reserved = t.purchased - all_free;
    t.in_use = in_use;
    t.available = std::max<std::int64_t>(free - in_use, 0);
    t.shortage = std::max<std::int64_t>(in_use - free, 0);
    return t;
}

std::int64_t Movable(const std::vector<LotSlot>& slots, std::int64_t in_use) {
    const Allocation used = AllocateUsage(slots, in_use);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) total += std::max<std::int64_t>(slots[i].free - used.in_use[i], 0);
    return total;
}

std::optional<std::vector<Take>> PlanTake(const std::vector<LotSlot>& slots, std::int64_t in_use,
                                          std::int64_t quantity) {
    if (quantity <= 0 || quantity > Movable(slots, in_use)) return std::nullopt;
    const Allocation used = AllocateUsage(slots, in_use);
    std::vector<Take> plan;
    std::int64_t left = quantity;
    for (std::size_t i = slots.size(); i-- > 0 && left > 0;) {
        const std::int64_t spare = std::max<std::int64_t>(slots[i].free - used.in_use[i], 0);
        const std::int64_t take = std::min(left, spare);
        if (take == 0) continue;
        plan.push_back({i, take});
        left -= take;
    }
    return plan;
}

}  // namespace entitled::domain
