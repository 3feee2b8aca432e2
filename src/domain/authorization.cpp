#include "domain/authorization.hpp"

#include <algorithm>

namespace entitled::domain {
namespace {

struct RoleEntry {
    Role role;
    std::string_view name;
};
constexpr RoleEntry kRoles[] = {
    {Role::kSaAdmin, "sa_admin"}, {Role::kSaUser, "sa_user"}, {Role::kSaViewer, "sa_viewer"},
    {Role::kVaAdmin, "va_admin"}, {Role::kVaUser, "va_user"}, {Role::kVaViewer, "va_viewer"},
};

// What each role may do on its scope (the SA for SA roles, the one VA for VA
// roles). Rows: role; columns: the SA-scoped actions in Action order.
struct Grants {
    Role role;
    bool view_account, view_assets, manage_assets, manage_vas, manage_members, view_events, assign_orders,
        transfer_assets;
};
constexpr Grants kGrants[] = {
    //                 view  assets manage  VAs    members events assign transfer
    {Role::kSaAdmin, true, true, true, true, true, true, true, true},
    {Role::kSaUser, true, true, true, false, false, false, false, false},
    {Role::kSaViewer, true, true, false, false, false, false, false, false},
    {Role::kVaAdmin, true, true, true, false, false, false, false, false},
    {Role::kVaUser, true, true, true, false, false, false, false, false},
    {Role::kVaViewer, true, true, false, false, false, false, false, false},
};

bool Granted(Role role, Action action) {
    for (const auto& g : kGrants) {
        if (g.role != role) continue;
        switch (action) {
            case Action::kViewAccount:
                return g.view_account;
            case Action::kViewAssets:
                return g.view_assets;
            case Action::kManageAssets:
                return g.manage_assets;
            case Action::kManageVirtualAccounts:
                return g.manage_vas;
            case Action::kManageMembers:
                return g.manage_members;
            case Action::kViewEvents:
                return g.view_events;
            case Action::kAssignOrders:
                return g.assign_orders;
            case Action::kTransferAssets:
                return g.transfer_assets;
            default:
                return false;
        }
    }
    return false;
}

bool IsPlatformAction(Action a) {
    return a == Action::kManageUsers || a == Action::kViewOutbox || a == Action::kIngestOrders ||
           a == Action::kSetExportHold || a == Action::kScreenTransfers;
}

bool IsReadAction(Action a) {
    return a == Action::kViewAccount || a == Action::kViewAssets || a == Action::kViewEvents;
}

// Actions where a VA role counts only inside its own VA.
bool IsVaScoped(Action a) { return a == Action::kViewAssets || a == Action::kManageAssets; }

Decision PlatformAction(const Principal& who, Action action) {
    bool ok = false;
    switch (action) {
        case Action::kManageUsers:
        case Action::kViewOutbox:
            ok = who.platform_admin;
            break;
        case Action::kIngestOrders:
            ok = who.order_integration;
            break;
        case Action::kSetExportHold:
            ok = who.compliance || who.order_integration;
            break;
        case Action::kScreenTransfers:
            ok = who.compliance;
            break;
        default:
            break;
    }
    return ok ? Decision::kAllow : Decision::kForbidden;
}

// For internal users without a membership in the account.
Decision InternalAccess(const Principal& who, Action action) {
    if (who.licensing_support) return IsReadAction(action) ? Decision::kAllow : Decision::kAllowWithCase;
    if ((who.platform_admin || who.compliance) && IsReadAction(action)) return Decision::kAllow;
    if (who.platform_admin || who.compliance) return Decision::kForbidden;
    return Decision::kNotFound;
}

}  // namespace

std::string_view RoleName(Role r) {
    for (const auto& e : kRoles) {
        if (e.role == r) return e.name;
    }
    return "";
}

std::optional<Role> ParseRole(std::string_view s) {
    for (const auto& e : kRoles) {
        if (e.name == s) return e.role;
    }
    return std::nullopt;
}

bool IsVaRole(Role r) { return r == Role::kVaAdmin || r == Role::kVaUser || r == Role::kVaViewer; }

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> roles = {Role::kSaAdmin, Role::kSaUser, Role::kSaViewer,
                                            Role::kVaAdmin, Role::kVaUser, Role::kVaViewer};
    return roles;
}

const std::vector<Action>& AllActions() {
    static const std::vector<Action> actions = {
        Action::kManageUsers,           Action::kViewOutbox,    Action::kIngestOrders, Action::kSetExportHold,
        Action::kScreenTransfers,       Action::kViewAccount,   Action::kViewAssets,   Action::kManageAssets,
        Action::kManageVirtualAccounts, Action::kManageMembers, Action::kViewEvents,   Action::kAssignOrders,
        Action::kTransferAssets};
    return actions;
}

std::string_view ActionName(Action a) {
    switch (a) {
        case Action::kManageUsers:
            return "manage_users";
        case Action::kViewOutbox:
            return "view_outbox";
        case Action::kIngestOrders:
            return "ingest_orders";
        case Action::kSetExportHold:
            return "set_export_hold";
        case Action::kScreenTransfers:
            return "screen_transfers";
        case Action::kViewAccount:
            return "view_account";
        case Action::kViewAssets:
            return "view_assets";
        case Action::kManageAssets:
            return "manage_assets";
        case Action::kManageVirtualAccounts:
            return "manage_virtual_accounts";
        case Action::kManageMembers:
            return "manage_members";
        case Action::kViewEvents:
            return "view_events";
        case Action::kAssignOrders:
            return "assign_orders";
        case Action::kTransferAssets:
            return "transfer_assets";
    }
    return "";
}

Decision Authorize(const Principal& who, Action action, const std::optional<Target>& target) {
    if (IsPlatformAction(action)) return PlatformAction(who, action);
    if (!target) return Decision::kForbidden;  // a scoped action needs a target: a bug in the caller

    bool sees_account = false;
    for (const auto& m : who.memberships) {
        if (m.smart_account_id != target->smart_account_id) continue;
        sees_account = true;
        if (!Granted(m.role, action)) continue;
        if (!IsVaRole(m.role)) return Decision::kAllow;
        // A VA role acts inside its VA: on a VA-scoped action with a target VA
        // it must be that VA; without one, the service filters to visible VAs.
        if (!IsVaScoped(action)) return Decision::kAllow;
        if (!target->virtual_account_id || target->virtual_account_id == m.virtual_account_id) {
            return Decision::kAllow;
        }
    }
    if (sees_account) {
        const Decision internal = InternalAccess(who, action);
        if (internal == Decision::kAllow || internal == Decision::kAllowWithCase) return internal;
        // A member of the account asking about a VA it has no role in: that VA is invisible to it.
        const bool only_va_roles = std::all_of(
            who.memberships.begin(), who.memberships.end(),
            [&](const Membership& m) { return m.smart_account_id != target->smart_account_id || IsVaRole(m.role); });
        if (only_va_roles && IsVaScoped(action) && target->virtual_account_id && action == Action::kViewAssets) {
            return Decision::kNotFound;
        }
        return Decision::kForbidden;
    }
    return InternalAccess(who, action);
}

std::optional<std::set<std::int64_t>> VisibleVirtualAccounts(const Principal& who, std::int64_t smart_account_id) {
    if (who.platform_admin || who.licensing_support || who.compliance) return std::nullopt;
    std::set<std::int64_t> vas;
    for (const auto& m : who.memberships) {
        if (m.smart_account_id != smart_account_id) continue;
        if (!IsVaRole(m.role)) return std::nullopt;
        if (m.virtual_account_id) vas.insert(*m.virtual_account_id);
    }
    return vas;
}

}  // namespace entitled::domain
