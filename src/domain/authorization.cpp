#include "domain/authorization.hpp"

#include <algorithm>

namespace entitled::domain {
namespace {

// What each role may do on its scope (the SA for SA roles, the one VA for VA
// roles). Rows: role; columns: the SA-scoped actions.
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

constexpr Decision kAllow{Verdict::kAllow, Problem::kForbidden};
constexpr Decision kWithCase{Verdict::kAllowWithCase, Problem::kCaseNumberRequired};
constexpr Decision kForbidden{Verdict::kForbidden, Problem::kForbidden};
constexpr Decision kNotFound{Verdict::kNotFound, Problem::kNotFound};
constexpr Decision kUnauthenticated{Verdict::kUnauthenticated, Problem::kUnauthenticated};

Decision Forbidden(Problem reason) { return {Verdict::kForbidden, reason}; }
Decision Allow(bool ok) { return ok ? kAllow : kForbidden; }

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

bool IsReadAction(Action a) {
    return a == Action::kViewAccount || a == Action::kViewAssets || a == Action::kViewEvents;
}

// Actions where a VA role counts only inside its own VA.
bool IsVaScoped(Action a) { return a == Action::kViewAssets || a == Action::kManageAssets; }

bool SeesEverything(const Principal& who) { return who.platform_admin || who.licensing_support || who.compliance; }

Decision OnPlatform(const Principal& who, Action action) {
    switch (action) {
        case Action::kSignedIn:
            return kAllow;
        case Action::kManageUsers:
        case Action::kViewOutbox:
            return Allow(who.platform_admin);
        case Action::kIngestOrders:
            return Allow(who.order_integration);
        case Action::kSetExportHold:
            return Allow(who.compliance || who.order_integration);
        case Action::kViewComplianceQueue:
            return Allow(SeesEverything(who));
        default:
            return kNotFound;  // an action that needs a resource was asked without one: a bug in the caller
    }
}

// For internal users without a membership in the account.
Decision InternalAccess(const Principal& who, Action action) {
    if (who.licensing_support) return IsReadAction(action) ? kAllow : kWithCase;
    if ((who.platform_admin || who.compliance) && IsReadAction(action)) return kAllow;
    if (who.platform_admin || who.compliance) return kForbidden;
    return kNotFound;
}

Decision OnAccount(const Principal& who, Action action, std::int64_t sa, std::optional<std::int64_t> va) {
    bool sees_account = false;
    for (const auto& m : who.memberships) {
        if (m.smart_account_id != sa) continue;
        sees_account = true;
        if (!Granted(m.role, action)) continue;
        if (!IsVaRole(m.role)) return kAllow;
        // A VA role acts inside its VA: on a VA-scoped action with a target VA
        // it must be that VA; without one, the service filters to visible VAs.
        if (!IsVaScoped(action)) return kAllow;
        if (!va || va == m.virtual_account_id) return kAllow;
    }
    if (!sees_account) return InternalAccess(who, action);
    const Decision internal = InternalAccess(who, action);
    if (internal.allowed()) return internal;
    // A member of the account asking about a VA it has no role in: that VA is invisible to it.
    const bool only_va_roles = std::all_of(who.memberships.begin(), who.memberships.end(), [&](const Membership& m) {
        return m.smart_account_id != sa || IsVaRole(m.role);
    });
    if (only_va_roles && va && action == Action::kViewAssets) return kNotFound;
    return kForbidden;
}

// Both must allow; the stricter decision wins (not found > forbidden > with case > allow).
Decision Both(const Decision& a, const Decision& b) {
    auto rank = [](const Decision& d) {
        switch (d.verdict) {
            case Verdict::kAllow:
                return 0;
            case Verdict::kAllowWithCase:
                return 1;
            case Verdict::kForbidden:
                return 2;
            case Verdict::kNotFound:
                return 3;
            case Verdict::kUnauthenticated:
                return 4;
        }
        return 4;
    };
    return rank(a) >= rank(b) ? a : b;
}

bool IsContact(const Principal& who, const OrderRef& order) {
    return !who.email.empty() &&
           std::find(order.contacts.begin(), order.contacts.end(), who.email) != order.contacts.end();
}

bool AdministersLineAccount(const Principal& who, const LinePlace& line) {
    return line.smart_account_id &&
           OnAccount(who, Action::kAssignOrders, *line.smart_account_id, std::nullopt).verdict == Verdict::kAllow;
}

// SPEC §3: the order's contacts, admins of the account a line is in, and
// licensing support with a case; other internal users are told to open a
// licensing case (seed 001).
Decision AssignLine(const Principal& who, const OrderRef& order, const LinePlace* line) {
    if (IsContact(who, order)) return kAllow;
    if (who.licensing_support) return kWithCase;
    if (who.internal) return Forbidden(Problem::kOpenLicensingCase);
    if (!Admits(OrderAudience(who), order)) return kNotFound;
    if (line) return Allow(AdministersLineAccount(who, *line));
    const bool any = std::any_of(order.lines.begin(), order.lines.end(),
                                 [&](const LinePlace& l) { return AdministersLineAccount(who, l); });
    return Allow(any);
}

Decision OnOrder(const Principal& who, Action action, const OrderRef& order) {
    switch (action) {
        case Action::kViewOrder:
            return Admits(OrderAudience(who), order) ? kAllow : kNotFound;
        case Action::kAssignOrder:
            return AssignLine(who, order, nullptr);
        default:
            return kNotFound;
    }
}

// Who may move licenses depends on why (SPEC §3–§5, §9):
// - between the VAs of one account: whoever manages assets in both VAs;
// - re-assigning an order line: out of a holding account (a partner's parked
//   order), whoever may assign the line; inside a customer's account, it is a
//   move between its VAs and needs the same rights as one;
// - an asset transfer: administrators of both accounts (support with a case);
// - a reservation for an air-gapped device: whoever manages assets in the VA.
Decision OnLicenseMove(const Principal& who, const LicenseMoveRef& move) {
    const auto manage = [&](const VirtualAccountRef& va) {
        return OnAccount(who, Action::kManageAssets, va.smart_account_id, va.virtual_account_id);
    };
    switch (move.cause) {
        case MoveCause::kVirtualAccountMove:
            return Both(manage(move.from), manage(move.to));
        case MoveCause::kReassignment: {
            if (move.line == nullptr || move.line->order == nullptr) return kNotFound;
            const Decision assign = AssignLine(who, *move.line->order, &move.line->line);
            if (move.from_kind == AccountKind::kHolding || !assign.allowed()) return assign;
            const Decision assets = Both(manage(move.from), manage(move.to));
            if (assets.allowed()) return Both(assign, assets);
            return Forbidden(Problem::kLicenseMoveForbidden);
        }
        case MoveCause::kTransfer:
            return Both(OnAccount(who, Action::kTransferAssets, move.from.smart_account_id, std::nullopt),
                        OnAccount(who, Action::kTransferAssets, move.to.smart_account_id, std::nullopt));
        case MoveCause::kReservation:
            return manage(move.from);
    }
    return kNotFound;
}

bool IsRequester(const Principal& who, const TransferRef& t) {
    return who.user_id && t.requested_by && *who.user_id == *t.requested_by;
}

bool IsTransferee(const Principal& who, const TransferRef& t) {
    return !who.email.empty() && t.transferee_email && *t.transferee_email == who.email;
}

Decision OnTransfer(const Principal& who, Action action, const TransferRef& t) {
    if (!Admits(TransferAudience(who), t)) return kNotFound;
    switch (action) {
        case Action::kViewTransfer:
            return kAllow;
        case Action::kActForSource:
            // The requester, or whoever may request transfers from the source (support: with a case).
            if (IsRequester(who, t)) return kAllow;
            return OnAccount(who, Action::kTransferAssets, t.source_smart_account_id, std::nullopt);
        case Action::kActForDestination:
            // The named transferee decides, never the requester for them; licensing
            // support may record the decision for the transferee with a case number.
            if (IsTransferee(who, t)) return kAllow;
            if (who.licensing_support) {
                return OnAccount(who, Action::kTransferAssets, t.destination_smart_account_id, std::nullopt);
            }
            return Forbidden(Problem::kNotTheTransferee);
        case Action::kScreenTransfer:
            return Allow(who.compliance);
        default:
            return kNotFound;
    }
}

Decision OnCase(const Principal& who, Action action, const CaseRef& c) {
    const Audience audience = CaseAudience(who);
    if (!audience.everything && audience.user_id != c.opened_by) return kNotFound;
    switch (action) {
        case Action::kViewCase:
        case Action::kCommentOnCase:
            return kAllow;
        case Action::kSetCaseStatus:
            return Allow(who.licensing_support);
        default:
            return kNotFound;
    }
}

Decision OnAccountRequest(const Principal& who, Action action, const AccountRequestRef& r) {
    const Audience audience = AccountRequestAudience(who);
    if (action != Action::kViewAccountRequest) return kNotFound;
    return audience.everything || audience.user_id == r.requester_id ? kAllow : kNotFound;
}

void AddIf(std::vector<std::string_view>& out, const Decision& d, std::string_view name) {
    if (d.allowed()) out.push_back(name);
}

}  // namespace

namespace {
struct ActionEntry {
    Action action;
    std::string_view name;
};
constexpr ActionEntry kActions[] = {
    {Action::kSignedIn, "signed_in"},
    {Action::kManageUsers, "manage_users"},
    {Action::kViewOutbox, "view_outbox"},
    {Action::kIngestOrders, "ingest_orders"},
    {Action::kSetExportHold, "set_export_hold"},
    {Action::kViewComplianceQueue, "view_compliance_queue"},
    {Action::kViewAccount, "view_account"},
    {Action::kViewAssets, "view_assets"},
    {Action::kManageAssets, "manage_assets"},
    {Action::kManageVirtualAccounts, "manage_virtual_accounts"},
    {Action::kManageMembers, "manage_members"},
    {Action::kViewEvents, "view_events"},
    {Action::kAssignOrders, "assign_orders"},
    {Action::kTransferAssets, "transfer_assets"},
    {Action::kViewOrder, "view_order"},
    {Action::kAssignOrder, "assign_order"},
    {Action::kAssignLine, "assign_line"},
    {Action::kMoveLicenses, "move_licenses"},
    {Action::kViewTransfer, "view_transfer"},
    {Action::kActForSource, "act_for_source"},
    {Action::kActForDestination, "act_for_destination"},
    {Action::kScreenTransfer, "screen_transfer"},
    {Action::kViewCase, "view_case"},
    {Action::kCommentOnCase, "comment_on_case"},
    {Action::kSetCaseStatus, "set_case_status"},
    {Action::kViewAccountRequest, "view_account_request"},
};
}  // namespace

const std::vector<Action>& AllActions() {
    static const std::vector<Action> actions = [] {
        std::vector<Action> v;
        for (const auto& e : kActions) v.push_back(e.action);
        return v;
    }();
    return actions;
}

std::string_view ActionName(Action a) {
    for (const auto& e : kActions) {
        if (e.action == a) return e.name;
    }
    return "";
}

Decision Authorize(const Principal& who, Action action, const Resource& resource) {
    if (who.console) return kAllow;
    if (!who.user_id) return kUnauthenticated;
    struct Visitor {
        const Principal& who;
        Action action;
        Decision operator()(const Platform&) const { return OnPlatform(who, action); }
        Decision operator()(const AccountRef& a) const {
            return OnAccount(who, action, a.smart_account_id, std::nullopt);
        }
        Decision operator()(const VirtualAccountRef& v) const {
            return OnAccount(who, action, v.smart_account_id, v.virtual_account_id);
        }
        Decision operator()(const OrderRef& o) const { return OnOrder(who, action, o); }
        Decision operator()(const OrderLineRef& l) const {
            if (action != Action::kAssignLine || l.order == nullptr) return kNotFound;
            return AssignLine(who, *l.order, &l.line);
        }
        Decision operator()(const LicenseMoveRef& m) const {
            return action == Action::kMoveLicenses ? OnLicenseMove(who, m) : kNotFound;
        }
        Decision operator()(const TransferRef& t) const { return OnTransfer(who, action, t); }
        Decision operator()(const CaseRef& c) const { return OnCase(who, action, c); }
        Decision operator()(const AccountRequestRef& r) const { return OnAccountRequest(who, action, r); }
    };
    return std::visit(Visitor{who, action}, resource);
}

Audience OrderAudience(const Principal& who) {
    Audience a;
    a.everything = who.console || SeesEverything(who) || who.order_integration;
    a.email = who.email;
    for (const auto& m : who.memberships) a.accounts.insert(m.smart_account_id);
    return a;
}

Audience TransferAudience(const Principal& who) {
    Audience a;
    a.everything = who.console || SeesEverything(who);
    a.user_id = who.user_id;
    a.email = who.email;
    for (const auto& m : who.memberships) {
        if (Granted(m.role, Action::kTransferAssets)) a.accounts.insert(m.smart_account_id);
    }
    return a;
}

Audience CaseAudience(const Principal& who) {
    Audience a;
    a.everything = who.console || who.licensing_support || who.platform_admin;
    a.user_id = who.user_id;
    return a;
}

Audience AccountRequestAudience(const Principal& who) { return CaseAudience(who); }

bool Admits(const Audience& audience, const OrderRef& order) {
    if (audience.everything) return true;
    if (!audience.email.empty() &&
        std::find(order.contacts.begin(), order.contacts.end(), audience.email) != order.contacts.end()) {
        return true;
    }
    return std::any_of(order.lines.begin(), order.lines.end(), [&](const LinePlace& l) {
        return l.smart_account_id && audience.accounts.count(*l.smart_account_id) != 0;
    });
}

bool Admits(const Audience& audience, const TransferRef& t) {
    if (audience.everything) return true;
    if (audience.user_id && t.requested_by == audience.user_id) return true;
    if (!audience.email.empty() && t.transferee_email == audience.email) return true;
    return audience.accounts.count(t.source_smart_account_id) != 0 ||
           audience.accounts.count(t.destination_smart_account_id) != 0;
}

std::optional<std::set<std::int64_t>> VisibleVirtualAccounts(const Principal& who, std::int64_t smart_account_id) {
    if (who.console || SeesEverything(who)) return std::nullopt;
    std::set<std::int64_t> vas;
    for (const auto& m : who.memberships) {
        if (m.smart_account_id != smart_account_id) continue;
        if (!IsVaRole(m.role)) return std::nullopt;
        if (m.virtual_account_id) vas.insert(*m.virtual_account_id);
    }
    return vas;
}

std::vector<std::string_view> AccountActions(const Principal& who, std::int64_t sa) {
    std::vector<std::string_view> out;
    const AccountRef a{sa};
    for (auto [action, name] : {std::pair{Action::kViewAssets, "view_assets"},
                                {Action::kManageAssets, "manage_assets"},
                                {Action::kManageVirtualAccounts, "manage_virtual_accounts"},
                                {Action::kManageMembers, "manage_members"},
                                {Action::kViewEvents, "view_events"},
                                {Action::kTransferAssets, "transfer_assets"}}) {
        AddIf(out, Authorize(who, action, a), name);
    }
    return out;
}

std::vector<std::string_view> VirtualAccountActions(const Principal& who, const VirtualAccountRef& va) {
    std::vector<std::string_view> out;
    AddIf(out, Authorize(who, Action::kViewAssets, va), "view_assets");
    AddIf(out, Authorize(who, Action::kManageAssets, va), "manage_assets");
    const Decision manage = Authorize(who, Action::kManageVirtualAccounts, AccountRef{va.smart_account_id});
    AddIf(out, manage, "rename");
    AddIf(out, manage, "delete");
    return out;
}

std::vector<std::string_view> OrderActions(const Principal& who, const OrderRef& order) {
    std::vector<std::string_view> out;
    AddIf(out, Authorize(who, Action::kAssignOrder, order), "assign");
    return out;
}

std::vector<std::string_view> OrderLineActions(const Principal& who, const OrderLineRef& line) {
    std::vector<std::string_view> out;
    AddIf(out, Authorize(who, Action::kAssignLine, line), "assign");
    return out;
}

std::vector<std::string_view> CaseActions(const Principal& who, const CaseRef& c, bool closed) {
    std::vector<std::string_view> out;
    if (!closed) AddIf(out, Authorize(who, Action::kCommentOnCase, c), "comment");
    AddIf(out, Authorize(who, Action::kSetCaseStatus, c), "set_status");
    return out;
}

}  // namespace entitled::domain
