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
    p.user_id = 7;
    p.email = "member@customer.example";
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
                                       Action::kSetExportHold, Action::kViewComplianceQueue};

TEST(Authorization, EveryRoleOnEveryAccountActionInItsOwnScope) {
    for (Role role : AllRoles()) {
        for (Action action : kScoped) {
            const bool allowed = Expected().at(role).count(action) != 0;
            const Verdict d = Authorize(Member(role), action, VirtualAccountRef{kSa, kVa}).verdict;
            EXPECT_EQ(d, allowed ? Verdict::kAllow : Verdict::kForbidden)
                << RoleName(role) << " " << ActionName(action);
            const Verdict whole = Authorize(Member(role), action, AccountRef{kSa}).verdict;
            EXPECT_EQ(whole, allowed ? Verdict::kAllow : Verdict::kForbidden)
                << RoleName(role) << " " << ActionName(action) << " (whole account)";
        }
    }
}

TEST(Authorization, VaRolesActOnlyInsideTheirVa) {
    for (Role role : {Role::kVaAdmin, Role::kVaUser, Role::kVaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kViewAssets, VirtualAccountRef{kSa, kOtherVa}).verdict,
                  Verdict::kNotFound)
            << RoleName(role);
        EXPECT_NE(Authorize(Member(role), Action::kManageAssets, VirtualAccountRef{kSa, kOtherVa}).verdict,
                  Verdict::kAllow)
            << RoleName(role);
        auto visible = VisibleVirtualAccounts(Member(role), kSa);
        ASSERT_TRUE(visible.has_value());
        EXPECT_EQ(*visible, std::set<std::int64_t>{kVa});
    }
    for (Role role : {Role::kSaAdmin, Role::kSaUser, Role::kSaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kViewAssets, VirtualAccountRef{kSa, kOtherVa}).verdict,
                  Verdict::kAllow);
        EXPECT_FALSE(VisibleVirtualAccounts(Member(role), kSa).has_value()) << "all VAs";
    }
}

TEST(Authorization, StrangersGetNotFoundForEveryAccountAction) {
    for (Role role : AllRoles()) {
        for (Action action : kScoped) {
            EXPECT_EQ(Authorize(Member(role), action, AccountRef{kOtherSa}).verdict, Verdict::kNotFound)
                << RoleName(role) << " " << ActionName(action);
        }
    }
    Principal nobody_in_it;
    nobody_in_it.user_id = 99;
    for (Action action : kScoped)
        EXPECT_EQ(Authorize(nobody_in_it, action, AccountRef{kSa}).verdict, Verdict::kNotFound);
    EXPECT_EQ(*VisibleVirtualAccounts(nobody_in_it, kSa), std::set<std::int64_t>{});
    for (Action action : kScoped) {
        EXPECT_EQ(Authorize(Principal{}, action, AccountRef{kSa}).verdict, Verdict::kUnauthenticated) << "anonymous";
    }
}

TEST(Authorization, LicensingSupportReadsAnythingAndActsOnlyWithACase) {
    Principal support;
    support.user_id = 2;
    support.internal = true;
    support.licensing_support = true;
    for (Action action : kScoped) {
        const bool read =
            action == Action::kViewAccount || action == Action::kViewAssets || action == Action::kViewEvents;
        EXPECT_EQ(Authorize(support, action, AccountRef{kSa}).verdict, read ? Verdict::kAllow : Verdict::kAllowWithCase)
            << ActionName(action);
    }
}

TEST(Authorization, PlatformAdminAndComplianceSeeButDoNotActOnAccounts) {
    for (auto flag : {&Principal::platform_admin, &Principal::compliance}) {
        Principal p;
        p.user_id = 3;
        p.internal = true;
        p.*flag = true;
        for (Action action : kScoped) {
            const bool read =
                action == Action::kViewAccount || action == Action::kViewAssets || action == Action::kViewEvents;
            EXPECT_EQ(Authorize(p, action, AccountRef{kSa}).verdict, read ? Verdict::kAllow : Verdict::kForbidden)
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
        {&Principal::platform_admin, {Action::kManageUsers, Action::kViewOutbox, Action::kViewComplianceQueue}},
        {&Principal::licensing_support, {Action::kViewComplianceQueue}},
        {&Principal::compliance, {Action::kSetExportHold, Action::kViewComplianceQueue}},
        {&Principal::order_integration, {Action::kIngestOrders, Action::kSetExportHold}},
    };
    for (const auto& c : cases) {
        Principal p;
        p.user_id = 4;
        p.internal = true;
        p.*(c.flag) = true;
        for (Action action : kPlatform) {
            EXPECT_EQ(Authorize(p, action).verdict, c.allowed.count(action) ? Verdict::kAllow : Verdict::kForbidden)
                << ActionName(action);
        }
    }
    for (Role role : AllRoles()) {
        for (Action action : kPlatform) EXPECT_EQ(Authorize(Member(role), action).verdict, Verdict::kForbidden);
    }
}

TEST(Authorization, TheStrongestMembershipWins) {
    Principal p = Member(Role::kVaViewer);
    p.memberships.push_back({kSa, Role::kSaAdmin, std::nullopt});
    EXPECT_EQ(Authorize(p, Action::kManageMembers, AccountRef{kSa}).verdict, Verdict::kAllow);
    EXPECT_FALSE(VisibleVirtualAccounts(p, kSa).has_value());
}

// --- Orders and their lines (SPEC §3) -----------------------------------------

Principal Internal(bool Principal::*flag) {
    Principal p;
    p.user_id = 5;
    p.email = "staff@vendor.example";
    p.internal = true;
    if (flag != nullptr) p.*flag = true;
    return p;
}

OrderRef OrderIn(std::optional<std::int64_t> sa, std::vector<std::string> contacts = {}) {
    OrderRef o;
    o.contacts = std::move(contacts);
    o.lines.push_back({sa, sa ? std::optional<std::int64_t>(kVa) : std::nullopt});
    return o;
}

TEST(OrderAuthorization, ContactsMembersAndOrderStaffSeeAnOrderNobodyElse) {
    const OrderRef order = OrderIn(kSa, {"buyer@customer.example"});
    Principal contact;
    contact.user_id = 8;
    contact.email = "buyer@customer.example";
    EXPECT_EQ(Authorize(contact, Action::kViewOrder, order).verdict, Verdict::kAllow);
    for (Role role : AllRoles()) EXPECT_EQ(Authorize(Member(role), Action::kViewOrder, order).verdict, Verdict::kAllow);
    for (auto flag : {&Principal::platform_admin, &Principal::licensing_support, &Principal::compliance,
                      &Principal::order_integration}) {
        EXPECT_EQ(Authorize(Internal(flag), Action::kViewOrder, order).verdict, Verdict::kAllow);
    }
    Principal stranger = Member(Role::kSaAdmin);
    stranger.memberships[0].smart_account_id = kOtherSa;
    EXPECT_EQ(Authorize(stranger, Action::kViewOrder, order).verdict, Verdict::kNotFound);
    EXPECT_EQ(Authorize(stranger, Action::kViewOrder, order).reason, Problem::kNotFound);
}

TEST(OrderAuthorization, WhoMayAssignALine) {
    const OrderRef order = OrderIn(kSa, {"buyer@customer.example"});
    const OrderLineRef line{&order, order.lines[0]};
    Principal contact;
    contact.user_id = 8;
    contact.email = "buyer@customer.example";
    EXPECT_EQ(Authorize(contact, Action::kAssignLine, line).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Member(Role::kSaAdmin), Action::kAssignLine, line).verdict, Verdict::kAllow);
    for (Role role : {Role::kSaUser, Role::kSaViewer, Role::kVaAdmin, Role::kVaUser, Role::kVaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kAssignLine, line).verdict, Verdict::kForbidden) << RoleName(role);
    }
    EXPECT_EQ(Authorize(Internal(&Principal::licensing_support), Action::kAssignLine, line).verdict,
              Verdict::kAllowWithCase);
    // Seed 001: other internal users are told to open a licensing case.
    for (auto flag : {&Principal::platform_admin, &Principal::compliance, &Principal::order_integration}) {
        const Decision d = Authorize(Internal(flag), Action::kAssignLine, line);
        EXPECT_EQ(d.verdict, Verdict::kForbidden);
        EXPECT_EQ(d.reason, Problem::kOpenLicensingCase);
    }
    // An unassigned line: only contacts and support.
    const OrderRef unassigned = OrderIn(std::nullopt, {"buyer@customer.example"});
    EXPECT_EQ(Authorize(contact, Action::kAssignLine, OrderLineRef{&unassigned, unassigned.lines[0]}).verdict,
              Verdict::kAllow);
    EXPECT_EQ(
        Authorize(Member(Role::kSaAdmin), Action::kAssignLine, OrderLineRef{&unassigned, unassigned.lines[0]}).verdict,
        Verdict::kNotFound);
}

// --- License movements: one question, answered by cause ----------------------

TEST(LicenseMoveAuthorization, ReassignmentInsideACustomerAccountNeedsTheRightsOfAVirtualAccountMove) {
    const OrderRef order = OrderIn(kSa, {"buyer@customer.example"});
    const OrderLineRef line{&order, order.lines[0]};
    const LicenseMoveRef move{MoveCause::kReassignment, {kSa, kVa}, AccountKind::kCustomer, {kSa, kOtherVa}, &line};
    Principal contact;
    contact.user_id = 8;
    contact.email = "buyer@customer.example";
    // The contact may point the line elsewhere, but not move a customer's licenses between its VAs.
    const Decision d = Authorize(contact, Action::kMoveLicenses, move);
    EXPECT_EQ(d.verdict, Verdict::kForbidden);
    EXPECT_EQ(d.reason, Problem::kLicenseMoveForbidden);
    EXPECT_EQ(Authorize(Member(Role::kSaAdmin), Action::kMoveLicenses, move).verdict, Verdict::kAllow);
    // The same move as a VA move: the same answer for the same people.
    const LicenseMoveRef va_move{MoveCause::kVirtualAccountMove, {kSa, kVa}, AccountKind::kCustomer, {kSa, kOtherVa}};
    EXPECT_FALSE(Authorize(contact, Action::kMoveLicenses, va_move).allowed());
    EXPECT_TRUE(Authorize(Member(Role::kSaAdmin), Action::kMoveLicenses, va_move).allowed());
}

TEST(LicenseMoveAuthorization, ParkedLicensesFollowWhoeverMayAssignTheLine) {
    const OrderRef order = OrderIn(kSa, {"buyer@customer.example"});
    const OrderLineRef line{&order, order.lines[0]};
    const LicenseMoveRef move{MoveCause::kReassignment, {kSa, kVa}, AccountKind::kHolding, {kOtherSa, 300}, &line};
    Principal contact;
    contact.user_id = 8;
    contact.email = "buyer@customer.example";
    EXPECT_EQ(Authorize(contact, Action::kMoveLicenses, move).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Member(Role::kSaAdmin), Action::kMoveLicenses, move).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Member(Role::kSaUser), Action::kMoveLicenses, move).verdict, Verdict::kForbidden);
}

TEST(LicenseMoveAuthorization, VaRolesMoveOnlyBetweenVirtualAccountsTheyManage) {
    const LicenseMoveRef move{MoveCause::kVirtualAccountMove, {kSa, kVa}, AccountKind::kCustomer, {kSa, kOtherVa}};
    for (Role role : {Role::kVaAdmin, Role::kVaUser, Role::kVaViewer}) {
        EXPECT_FALSE(Authorize(Member(role), Action::kMoveLicenses, move).allowed()) << RoleName(role);
    }
    EXPECT_TRUE(Authorize(Member(Role::kSaUser), Action::kMoveLicenses, move).allowed());
    EXPECT_FALSE(Authorize(Member(Role::kSaViewer), Action::kMoveLicenses, move).allowed());
}

TEST(LicenseMoveRules, LicensesOnlyEverLandInAnActiveAccount) {
    const MoveEnd holding{kSa, kVa, AccountKind::kHolding, AccountStatus::kActive};
    for (auto status : {AccountStatus::kPending, AccountStatus::kExpired, AccountStatus::kInactive}) {
        const MoveEnd to{kOtherSa, 300, AccountKind::kCustomer, status};
        for (auto cause : {MoveCause::kVirtualAccountMove, MoveCause::kReassignment, MoveCause::kTransfer,
                           MoveCause::kReservation}) {
            EXPECT_EQ(CheckLicenseMove(cause, holding, to, 1, 10), MoveRefusal::kDestinationNotActive);
        }
    }
    const MoveEnd active{kOtherSa, 300, AccountKind::kCustomer, AccountStatus::kActive};
    EXPECT_EQ(CheckLicenseMove(MoveCause::kReassignment, holding, active, 10, 10), std::nullopt);
    EXPECT_EQ(CheckLicenseMove(MoveCause::kReassignment, holding, active, 11, 10), MoveRefusal::kNotEnoughFree);
}

TEST(LicenseMoveRules, ACustomersLicensesLeaveItsAccountOnlyByTransfer) {
    const MoveEnd customer{kSa, kVa, AccountKind::kCustomer, AccountStatus::kActive};
    const MoveEnd other{kOtherSa, 300, AccountKind::kCustomer, AccountStatus::kActive};
    EXPECT_EQ(CheckLicenseMove(MoveCause::kReassignment, customer, other, 1, 10), MoveRefusal::kUseAssetTransfer);
    EXPECT_EQ(CheckLicenseMove(MoveCause::kVirtualAccountMove, customer, other, 1, 10), MoveRefusal::kUseAssetTransfer);
    EXPECT_EQ(CheckLicenseMove(MoveCause::kTransfer, customer, other, 1, 10), std::nullopt);
    const MoveEnd partner{kOtherSa, 300, AccountKind::kHolding, AccountStatus::kActive};
    EXPECT_EQ(CheckLicenseMove(MoveCause::kTransfer, customer, partner, 1, 10), MoveRefusal::kDestinationNotCustomer);
    // Inside the account, what devices use stays.
    const MoveEnd sibling{kSa, kOtherVa, AccountKind::kCustomer, AccountStatus::kActive};
    EXPECT_EQ(CheckLicenseMove(MoveCause::kReassignment, customer, sibling, 11, 10), MoveRefusal::kNotEnoughFree);
}

// --- Transfers: read by id exactly when a list would show it ------------------

TransferRef TransferOf(std::optional<std::int64_t> requested_by, std::optional<std::string> transferee) {
    return {requested_by, std::move(transferee), kSa, kOtherSa};
}

TEST(TransferAuthorization, ViewersAndVaRolesOfTheAccountsDoNotSeeTheirTransfers) {
    const TransferRef t = TransferOf(1, "transferee@other.example");
    for (Role role : {Role::kSaUser, Role::kSaViewer, Role::kVaAdmin, Role::kVaUser, Role::kVaViewer}) {
        EXPECT_EQ(Authorize(Member(role), Action::kViewTransfer, t).verdict, Verdict::kNotFound) << RoleName(role);
        EXPECT_FALSE(Admits(TransferAudience(Member(role)), t)) << RoleName(role);
    }
    EXPECT_EQ(Authorize(Member(Role::kSaAdmin), Action::kViewTransfer, t).verdict, Verdict::kAllow);
}

TEST(TransferAuthorization, ByIdEqualsTheAudienceForEveryPrincipal) {
    std::vector<Principal> principals;
    for (Role role : AllRoles()) principals.push_back(Member(role));
    for (auto flag : {&Principal::platform_admin, &Principal::licensing_support, &Principal::compliance,
                      &Principal::order_integration}) {
        principals.push_back(Internal(flag));
    }
    Principal requester;
    requester.user_id = 1;
    principals.push_back(requester);
    Principal transferee;
    transferee.user_id = 11;
    transferee.email = "transferee@other.example";
    principals.push_back(transferee);
    const TransferRef t = TransferOf(1, "transferee@other.example");
    for (const auto& p : principals) {
        EXPECT_EQ(Authorize(p, Action::kViewTransfer, t).allowed(), Admits(TransferAudience(p), t));
    }
}

TEST(TransferAuthorization, OnlyTheNamedTransfereeConsentsAndOnlyTheSourceSideSubmits) {
    const TransferRef t = TransferOf(1, "transferee@other.example");
    Principal requester;
    requester.user_id = 1;
    Principal transferee;
    transferee.user_id = 11;
    transferee.email = "transferee@other.example";
    EXPECT_EQ(Authorize(requester, Action::kActForSource, t).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(requester, Action::kActForDestination, t).reason, Problem::kNotTheTransferee);
    EXPECT_EQ(Authorize(transferee, Action::kActForDestination, t).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(transferee, Action::kActForSource, t).verdict, Verdict::kNotFound);
    EXPECT_EQ(Authorize(Internal(&Principal::licensing_support), Action::kActForDestination, t).verdict,
              Verdict::kAllowWithCase);
    EXPECT_EQ(Authorize(Internal(&Principal::compliance), Action::kScreenTransfer, t).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Internal(&Principal::licensing_support), Action::kScreenTransfer, t).verdict,
              Verdict::kForbidden);
}

// --- Cases ----------------------------------------------------------------------

TEST(CaseAuthorization, TheOpenerAndSupportSeeACaseOnlySupportSetsItsStatus) {
    const CaseRef c{7};
    EXPECT_EQ(Authorize(Member(Role::kVaViewer), Action::kViewCase, c).verdict, Verdict::kAllow);  // user 7 opened it
    EXPECT_EQ(Authorize(Member(Role::kVaViewer), Action::kSetCaseStatus, c).verdict, Verdict::kForbidden);
    Principal other;
    other.user_id = 70;
    EXPECT_EQ(Authorize(other, Action::kViewCase, c).verdict, Verdict::kNotFound);
    EXPECT_EQ(Authorize(Internal(&Principal::licensing_support), Action::kSetCaseStatus, c).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Internal(&Principal::platform_admin), Action::kCommentOnCase, c).verdict, Verdict::kAllow);
    EXPECT_EQ(Authorize(Internal(&Principal::platform_admin), Action::kSetCaseStatus, c).verdict, Verdict::kForbidden);
    EXPECT_EQ(Authorize(Internal(&Principal::compliance), Action::kViewCase, c).verdict, Verdict::kNotFound);
}

// --- Allowed actions: exactly what Authorize would allow --------------------------

TEST(AllowedActions, AVaUserMayManageOnlyItsOwnVirtualAccount) {
    const auto own = VirtualAccountActions(Member(Role::kVaUser), {kSa, kVa});
    EXPECT_EQ(own, (std::vector<std::string_view>{"view_assets", "manage_assets"}));
    EXPECT_TRUE(VirtualAccountActions(Member(Role::kVaUser), {kSa, kOtherVa}).empty());
    EXPECT_EQ(VirtualAccountActions(Member(Role::kSaAdmin), {kSa, kOtherVa}),
              (std::vector<std::string_view>{"view_assets", "manage_assets", "rename", "delete"}));
}

TEST(AllowedActions, AccountActionsFollowTheRoleTable) {
    EXPECT_EQ(AccountActions(Member(Role::kSaAdmin), kSa),
              (std::vector<std::string_view>{"view_assets", "manage_assets", "manage_virtual_accounts",
                                             "manage_members", "view_events", "transfer_assets"}));
    EXPECT_EQ(AccountActions(Member(Role::kSaViewer), kSa), (std::vector<std::string_view>{"view_assets"}));
    EXPECT_TRUE(AccountActions(Member(Role::kSaAdmin), kOtherSa).empty());
}

TEST(AllowedActions, AClosedCaseTakesNoComments) {
    EXPECT_EQ(CaseActions(Member(Role::kSaAdmin), {7}, false), (std::vector<std::string_view>{"comment"}));
    EXPECT_TRUE(CaseActions(Member(Role::kSaAdmin), {7}, true).empty());
    EXPECT_EQ(CaseActions(Internal(&Principal::licensing_support), {7}, true),
              (std::vector<std::string_view>{"set_status"}));
}

TEST(Roles, RoundTripNames) {
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_FALSE(ParseRole("owner"));
}

}  // namespace
}  // namespace entitled::domain
