#include "domain/authorization.hpp"

#include <gtest/gtest.h>

#include <map>

namespace entitled::domain {
namespace {

constexpr std::int64_t kSa = 10;
constexpr std::int64_t kOtherSa = 20;
constexpr std::int64_t kVa = 100;
constexpr std::int64_t kOtherVa = 101;

Principal Member(Role role) {
    Principal p;
    p.memberships.push_back({kSa, role, IsVaRole(role) ? std::optional<std::int64_t>(kVa) : std::nullopt});
    return p;
}

// The expected permission of each role per SA-scoped action, written out
// independently of the implementation's table (SPEC §1).
const std::map<Role, std::set<Action>>& Expected() {
    static const std::map<Role, std::set<Action>> m = {
        {Role::kSaAdmin,
         {Action::kViewAccount, Action::kViewAssets, Action::kManageAssets, Action::kManageVirtualAccounts,
          Action::kManageMembers, Action::kViewEvents, Action::kAssignOrders, Action::kTransferAssets}},
        {Role::kSaUser, {Action::kViewAccount, Action::kViewAssets, Action::kManageAssets}},
        {Role::kSaViewer, {Action::kViewAccount, Action::kViewAssets}},
        {Role::kVaAdmin, {Action::kViewAccount, Action::kViewAssets, Action::kManageAssets}},
        {Role::kVaUser, {Action::kViewAccount, Action::kViewAssets, Action::kManageAssets}},
        {Role::kVaViewer, {Action::kViewAccount, Action::kViewAssets}},
    };
    return m;
}

const std::vector<Action> kScoped = {Action::kViewAccount,           Action::kViewAssets,    Action::kManageAssets,
                                     Action::kManageVirtualAccounts, Action::kManageMembers, Action::kViewEvents,
                                     Action::kAssignOrders,          Action::kTransferAssets};
const std::vector<Action> kPlatform = {Action::kManageUsers, Action::kViewOutbox, Action::kIngestOrders,
                                       Action::kSetExportHold, Action::kScreenTransfers};

TEST(Authorization, EveryRoleOnEveryAccountActionInItsOwnScope) {
    for (Role role : AllRoles()) {
        for (Action action : kScoped) {
            const bool allowed = Expected().at(role).count(action) != 0;
            const Decision d = Authorize(Member(role), action, Target{kSa, kVa});
            EXPECT_EQ(d, allowed ? Decision::kAllow : Decision::kForbidden)
                << RoleName(role) << " " << ActionName(action);
            const Decision whole = Authorize(Member(role), action, Target{kSa, std::nullopt});
            EXPECT_EQ(whole, allowed ? Decision::kAllow : Decision::kForbidden)
                << RoleName(role) << " " << ActionName(action) << " (whole account)";
        }
    }
}

TEST(Authorization, VaRolesActOnlyInsideTheirVa) {
    for (Role role : {Role::kVaAdmin, Role::kVaUser, Role::kVaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kViewAssets, Target{kSa, kOtherVa}), Decision::kNotFound)
            << RoleName(role);
        EXPECT_NE(Authorize(Member(role), Action::kManageAssets, Target{kSa, kOtherVa}), Decision::kAllow)
            << RoleName(role);
        auto visible = VisibleVirtualAccounts(Member(role), kSa);
        ASSERT_TRUE(visible.has_value());
        EXPECT_EQ(*visible, std::set<std::int64_t>{kVa});
    }
    for (Role role : {Role::kSaAdmin, Role::kSaUser, Role::kSaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kViewAssets, Target{kSa, kOtherVa}), Decision::kAllow);
        EXPECT_FALSE(VisibleVirtualAccounts(Member(role), kSa).has_value()) << "all VAs";
    }
}

TEST(Authorization, StrangersGetNotFoundForEveryAccountAction) {
    for (Role role : AllRoles()) {
        for (Action action : kScoped) {
            EXPECT_EQ(Authorize(Member(role), action, Target{kOtherSa, std::nullopt}), Decision::kNotFound)
                << RoleName(role) << " " << ActionName(action);
        }
    }
    for (Action action : kScoped) EXPECT_EQ(Authorize(Principal{}, action, Target{kSa}), Decision::kNotFound);
    EXPECT_EQ(*VisibleVirtualAccounts(Principal{}, kSa), std::set<std::int64_t>{});
}

TEST(Authorization, LicensingSupportReadsAnythingAndActsOnlyWithACase) {
    Principal support;
    support.licensing_support = true;
    for (Action action : kScoped) {
        const bool read =
            action == Action::kViewAccount || action == Action::kViewAssets || action == Action::kViewEvents;
        EXPECT_EQ(Authorize(support, action, Target{kSa}), read ? Decision::kAllow : Decision::kAllowWithCase)
            << ActionName(action);
    }
}

TEST(Authorization, PlatformAdminAndComplianceSeeButDoNotActOnAccounts) {
    for (auto flag : {&Principal::platform_admin, &Principal::compliance}) {
        Principal p;
        p.*flag = true;
        for (Action action : kScoped) {
            const bool read =
                action == Action::kViewAccount || action == Action::kViewAssets || action == Action::kViewEvents;
            EXPECT_EQ(Authorize(p, action, Target{kSa}), read ? Decision::kAllow : Decision::kForbidden)
                << ActionName(action);
        }
    }
}

TEST(Authorization, PlatformActionsFollowTheFlags) {
    struct Case {
        bool Principal::*flag;
        std::set<Action> allowed;
    };
    const Case cases[] = {
        {&Principal::platform_admin, {Action::kManageUsers, Action::kViewOutbox}},
        {&Principal::licensing_support, {}},
        {&Principal::compliance, {Action::kSetExportHold, Action::kScreenTransfers}},
        {&Principal::order_integration, {Action::kIngestOrders, Action::kSetExportHold}},
    };
    for (const auto& c : cases) {
        Principal p;
        p.*(c.flag) = true;
        for (Action action : kPlatform) {
            EXPECT_EQ(Authorize(p, action), c.allowed.count(action) ? Decision::kAllow : Decision::kForbidden)
                << ActionName(action);
        }
    }
    for (Role role : AllRoles()) {
        for (Action action : kPlatform) EXPECT_EQ(Authorize(Member(role), action), Decision::kForbidden);
    }
}

TEST(Authorization, TheStrongestMembershipWins) {
    Principal p = Member(Role::kVaViewer);
    p.memberships.push_back({kSa, Role::kSaAdmin, std::nullopt});
    EXPECT_EQ(Authorize(p, Action::kManageMembers, Target{kSa}), Decision::kAllow);
    EXPECT_FALSE(VisibleVirtualAccounts(p, kSa).has_value());
}

TEST(Roles, RoundTripNames) {
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_FALSE(ParseRole("owner"));
}

}  // namespace
}  // namespace entitled::domain
