#pragma once
// The one place that answers "may this principal do this action on this
// target". Every service calls Authorize before it reads or changes anything
// a caller might not be entitled to.
//
// Roles (SPEC §1): on a Smart Account sa_admin > sa_user > sa_viewer; on one
// Virtual Account va_admin > va_user > va_viewer, acting only inside it.
// Internal flags give cross-account powers: platform_admin sees everything
// and manages users; licensing_support may act on any account but only with
// a case number (kAllowWithCase — the service checks the case); compliance
// screens transfers and sets export holds; order_integration feeds orders.
//
// A caller with no relation to the target gets kNotFound, never kForbidden,
// so responses do not reveal what exists (API.md: 404 for what the caller
// may not see). A caller who can see the target but not do this gets
// kForbidden.

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace entitled::domain {

enum class Role { kSaAdmin, kSaUser, kSaViewer, kVaAdmin, kVaUser, kVaViewer };

std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
bool IsVaRole(Role r);
const std::vector<Role>& AllRoles();

enum class Action {
    // Platform
    kManageUsers,
    kViewOutbox,
    kIngestOrders,
    kSetExportHold,
    kScreenTransfers,
    // Smart Account scoped
    kViewAccount,            // details, virtual accounts, members
    kViewAssets,             // licenses, devices, counts (VA roles: their VA only)
    kManageAssets,           // moves between VAs, registration tokens, devices (VA roles: their VA only)
    kManageVirtualAccounts,  // create, rename, delete VAs
    kManageMembers,          // add, remove, import members
    kViewEvents,             // the account's event log and its export
    kAssignOrders,           // re-assign order lines currently in this account
    kTransferAssets,         // request or consent to asset transfers
};
const std::vector<Action>& AllActions();
std::string_view ActionName(Action a);

struct Membership {
    std::int64_t smart_account_id = 0;
    Role role = Role::kSaViewer;
    std::optional<std::int64_t> virtual_account_id;  // set for VA roles
};

struct Principal {
    bool platform_admin = false;
    bool licensing_support = false;
    bool compliance = false;
    bool order_integration = false;
    std::vector<Membership> memberships;
};

struct Target {
    std::int64_t smart_account_id = 0;
    std::optional<std::int64_t> virtual_account_id;  // when the action concerns one VA
};

enum class Decision { kAllow, kAllowWithCase, kForbidden, kNotFound };

// `target` is required for Smart Account scoped actions and ignored otherwise.
Decision Authorize(const Principal& who, Action action, const std::optional<Target>& target = std::nullopt);

// The VAs of `smart_account_id` whose assets `who` may see; nullopt means all
// of them (an SA role or an internal flag); an empty set means none.
std::optional<std::set<std::int64_t>> VisibleVirtualAccounts(const Principal& who, std::int64_t smart_account_id);

}  // namespace entitled::domain
