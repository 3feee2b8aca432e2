#include "domain/transfers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

namespace entitled::domain {
namespace {

// SPEC §5's table, written out by wire names independently of transfers.cpp:
// (status, event) → next status. Every other pair must be refused.
const std::map<std::pair<std::string, std::string>, std::string>& Expected() {
    static const std::map<std::pair<std::string, std::string>, std::string> table = {
        {{"validation_initiated", "validated"}, "validation_completed"},
        {{"validation_initiated", "nothing_eligible"}, "cancelled"},
        {{"validation_completed", "ready_to_submit"}, "pending_submission"},
        {{"validation_completed", "nothing_eligible"}, "cancelled"},
        {{"validation_completed", "cancel"}, "cancelled"},
        {{"pending_submission", "submit"}, "submitted"},
        {{"pending_submission", "cancel"}, "cancelled"},
        {{"pending_submission", "abandoned"}, "cancelled"},
        {{"submitted", "same_legal_entity"}, "compliance_screening"},
        {{"submitted", "other_legal_entity"}, "awaiting_transferee_consent"},
        {{"awaiting_transferee_consent", "consent_approved"}, "compliance_screening"},
        {{"awaiting_transferee_consent", "consent_rejected"}, "cancelled"},
        {{"awaiting_transferee_consent", "abandoned"}, "cancelled"},
        {{"compliance_screening", "rules_passed"}, "transfer_initiated"},
        {{"compliance_screening", "rules_failed"}, "compliance_screening_rejected"},
        {{"compliance_screening", "screening_approved"}, "transfer_initiated"},
        {{"compliance_screening", "screening_rejected"}, "compliance_screening_rejected"},
        {{"transfer_initiated", "executed_all"}, "transfer_completed"},
        {{"transfer_initiated", "executed_partly"}, "transfer_completed_with_failure"},
    };
    return table;
}

TEST(TransferStatusMachine, EveryStatusTimesEveryEvent) {
    ASSERT_EQ(AllTransferStatuses().size(), 11U);
    ASSERT_EQ(AllTransferEvents().size(), 16U);
    int legal = 0;
    for (auto status : AllTransferStatuses()) {
        for (auto event : AllTransferEvents()) {
            const std::pair<std::string, std::string> key{std::string(TransferStatusName(status)),
                                                          std::string(TransferEventName(event))};
            const auto next = Next(status, event);
            const auto it = Expected().find(key);
            if (it == Expected().end()) {
                EXPECT_FALSE(next) << key.first << " + " << key.second << " must be illegal";
            } else {
                ++legal;
                ASSERT_TRUE(next) << key.first << " + " << key.second << " must be allowed";
                EXPECT_EQ(TransferStatusName(*next), it->second) << key.first << " + " << key.second;
            }
        }
    }
    EXPECT_EQ(legal, static_cast<int>(Expected().size()));
}

TEST(TransferStatusMachine, OnlyTransfersWaitingForAPersonAreAbandonedAndOnlyAfterTheWait) {
    constexpr Micros kDay = 24LL * 3600 * 1'000'000;
    const Micros since = 1'800'000'000'000'000LL;
    std::set<std::string> waiting;
    for (auto s : AllTransferStatuses()) {
        if (WaitsForAPerson(s)) waiting.insert(std::string(TransferStatusName(s)));
        EXPECT_EQ(Abandoned(s, since, since + 31 * kDay, kDefaultAbandonAfter), WaitsForAPerson(s));
    }
    EXPECT_EQ(waiting, (std::set<std::string>{"pending_submission", "awaiting_transferee_consent"}));
    EXPECT_FALSE(Abandoned(TransferStatus::kPendingSubmission, since, since + 30 * kDay - 1, kDefaultAbandonAfter));
    EXPECT_TRUE(Abandoned(TransferStatus::kPendingSubmission, since, since + 30 * kDay, kDefaultAbandonAfter));
    EXPECT_TRUE(Abandoned(TransferStatus::kAwaitingTransfereeConsent, since, since + 2 * kDay, 2 * kDay));
}

TEST(TransferStatusMachine, TerminalStatusesAcceptNothing) {
    for (auto status : AllTransferStatuses()) {
        if (!IsTerminal(status)) continue;
        EXPECT_FALSE(HoldsReservations(status)) << TransferStatusName(status);
        for (auto event : AllTransferEvents()) EXPECT_FALSE(Next(status, event)) << TransferStatusName(status);
    }
    std::set<std::string> terminal;
    for (auto status : AllTransferStatuses()) {
        if (IsTerminal(status)) terminal.insert(std::string(TransferStatusName(status)));
    }
    EXPECT_EQ(terminal, (std::set<std::string>{"compliance_screening_rejected", "transfer_completed",
                                               "transfer_completed_with_failure", "cancelled"}));
}

TEST(TransferStatusMachine, OnlyTheTwoCancellableStatusesCanBeCancelled) {
    std::set<std::string> cancellable;
    for (auto status : AllTransferStatuses()) {
        if (Next(status, TransferEvent::kCancel)) cancellable.insert(std::string(TransferStatusName(status)));
    }
    EXPECT_EQ(cancellable, (std::set<std::string>{"validation_completed", "pending_submission"}));
}

TEST(TransferStatusMachine, ReservationsAreHeldFromTheRequestUntilAnOutcome) {
    std::set<std::string> holding;
    for (auto status : AllTransferStatuses()) {
        if (HoldsReservations(status)) holding.insert(std::string(TransferStatusName(status)));
    }
    EXPECT_EQ(holding,
              (std::set<std::string>{"validation_initiated", "validation_completed", "pending_submission", "submitted",
                                     "awaiting_transferee_consent", "compliance_screening", "transfer_initiated"}));
}

TEST(TransferStatusMachine, NamesRoundTrip) {
    for (auto status : AllTransferStatuses()) EXPECT_EQ(ParseTransferStatus(TransferStatusName(status)), status);
    EXPECT_FALSE(ParseTransferStatus("approved"));
    EXPECT_EQ(IneligibilityName(Ineligibility::kEnterpriseAgreement), "enterprise_agreement");
    EXPECT_EQ(IneligibilityName(Ineligibility::kOnPrem), "on_prem");
    EXPECT_EQ(IneligibilityName(Ineligibility::kInOpenTransfer), "in_open_transfer");
    EXPECT_EQ(IneligibilityName(Ineligibility::kInUse), "in_use");
}

}  // namespace
}  // namespace entitled::domain
