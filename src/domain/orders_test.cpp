#include "domain/orders.hpp"

#include <gtest/gtest.h>

namespace entitled::domain {
namespace {

// Every combination of the facts a line's deposit depends on.
TEST(OrderLineRules, HoldAndDepositReadinessOverEveryState) {
    const std::optional<AccountStatus> statuses[] = {std::nullopt, AccountStatus::kPending, AccountStatus::kActive,
                                                     AccountStatus::kExpired, AccountStatus::kInactive};
    for (bool smart : {false, true}) {
        for (bool shipped : {false, true}) {
            for (auto status : statuses) {
                for (bool export_hold : {false, true}) {
                    for (bool deposited : {false, true}) {
                        LineState line{smart, shipped, status, AccountKind::kCustomer, export_hold, deposited};
                        const bool hold = smart && status != AccountStatus::kActive;
                        EXPECT_EQ(OnSaHold(line), hold);
                        EXPECT_EQ(ReadyToDeposit(line), smart && shipped && !hold && !export_hold && !deposited);
                    }
                }
            }
        }
    }
}

TEST(OrderLineRules, ReassignmentBeforeDepositIsFree) {
    LineState line{true, true, AccountStatus::kActive, AccountKind::kCustomer, false, false};
    EXPECT_EQ(ClassifyReassignment(line, false), Reassignment::kFree);
}

TEST(OrderLineRules, LicensesInAHoldingAccountMoveWithTheLine) {
    LineState line{true, true, AccountStatus::kActive, AccountKind::kHolding, false, true};
    EXPECT_EQ(ClassifyReassignment(line, false), Reassignment::kMoveLicenses);
}

TEST(OrderLineRules, AfterDepositIntoACustomerAccountMovingIsATransfer) {
    LineState line{true, true, AccountStatus::kActive, AccountKind::kCustomer, false, true};
    EXPECT_EQ(ClassifyReassignment(line, false), Reassignment::kUseAssetTransfer);
    EXPECT_EQ(ClassifyReassignment(line, true), Reassignment::kMoveLicenses) << "another VA of the same account";
}

TEST(OrderLineRules, OnlyPendingAndActiveAccountsReceiveOrders) {
    EXPECT_TRUE(CanReceiveOrders(AccountStatus::kPending));
    EXPECT_TRUE(CanReceiveOrders(AccountStatus::kActive));
    EXPECT_FALSE(CanReceiveOrders(AccountStatus::kExpired));
    EXPECT_FALSE(CanReceiveOrders(AccountStatus::kInactive));
}

TEST(OrderEnums, RoundTrip) {
    EXPECT_EQ(ParseLicenseType(LicenseTypeName(LicenseType::kTerm)), LicenseType::kTerm);
    EXPECT_EQ(ParseBuyingModel("enterprise_agreement"), BuyingModel::kEnterpriseAgreement);
    EXPECT_FALSE(ParseBuyingModel("subscription"));
}

TEST(OrderLineRules, ALineShipsNowOrEarlierWithinTheClockSkew) {
    const Micros now = 1'800'000'000'000'000LL;
    EXPECT_TRUE(ShipDateAllowed(now - 86'400'000'000LL, now));
    EXPECT_TRUE(ShipDateAllowed(now, now));
    EXPECT_TRUE(ShipDateAllowed(now + kShipClockSkew, now));
    EXPECT_FALSE(ShipDateAllowed(now + kShipClockSkew + 1, now));
    EXPECT_FALSE(ShipDateAllowed(now + 86'400'000'000LL, now));
}

}  // namespace
}  // namespace entitled::domain
