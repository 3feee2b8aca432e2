#include "domain/ledger.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace entitled::domain {
namespace {

TEST(Ledger, KindNamesRoundTrip) {
    for (auto k : {LedgerKind::kDeposit, LedgerKind::kMoveOut, LedgerKind::kMoveIn, LedgerKind::kReserve,
                   LedgerKind::kRelease, LedgerKind::kTransferOut, LedgerKind::kTransferIn}) {
        EXPECT_EQ(ParseLedgerKind(LedgerKindName(k)), k);
    }
    EXPECT_FALSE(ParseLedgerKind("withdraw"));
}

TEST(Ledger, InsAddAndOutsTakeUnreservedQuantity) {
    LotBalance b;
    EXPECT_EQ(Apply(b, LedgerKind::kDeposit, 10), LedgerOutcome::kOk);
    EXPECT_EQ(Apply(b, LedgerKind::kMoveIn, 5), LedgerOutcome::kOk);
    EXPECT_EQ(Apply(b, LedgerKind::kTransferIn, 1), LedgerOutcome::kOk);
    EXPECT_EQ(b, (LotBalance{16, 0}));
    EXPECT_EQ(Apply(b, LedgerKind::kMoveOut, 6), LedgerOutcome::kOk);
    EXPECT_EQ(b, (LotBalance{10, 0}));
}

TEST(Ledger, ReservationsHoldQuantityUntilReleasedOrTransferred) {
    LotBalance b{10, 0};
    EXPECT_EQ(Apply(b, LedgerKind::kReserve, 7), LedgerOutcome::kOk);
    EXPECT_EQ(b, (LotBalance{10, 7}));
    // Only the 3 unreserved may move or be reserved again.
    EXPECT_EQ(Apply(b, LedgerKind::kMoveOut, 4), LedgerOutcome::kInsufficient);
    EXPECT_EQ(Apply(b, LedgerKind::kReserve, 4), LedgerOutcome::kInsufficient);
    EXPECT_EQ(b, (LotBalance{10, 7}));
    EXPECT_EQ(Apply(b, LedgerKind::kTransferOut, 5), LedgerOutcome::kOk);
    EXPECT_EQ(b, (LotBalance{5, 2}));
    EXPECT_EQ(Apply(b, LedgerKind::kTransferOut, 3), LedgerOutcome::kNotReserved);
    EXPECT_EQ(Apply(b, LedgerKind::kRelease, 3), LedgerOutcome::kNotReserved);
    EXPECT_EQ(Apply(b, LedgerKind::kRelease, 2), LedgerOutcome::kOk);
    EXPECT_EQ(b, (LotBalance{5, 0}));
}

TEST(Ledger, RefusesNegativeAndZeroQuantitiesWithoutChangingTheBalance) {
    LotBalance b{3, 1};
    for (auto k : {LedgerKind::kDeposit, LedgerKind::kMoveOut, LedgerKind::kReserve, LedgerKind::kRelease,
                   LedgerKind::kTransferOut}) {
        EXPECT_EQ(Apply(b, k, 0), LedgerOutcome::kNonPositive);
        EXPECT_EQ(Apply(b, k, -5), LedgerOutcome::kNonPositive);
        EXPECT_EQ(Apply(b, k, std::numeric_limits<std::int64_t>::min()), LedgerOutcome::kNonPositive);
    }
    EXPECT_EQ(b, (LotBalance{3, 1}));
    // A move out can never drive a balance below zero.
    EXPECT_EQ(Apply(b, LedgerKind::kMoveOut, 3), LedgerOutcome::kInsufficient);
    EXPECT_EQ(b, (LotBalance{3, 1}));
}

TEST(Ledger, RefusesOverflowWithoutWrapping) {
    LotBalance b{kMaxLotQuantity - 1, 0};
    EXPECT_EQ(Apply(b, LedgerKind::kDeposit, 2), LedgerOutcome::kOverflow);
    EXPECT_EQ(Apply(b, LedgerKind::kMoveIn, std::numeric_limits<std::int64_t>::max()), LedgerOutcome::kOverflow);
    EXPECT_EQ(b.quantity, kMaxLotQuantity - 1);
    EXPECT_EQ(Apply(b, LedgerKind::kTransferIn, 1), LedgerOutcome::kOk);
    EXPECT_EQ(b.quantity, kMaxLotQuantity);
}

TEST(Ledger, UsageFillsDeviceLotsInOrderAndTheRestIsShortage) {
    const std::vector<LotSlot> slots = {{5, true}, {10, false}, {4, true}};
    auto a = AllocateUsage(slots, 7);
    EXPECT_EQ(a.in_use, (std::vector<std::int64_t>{5, 0, 2}));
    EXPECT_EQ(a.shortage, 0);
    a = AllocateUsage(slots, 12);
    EXPECT_EQ(a.in_use, (std::vector<std::int64_t>{5, 0, 4}));
    EXPECT_EQ(a.shortage, 3);
    EXPECT_EQ(AllocateUsage({}, 2).shortage, 2);
    EXPECT_EQ(AllocateUsage(slots, -1).shortage, 0);
}

TEST(Ledger, TotalsPerProduct) {
    // Lots of 10 (3 reserved) and 5, both usable; 9 in use.
    auto t = Totals({10, 5}, {{7, true}, {5, true}}, 9);
    EXPECT_EQ(t.purchased, 15);
    EXPECT_EQ(t.reserved, 3);
    EXPECT_EQ(t.in_use, 9);
    EXPECT_EQ(t.available, 3);
    EXPECT_EQ(t.shortage, 0);
    // In use beyond purchased is a shortage, and nothing is available.
    t = Totals({10}, {{10, true}}, 14);
    EXPECT_EQ(t.available, 0);
    EXPECT_EQ(t.shortage, 4);
    // Licenses in a holding account are purchased but never available to devices.
    t = Totals({50}, {{50, false}}, 2);
    EXPECT_EQ(t.purchased, 50);
    EXPECT_EQ(t.available, 0);
    EXPECT_EQ(t.shortage, 2);
}

TEST(Ledger, MovesTakeWhatDevicesDoNotUseNewestFirst) {
    const std::vector<LotSlot> slots = {{5, true}, {4, true}};
    EXPECT_EQ(Movable(slots, 6), 3);
    auto plan = PlanTake(slots, 6, 3);
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->size(), 1u);
    EXPECT_EQ((*plan)[0].slot, 1u);
    EXPECT_EQ((*plan)[0].quantity, 3);
    plan = PlanTake(slots, 0, 7);
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->size(), 2u);
    EXPECT_EQ((*plan)[0].quantity, 4);
    EXPECT_EQ((*plan)[1].slot, 0u);
    EXPECT_EQ((*plan)[1].quantity, 3);
    EXPECT_FALSE(PlanTake(slots, 6, 4));
    EXPECT_FALSE(PlanTake(slots, 0, 0));
    EXPECT_FALSE(PlanTake(slots, 0, -1));
    // Holding lots move freely: devices never use them.
    EXPECT_EQ(Movable({{8, false}}, 5), 8);
}

}  // namespace
}  // namespace entitled::domain
