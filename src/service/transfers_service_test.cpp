#include "service/transfers_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "demo_world.hpp"

namespace entitled::service {
namespace {

using testing::DemoWorld;

const char* const kDemoUsers[] = {"admin@vendor.example", "support@vendor.example", "compliance@vendor.example",
                                  "erp@vendor.example",   "paula@partner.example",  "jana@kunde.example",
                                  "luc@client.example"};

std::set<std::string> Listed(DemoWorld& world, const Actor& actor) {
    std::set<std::string> out;
    for (auto role : {storage::TransferFilter::Role::kRequester, storage::TransferFilter::Role::kTransferee,
                      storage::TransferFilter::Role::kCompliance}) {
        storage::TransferFilter filter;
        filter.role = role;
        filter.limit = 500;
        auto items = world.Read([&](storage::Transaction& tx) { return ListTransfers(tx, actor, filter); });
        if (!items.ok()) continue;  // the compliance queue is not everyone's
        for (const auto& i : *items) out.insert(i.transfer.number);
    }
    return out;
}

std::vector<std::string> AllNumbers(DemoWorld& world) {
    std::vector<std::string> out;
    for (const auto& n : Listed(world, Actor::Cli())) out.push_back(n);
    return out;
}

// Issue: luc@client.example, a va_viewer of one of Kunde GmbH's VAs, read
// AT-…-000001 by id (with the requester's phone) though no list showed it.
TEST(TransfersService, AViewerOfAVirtualAccountCannotReadTheAccountsTransfers) {
    DemoWorld world;
    const auto numbers = AllNumbers(world);
    ASSERT_EQ(numbers.size(), 2U);
    const Actor luc = world.As("luc@client.example");
    const std::string berlin = *numbers.begin();  // Kunde GmbH → Kunde GmbH Berlin, Luc in neither as admin
    auto read = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, luc, berlin); });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().problem, Problem::kNotFound);
}

TEST(TransfersService, EveryDemoUserReadsByIdExactlyWhatTheirListsShow) {
    DemoWorld world;
    const auto numbers = AllNumbers(world);
    for (const char* email : kDemoUsers) {
        const Actor actor = world.As(email);
        const auto listed = Listed(world, actor);
        for (const auto& number : numbers) {
            auto read = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, actor, number); });
            EXPECT_EQ(read.ok(), listed.count(number) == 1) << email << " " << number;
        }
    }
}

// Issue 18: a transfer waiting for a person held its reservations forever.
TEST(TransfersService, ATransferWaitingForConsentPastThePolicyIsCancelledAndReleasesEverything) {
    DemoWorld world;
    std::string waiting;
    Micros since = 0;
    for (const auto& number : AllNumbers(world)) {
        auto view = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, world.Console(), number); });
        ASSERT_TRUE(view.ok());
        if (view->transfer.status == domain::TransferStatus::kAwaitingTransfereeConsent) {
            waiting = number;
            since = view->transfer.updated_at;
        }
    }
    ASSERT_FALSE(waiting.empty()) << "the demo world has a transfer waiting for Luc's consent";
    auto reserved = [&] {
        return world.Read([&](storage::Transaction& tx) -> Result<std::int64_t> {
            ENT_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COALESCE(SUM(reserved), 0) FROM license_lots"));
            return row->Int(0);
        });
    };
    auto status_mails_to_jana = [&] {
        return world.Read([&](storage::Transaction& tx) -> Result<std::int64_t> {
            ENT_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM outbox WHERE template = 'transfer_status' "
                                                       "AND to_email = 'jana@kunde.example'"));
            return row->Int(0);
        });
    };
    ASSERT_GT(*reserved(), 0);
    const auto mails_before = *status_mails_to_jana();
    const TransferPolicy policy{};  // 30 days

    // A day short of the policy: nothing happens.
    ASSERT_TRUE(AdvanceTransfers(world.db(), {"http://localhost"}, since + 29 * kMicrosPerDay, policy).ok());
    auto still = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, world.Console(), waiting); });
    EXPECT_EQ(still->transfer.status, domain::TransferStatus::kAwaitingTransfereeConsent);

    // Past it: cancelled by the system with a note, everything released, the requester told, the ledger consistent.
    auto steps = AdvanceTransfers(world.db(), {"http://localhost"}, since + 30 * kMicrosPerDay, policy);
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ(*steps, 1);
    auto after = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, world.Console(), waiting); });
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->transfer.status, domain::TransferStatus::kCancelled);
    const auto& last = after->history.back();
    EXPECT_EQ(last.actor, "system");
    ASSERT_TRUE(last.note.has_value());
    EXPECT_NE(last.note->find("30"), std::string::npos) << *last.note;
    EXPECT_EQ(*reserved(), 0);
    EXPECT_EQ(*status_mails_to_jana(), mails_before + 1);
    EXPECT_TRUE(world.Violations().empty()) << testing::Describe(world.Violations());

    // Nothing more to do on the next round.
    EXPECT_EQ(*AdvanceTransfers(world.db(), {"http://localhost"}, since + 60 * kMicrosPerDay, policy), 0);
}

}  // namespace
}  // namespace entitled::service
