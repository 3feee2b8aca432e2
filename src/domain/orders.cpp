#include "domain/orders.hpp"

#include <array>

namespace entitled::domain {

LineState StateOf(const OrderLine& l, const Order& o) {
    LineState s;
    s.smart_enabled = l.smart_enabled;
    s.shipped = l.shipped_at.has_value();
    if (l.account) {
        s.account_status = l.account->status;
        s.account_kind = l.account->kind;
    }
    s.export_hold = o.export_hold;
    s.deposited = l.deposited_at.has_value();
    return s;
}

LinePlace PlaceOf(const OrderLine& l) {
    if (!l.account) return {};
    return {l.account->id, l.account->virtual_account_id};
}

OrderRef RefOf(const std::vector<std::string>& contacts, const std::vector<OrderLine>& lines) {
    OrderRef ref{contacts, {}};
    ref.lines.reserve(lines.size());
    for (const auto& l : lines) ref.lines.push_back(PlaceOf(l));
    return ref;
}

bool OnSaHold(const LineState& line) {
    return line.smart_enabled && (!line.account_status || *line.account_status != AccountStatus::kActive);
}

bool ShipDateAllowed(Micros shipped_at, Micros now) { return shipped_at <= now + kShipClockSkew; }

bool ReadyToDeposit(const LineState& line) {
    return line.smart_enabled && line.shipped && !OnSaHold(line) && !line.export_hold && !line.deposited;
}

Reassignment ClassifyReassignment(const LineState& line, bool same_account) {
    if (!line.deposited) return Reassignment::kFree;
    if (same_account || line.account_kind == AccountKind::kHolding) return Reassignment::kMoveLicenses;
    return Reassignment::kUseAssetTransfer;
}

namespace {

std::string Day(Micros t) { return FormatRfc3339(t).substr(0, 10); }

DiagnosisCheck ShippedCheck(const OrderLine& l) {
    if (l.shipped_at) return {"shipped", true, "diag.shipped_ok", {{"date", Day(*l.shipped_at)}}};
    return {"shipped", false, "diag.shipped_no", {}};
}

DiagnosisCheck ActiveCheck(const OrderLine& l) {
    if (!l.account) return {"sa_active", false, "diag.active_no_account", {}};
    const std::string& account = l.account->name;
    switch (l.account->status) {
        case AccountStatus::kActive:
            return {"sa_active", true, "diag.active_ok", {{"account", account}}};
        case AccountStatus::kPending:
            return {"sa_active", false, "diag.active_pending", {{"account", account}}};
        default:
            return {"sa_active",
                    false,
                    "diag.active_other",
                    {{"account", account}, {"status", std::string(AccountStatusName(l.account->status))}}};
    }
}

DiagnosisCheck DepositedCheck(const OrderLine& l, const Order& o) {
    if (l.deposited_at) {
        const bool holding = l.account && l.account->kind == AccountKind::kHolding;
        return {"deposited",
                true,
                holding ? "diag.deposited_holding" : "diag.deposited_ok",
                {{"date", Day(*l.deposited_at)},
                 {"account", l.account ? l.account->name : ""},
                 {"va", l.account ? l.account->virtual_account_name : ""}}};
    }
    // Everything checks out yet nothing was deposited: a fault on our side, not the customer's.
    const bool blocked = OnSaHold(StateOf(l, o)) || !l.shipped_at || o.export_hold;
    return {"deposited", false, blocked ? "diag.deposited_no" : "diag.deposited_stuck", {}};
}

}  // namespace

std::vector<DiagnosisCheck> Diagnose(const OrderLine& l, const Order& o) {
    if (!l.smart_enabled) {
        // Nothing to deposit, so nothing can be wrong: each check says why it does not apply.
        std::vector<DiagnosisCheck> out;
        for (const char* check : {"shipped", "sa_assigned", "sa_active", "export_hold", "deposited"}) {
            out.push_back({check, true, "diag.not_smart", {}});
        }
        return out;
    }
    std::vector<DiagnosisCheck> out;
    out.push_back(ShippedCheck(l));
    if (l.account) {
        out.push_back({"sa_assigned",
                       true,
                       "diag.assigned_ok",
                       {{"account", l.account->name}, {"va", l.account->virtual_account_name}}});
    } else {
        out.push_back({"sa_assigned", false, "diag.assigned_no", {}});
    }
    out.push_back(ActiveCheck(l));
    if (o.export_hold) {
        out.push_back({"export_hold", false, "diag.export_hold", {{"reason", o.export_hold_reason.value_or("")}}});
    } else {
        out.push_back({"export_hold", true, "diag.export_ok", {}});
    }
    out.push_back(DepositedCheck(l, o));
    return out;
}

}  // namespace entitled::domain
