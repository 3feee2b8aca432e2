#pragma once
// The one place that answers "may this principal do this action on this
// resource". Every endpoint asks Authorize one question and nothing else
// decides: services turn the Decision into the error the API shows
// (service/authorize.hpp), lists filter by the Audience functions below, and
// the API returns each resource's allowed actions from AllowedActions, so the
// UI shows exactly what the server would accept.
//
// Roles (SPEC §1): on a Smart Account sa_admin > sa_user > sa_viewer; on one
// Virtual Account va_admin > va_user > va_viewer, acting only inside it.
// Internal flags give cross-account powers: platform_admin sees everything
// and manages users; licensing_support may act on any account but only with
// a case number (kAllowWithCase — the service checks the case); compliance
// screens transfers and sets export holds; order_integration feeds orders.
//
// A caller with no relation to a resource gets kNotFound, never kForbidden,
// so responses do not reveal what exists (API.md: 404 for what the caller
// may not see). A caller who can see it but not do this gets kForbidden.
// Reading a resource by id is allowed exactly when its list would show it:
// both ask the same Audience.
//
// Thread safety: pure functions of their arguments.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/problems.hpp"
#include "domain/accounts.hpp"
#include "domain/licenses.hpp"

namespace entitled::domain {

// Who is asking: a signed-in user, the command line, or nobody.
struct Principal {
    std::optional<std::int64_t> user_id;  // nullopt: anonymous, or the console
    std::string email;                    // normalised; empty when anonymous
    bool internal = false;                // a vendor employee (users.kind = internal)
    bool console = false;                 // the operator at the command line holds every right
    bool platform_admin = false;
    bool licensing_support = false;
    bool compliance = false;
    bool order_integration = false;
    std::vector<Membership> memberships;

    static Principal Console() {
        Principal p;
        p.console = true;
        return p;
    }
    bool signed_in() const { return user_id.has_value() || console; }
};

enum class Action {
    // Platform-wide (resource: Platform)
    kSignedIn,     // search accounts, create one's own account, open a case, request an account
    kManageUsers,  // users, their flags, second-factor resets
    kViewOutbox,
    kIngestOrders,  // create orders, confirm shipments
    kSetExportHold,
    kViewComplianceQueue,
    // Smart Account scoped (resource: Account or VirtualAccount)
    kViewAccount,            // details, virtual accounts, members
    kViewAssets,             // licenses, devices, counts (VA roles: their VA only)
    kManageAssets,           // moves between VAs, registration tokens, devices (VA roles: their VA only)
    kManageVirtualAccounts,  // create, rename, delete VAs
    kManageMembers,          // add, remove, import members
    kViewEvents,             // the account's event log and its export
    kAssignOrders,           // re-assign order lines currently in this account
    kTransferAssets,         // request or consent to asset transfers
    // Orders (resource: Order) and their lines (resource: OrderLine)
    kViewOrder,
    kAssignOrder,  // some line of the order
    kAssignLine,
    // Licenses changing place, whatever the cause (resource: LicenseMove)
    kMoveLicenses,
    // Transfers (resource: Transfer)
    kViewTransfer,
    kActForSource,       // submit, cancel
    kActForDestination,  // consent
    kScreenTransfer,
    // Support cases (resource: Case)
    kViewCase,
    kCommentOnCase,
    kSetCaseStatus,
    // Smart Account requests (resource: AccountRequest)
    kViewAccountRequest,
};
const std::vector<Action>& AllActions();
std::string_view ActionName(Action a);

// What Authorize is asked about: the facts of a resource that decide it.
struct Platform {};
struct AccountRef {
    std::int64_t smart_account_id = 0;
};
struct VirtualAccountRef {
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
};
struct LinePlace {
    std::optional<std::int64_t> smart_account_id;
    std::optional<std::int64_t> virtual_account_id;
};
struct OrderRef {
    std::vector<std::string> contacts;  // normalised emails
    std::vector<LinePlace> lines;
};
struct OrderLineRef {
    const OrderRef* order = nullptr;
    LinePlace line;
};
struct LicenseMoveRef {
    MoveCause cause = MoveCause::kVirtualAccountMove;
    VirtualAccountRef from;
    AccountKind from_kind = AccountKind::kCustomer;
    VirtualAccountRef to;
    const OrderLineRef* line = nullptr;  // for kReassignment: the line whose licenses move
};
struct TransferRef {
    std::optional<std::int64_t> requested_by;
    std::optional<std::string> transferee_email;
    std::int64_t source_smart_account_id = 0;
    std::int64_t destination_smart_account_id = 0;
};
struct CaseRef {
    std::int64_t opened_by = 0;
};
struct AccountRequestRef {
    std::int64_t requester_id = 0;
};
using Resource = std::variant<Platform, AccountRef, VirtualAccountRef, OrderRef, OrderLineRef, LicenseMoveRef,
                              TransferRef, CaseRef, AccountRequestRef>;

enum class Verdict { kAllow, kAllowWithCase, kForbidden, kNotFound, kUnauthenticated };
struct Decision {
    Verdict verdict = Verdict::kNotFound;
    // The problem a refusal reports (forbidden, open_licensing_case, not_the_transferee, …).
    Problem reason = Problem::kNotFound;

    bool allowed() const { return verdict == Verdict::kAllow || verdict == Verdict::kAllowWithCase; }
    bool operator==(const Decision&) const = default;
};

Decision Authorize(const Principal& who, Action action, const Resource& resource = Platform{});

// Who sees which rows of a list. `everything` or any of the relations
// admits a row; the storage layer turns this into its WHERE clause, and the
// by-id reads (Authorize with kView…) ask the same Audience.
struct Audience {
    bool everything = false;
    std::optional<std::int64_t> user_id;  // rows this user made (requester, opener)
    std::string email;                    // rows naming this email (contact, transferee)
    std::set<std::int64_t> accounts;      // rows in these accounts
};
// Orders: internal staff who work on orders see all; a contact sees the
// order; a member (any role) of an account a line is assigned to sees it.
Audience OrderAudience(const Principal& who);
// Transfers: compliance, licensing support and platform admins see all; the
// requester, the named transferee, and administrators (kTransferAssets) of
// the source or destination account see it. Viewers and VA roles do not.
Audience TransferAudience(const Principal& who);
// Cases: licensing support and platform admins see all; the opener sees theirs.
Audience CaseAudience(const Principal& who);
// Smart Account requests: licensing support and platform admins see all; the requester sees theirs.
Audience AccountRequestAudience(const Principal& who);

bool Admits(const Audience& audience, const OrderRef& order);
bool Admits(const Audience& audience, const TransferRef& transfer);

// The VAs of `smart_account_id` whose assets `who` may see; nullopt means all
// of them (an SA role or an internal flag); an empty set means none.
std::optional<std::set<std::int64_t>> VisibleVirtualAccounts(const Principal& who, std::int64_t smart_account_id);

// The actions the caller may take on a resource, as the API names them in
// `allowed_actions` (API.md). Actions licensing support may take only with a
// case number are included: the UI asks for the case.
std::vector<std::string_view> AccountActions(const Principal& who, std::int64_t smart_account_id);
std::vector<std::string_view> VirtualAccountActions(const Principal& who, const VirtualAccountRef& va);
std::vector<std::string_view> OrderActions(const Principal& who, const OrderRef& order);
std::vector<std::string_view> OrderLineActions(const Principal& who, const OrderLineRef& line);
std::vector<std::string_view> CaseActions(const Principal& who, const CaseRef& c, bool closed);

}  // namespace entitled::domain
