#include "service/orders_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "demo_world.hpp"
#include "service/devices_service.hpp"
#include "service/licenses_service.hpp"
#include "storage/license_repository.hpp"

namespace entitled::service {
namespace {

using testing::DemoWorld;
using testing::Describe;

// The demo world was made just now; its terms run from the real clock.
const Micros kNow = SystemClock().Now();

class OrdersService : public ::testing::Test {
  protected:
    Result<OrderView> Assign(const Actor& actor, const std::string& number, const std::string& account,
                             const std::string& va, std::optional<std::vector<int>> lines = std::nullopt) {
        const Assignment a{world_.AccountId(account), world_.VirtualAccountId(account, va), std::move(lines)};
        return world_.Write([&](storage::Transaction& tx) { return AssignOrder(tx, actor, number, a, kNow); });
    }
    OrderView Get(const std::string& number) {
        return world_.Read([&](storage::Transaction& tx) { return GetOrder(tx, Actor::Cli(), number); }).value();
    }
    void ExpectClean(const char* after) {
        const auto violations = world_.Violations();
        EXPECT_TRUE(violations.empty()) << after << ":\n" << Describe(violations);
    }

    DemoWorld world_;
};

// Issue: re-assigning SO-1003 (parked in Paula's holding account) to the
// pending Neukunde AG moved 50 usable licenses into an account that cannot
// hold them, and nobody could move them back.
TEST_F(OrdersService, DepositedLicensesNeverMoveIntoAPendingAccount) {
    const auto before = Get("SO-1003");
    auto refused = Assign(world_.As("paula@partner.example"), "SO-1003", "Neukunde AG", "DEFAULT");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().problem, Problem::kSmartAccountNotActive);
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(refused.error().args.at("name"), "Neukunde AG");
    EXPECT_EQ(refused.error().args.at("status"), "pending");
    EXPECT_EQ(Get("SO-1003").lines.front().account->id, before.lines.front().account->id) << "nothing applied";
    // Support, citing a case, gets the same answer: it is a rule about licenses, not about who asks.
    Actor support = world_.As("support@vendor.example");
    support.case_number = "CS-100001";
    auto by_support = Assign(support, "SO-1003", "Neukunde AG", "DEFAULT");
    ASSERT_FALSE(by_support.ok());
    EXPECT_EQ(by_support.error().problem, Problem::kSmartAccountNotActive);
    ExpectClean("refused re-assignment");
}

TEST_F(OrdersService, AnUndepositedLineMayWaitOnAPendingAccount) {
    auto assigned = Assign(world_.As("paula@partner.example"), "SO-1001", "Neukunde AG", "DEFAULT", {{1}});
    ASSERT_TRUE(assigned.ok()) << ProblemName(assigned.error().problem);
    const auto& line = assigned->lines.front();
    EXPECT_EQ(line.account->name, "Neukunde AG");
    EXPECT_FALSE(line.deposited_at.has_value());
    EXPECT_TRUE(domain::OnSaHold(domain::StateOf(line, assigned->order)));
    ExpectClean("assignment to a pending account");
}

TEST_F(OrdersService, ParkedLicensesMoveToAnActiveCustomerAccount) {
    auto moved = Assign(world_.As("paula@partner.example"), "SO-1003", "Kunde GmbH", "Produktion");
    ASSERT_TRUE(moved.ok()) << ProblemName(moved.error().problem) << " " << moved.error().internal;
    auto lot = world_.Read(
        [&](storage::Transaction& tx) { return storage::LicenseRepository(tx).LotOfLine(moved->lines.front().id); });
    ASSERT_TRUE(lot.ok() && lot->has_value());
    EXPECT_EQ((*lot)->smart_account_id, world_.AccountId("Kunde GmbH"));
    EXPECT_EQ((*lot)->quantity, 50);
    EXPECT_TRUE((*lot)->usable) << "usable once in a customer's account";
    ExpectClean("parked licenses moved");
}

// Issue: an order contact who is no member of the customer's account
// re-assigned a deposited line to another VA of that account, moving
// licenses devices were using. The license-move endpoint refuses that move,
// and re-assignment now goes through the same function.
TEST_F(OrdersService, ReassignmentInsideACustomerAccountObeysTheLicenseMoveRules) {
    const Actor paula = world_.As("paula@partner.example");  // contact of SO-1001, no member of Kunde GmbH
    const Actor jana = world_.As("jana@kunde.example");      // its sa_admin
    ASSERT_TRUE(Assign(paula, "SO-1001", "Kunde GmbH", "Labor", {{1}}).ok());
    // A device in Labor uses all 10 deposited licenses.
    const std::int64_t labor = world_.VirtualAccountId("Kunde GmbH", "Labor");
    auto registered = world_.Write([&](storage::Transaction& tx) -> Result<RegisteredDevice> {
        ENT_ASSIGN_OR_RETURN(auto token, CreateToken(tx, jana, labor, {"test", 1, 1, false}, kNow));
        ENT_ASSIGN_OR_RETURN(
            auto device,
            RegisterDevice(tx, Actor::Anonymous("t"),
                           {token.secret, "lab-sw-99", "FCW0000T001", "C9300-48P", domain::Deployment::kCloud}, kNow));
        ENT_ASSIGN_OR_RETURN(auto applied,
                             RecordUsage(tx, {{device.device_id, device.secret, {{"C9300-DNA-E-3Y", 10}}}}, kNow));
        (void)applied;
        return device;
    });
    ASSERT_TRUE(registered.ok()) << ProblemName(registered.error().problem);

    auto by_contact = Assign(paula, "SO-1001", "Kunde GmbH", "Produktion", {{1}});
    ASSERT_FALSE(by_contact.ok());
    EXPECT_EQ(by_contact.error().problem, Problem::kLicenseMoveForbidden);
    EXPECT_EQ(by_contact.error().code, ErrorCode::kForbidden);

    auto by_admin = Assign(jana, "SO-1001", "Kunde GmbH", "Produktion", {{1}});
    ASSERT_FALSE(by_admin.ok());
    EXPECT_EQ(by_admin.error().problem, Problem::kInsufficientLicenses);
    EXPECT_EQ(by_admin.error().args.at("available"), "0");

    // The license-move endpoint's function answers the same move the same way.
    auto moved = world_.Write([&](storage::Transaction& tx) {
        return MoveLicenses(tx, jana,
                            {labor, world_.VirtualAccountId("Kunde GmbH", "Produktion"), "C9300-DNA-E-3Y", 10}, kNow);
    });
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().problem, Problem::kInsufficientLicenses);

    EXPECT_EQ(Get("SO-1001").lines.front().account->virtual_account_name, "Labor") << "nothing applied";
    ExpectClean("refused moves");
}

TEST_F(OrdersService, ACustomersDepositedLicensesLeaveOnlyByTransfer) {
    auto refused = Assign(world_.As("jana@kunde.example"), "SO-1005", "Client SARL", "DEFAULT", {{1}});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().problem, Problem::kUseAssetTransfer);
    ExpectClean("refused transfer by re-assignment");
}

TEST_F(OrdersService, AllowedActionsAreWhatTheServerWouldAccept) {
    const auto as_paula = world_.Read(
        [&](storage::Transaction& tx) { return GetOrder(tx, world_.As("paula@partner.example"), "SO-1003"); });
    ASSERT_TRUE(as_paula.ok());
    EXPECT_EQ(as_paula->allowed_actions, std::vector<std::string_view>{"assign"});
    const auto as_erp =
        world_.Read([&](storage::Transaction& tx) { return GetOrder(tx, world_.As("erp@vendor.example"), "SO-1003"); });
    ASSERT_TRUE(as_erp.ok());
    EXPECT_TRUE(as_erp->allowed_actions.empty()) << "the ERP sees orders but must open a licensing case to assign";
    auto erp_assigns = Assign(world_.As("erp@vendor.example"), "SO-1003", "Kunde GmbH", "DEFAULT");
    ASSERT_FALSE(erp_assigns.ok());
    EXPECT_EQ(erp_assigns.error().problem, Problem::kOpenLicensingCase);
}

const char* const kDemoUsers[] = {"admin@vendor.example", "support@vendor.example", "compliance@vendor.example",
                                  "erp@vendor.example",   "paula@partner.example",  "jana@kunde.example",
                                  "luc@client.example"};

// Issue 16: visibility of a resource read by id equals its visibility in lists.
TEST_F(OrdersService, EveryDemoUserReadsByNumberExactlyTheOrdersTheirListShows) {
    auto all = world_.Read([&](storage::Transaction& tx) { return ListOrders(tx, Actor::Cli(), "", false, 0, 500); });
    ASSERT_TRUE(all.ok());
    ASSERT_GE(all->size(), 3U);
    size_t readable = 0;
    for (const char* email : kDemoUsers) {
        const Actor actor = world_.As(email);
        std::set<std::string> listed;
        auto mine = world_.Read([&](storage::Transaction& tx) { return ListOrders(tx, actor, "", false, 0, 500); });
        if (mine.ok()) {
            for (const auto& o : *mine) listed.insert(o.order.sales_order_number);
        }
        for (const auto& o : *all) {
            const auto& number = o.order.sales_order_number;
            auto read = world_.Read([&](storage::Transaction& tx) { return GetOrder(tx, actor, number); });
            EXPECT_EQ(read.ok(), listed.count(number) == 1) << email << " " << number;
            readable += read.ok() ? 1 : 0;
        }
    }
    // Both sides are exercised: some orders are someone's, and nobody's are everyone's.
    EXPECT_GT(readable, 0U);
    EXPECT_LT(readable, all->size() * std::size(kDemoUsers));
}

}  // namespace
}  // namespace entitled::service
