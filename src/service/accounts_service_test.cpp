#include "service/accounts_service.hpp"

#include <gtest/gtest.h>

#include "demo_world.hpp"
#include "service/devices_service.hpp"

namespace entitled::service {
namespace {

using testing::DemoWorld;
using testing::Describe;

// The demo world was made just now; its terms run from the real clock.
const Micros kNow = SystemClock().Now();

// Issue: a Virtual Account could not be deleted once a device had been
// registered in it and deleted again (409 not empty, every list empty).
TEST(AccountsService, AVirtualAccountWhoseDevicesAreGoneCanBeDeleted) {
    DemoWorld world;
    const Actor jana = world.As("jana@kunde.example");
    const std::int64_t sa = world.AccountId("Kunde GmbH");
    auto va =
        world.Write([&](storage::Transaction& tx) { return CreateVirtualAccount(tx, jana, sa, "Test", "", kNow); });
    ASSERT_TRUE(va.ok());
    const std::int64_t id = va->va.id;
    auto device = world.Write([&](storage::Transaction& tx) -> Result<RegisteredDevice> {
        ENT_ASSIGN_OR_RETURN(auto token, CreateToken(tx, jana, id, {"t", 1, 5, false}, kNow));
        return RegisterDevice(tx, Actor::Anonymous("t"),
                              {token.secret, "sw", "FCW0000T009", "C9200-24P", domain::Deployment::kCloud}, kNow);
    });
    ASSERT_TRUE(device.ok());
    auto while_live = world.Write([&](storage::Transaction& tx) { return DeleteVirtualAccount(tx, jana, id, kNow); });
    ASSERT_FALSE(while_live.ok());
    EXPECT_EQ(while_live.error().problem, Problem::kVirtualAccountNotEmpty) << "a live device is content";
    ASSERT_TRUE(
        world.Write([&](storage::Transaction& tx) { return DeleteDevice(tx, jana, device->device_id, kNow); }).ok());
    auto deleted = world.Write([&](storage::Transaction& tx) { return DeleteVirtualAccount(tx, jana, id, kNow); });
    ASSERT_TRUE(deleted.ok()) << ProblemName(deleted.error().problem);
    // Gone from the account, its name free again, its history intact.
    auto vas = world.Read([&](storage::Transaction& tx) { return ListVirtualAccounts(tx, jana, sa); });
    for (const auto& v : *vas) EXPECT_NE(v.va.name, "Test");
    EXPECT_TRUE(
        world.Write([&](storage::Transaction& tx) { return CreateVirtualAccount(tx, jana, sa, "Test", "", kNow); })
            .ok());
    const auto violations = world.Violations();
    EXPECT_TRUE(violations.empty()) << Describe(violations);
}

TEST(AccountsService, AVirtualAccountWithLicensesOrWaitingOrdersStays) {
    DemoWorld world;
    const Actor jana = world.As("jana@kunde.example");
    const std::int64_t labor = world.VirtualAccountId("Kunde GmbH", "Labor");  // licenses of SO-1005
    auto refused = world.Write([&](storage::Transaction& tx) { return DeleteVirtualAccount(tx, jana, labor, kNow); });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().problem, Problem::kVirtualAccountNotEmpty);
}

TEST(AccountsService, EachVirtualAccountCarriesWhatTheCallerMayDoInIt) {
    DemoWorld world;
    const Actor luc = world.As("luc@client.example");  // va_viewer of Produktion
    auto view =
        world.Read([&](storage::Transaction& tx) { return GetAccount(tx, luc, world.AccountId("Kunde GmbH")); });
    ASSERT_TRUE(view.ok());
    for (const auto& v : view->virtual_accounts) {
        if (v.va.name == "Produktion") {
            EXPECT_EQ(v.allowed_actions, std::vector<std::string_view>{"view_assets"});
        } else {
            EXPECT_TRUE(v.allowed_actions.empty()) << v.va.name;
        }
    }
    // The account's asset lists show him his VA only; he manages nothing.
    EXPECT_EQ(view->allowed_actions, std::vector<std::string_view>{"view_assets"});
}

}  // namespace
}  // namespace entitled::service
