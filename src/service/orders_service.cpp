#include "service/orders_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <set>

#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/cases_service.hpp"
#include "service/ledger.hpp"
#include "storage/account_repository.hpp"
#include "storage/audit_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;

domain::LineState StateOf(const storage::LineRow& l, const storage::OrderRow& o) {
    return {l.smart_enabled, l.shipped_at.has_value(),  l.account_status, l.account_kind,
            o.export_hold,   l.deposited_at.has_value()};
}

bool IsContact(const Actor& actor, const std::vector<std::string>& contacts) {
    return actor.user && std::find(contacts.begin(), contacts.end(), actor.user->email) != contacts.end();
}

bool IsMemberOf(const Actor& actor, std::int64_t sa) {
    return std::any_of(actor.memberships.begin(), actor.memberships.end(),
                       [&](const domain::Membership& m) { return m.smart_account_id == sa; });
}

bool IsAdminOf(const Actor& actor, std::int64_t sa) {
    return std::any_of(actor.memberships.begin(), actor.memberships.end(), [&](const domain::Membership& m) {
        return m.smart_account_id == sa && m.role == domain::Role::kSaAdmin;
    });
}

bool Internal(const Actor& actor) { return actor.user && actor.user->kind == domain::UserKind::kInternal; }

// Who sees an order: its contacts, members of an account a line is assigned
// to, and the internal roles that work on orders.
bool CanSee(const Actor& actor, const OrderView& view) {
    if (actor.is_cli) return true;
    if (actor.Has(domain::Flag::kPlatformAdmin) || actor.Has(domain::Flag::kLicensingSupport) ||
        actor.Has(domain::Flag::kCompliance) || actor.Has(domain::Flag::kOrderIntegration)) {
        return true;
    }
    if (IsContact(actor, view.contacts)) return true;
    return std::any_of(view.lines.begin(), view.lines.end(),
                       [&](const auto& l) { return l.smart_account_id && IsMemberOf(actor, *l.smart_account_id); });
}

bool CanAssignAny(const Actor& actor, const OrderView& view) {
    if (actor.Has(domain::Flag::kLicensingSupport) || IsContact(actor, view.contacts)) return true;
    return std::any_of(view.lines.begin(), view.lines.end(),
                       [&](const auto& l) { return l.smart_account_id && IsAdminOf(actor, *l.smart_account_id); });
}

Result<OrderView> Load(storage::Transaction& tx, const std::string& number) {
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto order, orders.FindByNumber(number));
    if (!order) return NotFound();
    OrderView view{std::move(*order), {}, {}, false};
    ENT_ASSIGN_OR_RETURN(view.lines, orders.Lines(view.order.id));
    ENT_ASSIGN_OR_RETURN(view.contacts, orders.Contacts(view.order.id));
    return view;
}

Result<OrderView> LoadVisible(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    if (!CanSee(actor, view)) return NotFound();
    view.can_assign = CanAssignAny(actor, view);
    return view;
}

Status AuditOrder(storage::Transaction& tx, const Actor& actor, Micros now, const storage::OrderRow& order,
                  std::string action, std::optional<boost::json::value> before, std::optional<boost::json::value> after,
                  std::optional<std::int64_t> sa = std::nullopt, std::optional<std::string> reason = std::nullopt) {
    return Audit(tx, actor, now,
                 {std::move(action), "order", std::to_string(order.id), std::move(before), std::move(after),
                  std::move(reason), sa});
}

boost::json::object LinePlace(const storage::LineRow& l) {
    boost::json::object o{{"line_number", l.line_number}};
    o["smart_account_id"] = l.smart_account_id ? boost::json::value(*l.smart_account_id) : nullptr;
    o["virtual_account_id"] = l.virtual_account_id ? boost::json::value(*l.virtual_account_id) : nullptr;
    return o;
}

// Deposits the line if it is ready; the conditional claim makes it exactly once.
Status TryDeposit(storage::Transaction& tx, const Actor& actor, const storage::OrderRow& order, std::int64_t line_id,
                  Micros now) {
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto line, orders.Line(line_id));
    if (!line || !domain::ReadyToDeposit(StateOf(*line, order))) return Ok();
    ENT_ASSIGN_OR_RETURN(bool claimed, orders.ClaimDeposit(line->id, now));
    if (!claimed) return Ok();
    storage::LotRow lot;
    lot.smart_account_id = *line->smart_account_id;
    lot.virtual_account_id = *line->virtual_account_id;
    lot.product = line->sku;
    lot.quantity = line->quantity;
    lot.license_type = std::string(domain::LicenseTypeName(line->license_type));
    lot.starts_at = now;
    if (line->license_type == domain::LicenseType::kTerm && line->term_months) {
        lot.ends_at = AddMonths(now, *line->term_months);
    }
    lot.buying_model = std::string(domain::BuyingModelName(line->buying_model));
    lot.source_order_line_id = line->id;
    // Entitlements are not available in a Partner Holding Account.
    lot.usable = line->account_kind != domain::AccountKind::kHolding;
    lot.quantity = 0;  // the deposit entry brings the line's quantity
    storage::LicenseRepository licenses(tx);
    ENT_ASSIGN_OR_RETURN(lot.id, licenses.InsertLot(lot, now));
    const std::string reference = order.sales_order_number + "/" + std::to_string(line->line_number);
    ENT_TRY(Post(licenses, lot, domain::LedgerKind::kDeposit, line->quantity, reference, now));
    Actor system = actor;
    return AuditOrder(tx, system, now, order, "order.deposit", std::nullopt,
                      boost::json::object{{"line_number", line->line_number},
                                          {"license_id", lot.id},
                                          {"product", lot.product},
                                          {"quantity", lot.quantity},
                                          {"smart_account_id", lot.smart_account_id},
                                          {"virtual_account_id", lot.virtual_account_id}},
                      lot.smart_account_id);
}

Status DepositReadyLines(storage::Transaction& tx, const Actor& actor, const OrderView& view, Micros now) {
    for (const auto& l : view.lines) ENT_TRY(TryDeposit(tx, actor, view.order, l.id, now));
    return Ok();
}

Result<std::vector<const storage::LineRow*>> SelectLines(const OrderView& view, const Assignment& a) {
    std::vector<const storage::LineRow*> out;
    if (!a.line_numbers) {
        for (const auto& l : view.lines) {
            if (l.smart_enabled) out.push_back(&l);
        }
        if (out.empty()) return FieldInvalid("line_numbers", "no_smart_lines", "field.no_smart_lines");
        return out;
    }
    std::vector<FieldError> errors;
    std::set<int> seen;
    for (size_t i = 0; i < a.line_numbers->size(); ++i) {
        const int n = (*a.line_numbers)[i];
        const std::string field = "line_numbers[" + std::to_string(i) + "]";
        auto it = std::find_if(view.lines.begin(), view.lines.end(), [&](const auto& l) { return l.line_number == n; });
        if (it == view.lines.end()) {
            errors.push_back({field, "not_found", "field.unknown_line", {{"line", std::to_string(n)}}});
        } else if (!it->smart_enabled) {
            errors.push_back({field, "not_smart_enabled", "field.not_smart_enabled", {}});
        } else if (!seen.insert(n).second) {
            errors.push_back({field, "duplicate", "field.duplicate", {}});
        } else {
            out.push_back(&*it);
        }
    }
    if (a.line_numbers->empty()) errors.push_back({"line_numbers", "required", "field.required", {}});
    if (!errors.empty()) return ValidationError(std::move(errors));
    return out;
}

}  // namespace

Result<OrderView> IngestOrder(storage::Transaction& tx, const Actor& actor, const NewOrder& input, Micros now) {
    ENT_TRY(Require(actor, Action::kIngestOrders));
    storage::OrderRepository orders(tx);
    for (const auto& number : {input.sales_order_number, input.web_order_number}) {
        ENT_ASSIGN_OR_RETURN(auto existing, orders.FindByNumber(number));
        if (existing) {
            Error e = MakeError(ErrorCode::kConflict, "duplicate_order", "duplicate_order").With("number", number);
            e.fields.push_back({number == input.sales_order_number ? "sales_order_number" : "web_order_number",
                                "taken",
                                "field.taken",
                                {}});
            return e;
        }
    }
    storage::OrderRow row{0,
                          input.sales_order_number,
                          input.web_order_number,
                          input.purchaser_name,
                          input.end_customer_name,
                          false,
                          std::nullopt,
                          now};
    auto id = orders.InsertOrder(row, now);
    if (!id.ok() && id.error().problem == "unique_violation") {
        return MakeError(ErrorCode::kConflict, "duplicate_order", "duplicate_order")
            .With("number", input.sales_order_number);
    }
    if (!id.ok()) return std::move(id).error();
    for (const auto& email : input.contacts) ENT_TRY(orders.InsertContact(*id, email));
    for (const auto& l : input.lines) {
        storage::LineRow line;
        line.order_id = *id;
        line.line_number = l.line_number;
        line.sku = l.sku;
        line.description = l.description;
        line.quantity = l.quantity;
        line.license_type = l.license_type;
        line.term_months = l.term_months;
        line.buying_model = l.buying_model;
        line.smart_enabled = l.smart_enabled;
        ENT_TRY(orders.InsertLine(line));
    }
    row.id = *id;
    ENT_TRY(AuditOrder(tx, actor, now, row, "order.create", std::nullopt,
                       boost::json::object{{"sales_order_number", row.sales_order_number},
                                           {"web_order_number", row.web_order_number},
                                           {"lines", static_cast<std::int64_t>(input.lines.size())}}));
    return Load(tx, input.sales_order_number);
}

Result<OrderView> GetOrder(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    return LoadVisible(tx, actor, number);
}

Result<std::vector<OrderView>> ListOrders(storage::Transaction& tx, const Actor& actor, const std::string& query,
                                          bool only_sa_hold, std::int64_t after_id, int limit) {
    if (!actor.user) return MakeError(ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated");
    const bool everything = actor.Has(domain::Flag::kPlatformAdmin) || actor.Has(domain::Flag::kLicensingSupport) ||
                            actor.Has(domain::Flag::kCompliance) || actor.Has(domain::Flag::kOrderIntegration);
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(
        auto rows, orders.Visible(actor.user->id, actor.user->email, everything, query, only_sa_hold, after_id, limit));
    std::vector<OrderView> out;
    for (auto& row : rows) {
        OrderView view{row, {}, {}, false};
        ENT_ASSIGN_OR_RETURN(view.lines, orders.Lines(row.id));
        ENT_ASSIGN_OR_RETURN(view.contacts, orders.Contacts(row.id));
        view.can_assign = CanAssignAny(actor, view);
        out.push_back(std::move(view));
    }
    return out;
}

Result<OrderView> AssignOrder(storage::Transaction& tx, const Actor& actor, const std::string& number,
                              const Assignment& a, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    const bool contact = IsContact(actor, view.contacts);
    // The console operator (demo data, repairs) acts like licensing support.
    const bool support = actor.Has(domain::Flag::kLicensingSupport) || actor.is_cli;
    // Seed 001: internal users outside licensing support must open a case instead.
    if (Internal(actor) && !support && !contact) {
        return MakeError(ErrorCode::kForbidden, "open_licensing_case", "open_licensing_case");
    }
    if (!CanSee(actor, view)) return NotFound();
    if (support && !actor.is_cli && !contact && (!actor.case_number || actor.case_number->empty())) {
        return MakeError(ErrorCode::kForbidden, "case_number_required", "case_number_required");
    }
    // On a customer's behalf the cited case must exist (SPEC §6).
    if (actor.case_number && !actor.is_cli) ENT_TRY(ValidateCaseNumber(tx, *actor.case_number));
    ENT_ASSIGN_OR_RETURN(auto lines, SelectLines(view, a));
    if (!contact && !support) {
        for (const auto* l : lines) {
            if (!l->smart_account_id || !IsAdminOf(actor, *l->smart_account_id)) {
                return MakeError(ErrorCode::kForbidden, "forbidden", "forbidden");
            }
        }
    }
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto target, accounts.FindAccount(a.smart_account_id));
    if (!target) return FieldInvalid("smart_account_id", "not_found", "field.unknown_account");
    if (!domain::CanReceiveOrders(target->status)) {
        return MakeError(ErrorCode::kConflict, "smart_account_not_assignable", "smart_account_not_assignable")
            .With("name", target->name)
            .With("status", std::string(domain::AccountStatusName(target->status)));
    }
    ENT_ASSIGN_OR_RETURN(auto va, accounts.FindVirtualAccount(a.virtual_account_id));
    if (!va || va->smart_account_id != target->id) {
        return FieldInvalid("virtual_account_id", "not_in_account", "field.not_in_account");
    }
    storage::OrderRepository orders(tx);
    // Decide every line before changing any, so a refusal applies nothing.
    std::vector<std::pair<const storage::LineRow*, domain::Reassignment>> plan;
    for (const auto* l : lines) {
        const bool same = l->smart_account_id == target->id;
        const auto kind = domain::ClassifyReassignment(StateOf(*l, view.order), same);
        if (kind == domain::Reassignment::kUseAssetTransfer) {
            return MakeError(ErrorCode::kConflict, "use_asset_transfer", "use_asset_transfer")
                .With("line", std::to_string(l->line_number))
                .With("account", l->account_name.value_or(""));
        }
        plan.emplace_back(l, kind);
    }
    const bool usable = target->kind != domain::AccountKind::kHolding;
    for (const auto& [l, kind] : plan) {
        const boost::json::object before = LinePlace(*l);
        if (kind == domain::Reassignment::kMoveLicenses) {
            storage::LicenseRepository licenses(tx);
            ENT_ASSIGN_OR_RETURN(auto lot, licenses.LotOfLine(l->id));
            if (lot) {
                ENT_TRY(MoveFamily(licenses, *lot, target->id, va->id, usable,
                                   view.order.sales_order_number + "/" + std::to_string(l->line_number), now));
            }
        }
        ENT_TRY(orders.Assign(l->id, target->id, va->id));
        boost::json::object after{{"line_number", l->line_number},
                                  {"smart_account_id", target->id},
                                  {"smart_account_name", target->name},
                                  {"virtual_account_id", va->id},
                                  {"virtual_account_name", va->name}};
        ENT_TRY(AuditOrder(tx, actor, now, view.order, "order.assign", before, after, target->id));
    }
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    ENT_TRY(DepositReadyLines(tx, actor, view, now));
    ENT_ASSIGN_OR_RETURN(view, LoadVisible(tx, actor, number));
    return view;
}

Result<OrderView> ShipLines(storage::Transaction& tx, const Actor& actor, const std::string& number,
                            const std::vector<int>& line_numbers, Micros shipped_at, Micros now) {
    ENT_TRY(Require(actor, Action::kIngestOrders));
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    std::vector<FieldError> errors;
    std::vector<const storage::LineRow*> lines;
    for (size_t i = 0; i < line_numbers.size(); ++i) {
        auto it = std::find_if(view.lines.begin(), view.lines.end(),
                               [&](const auto& l) { return l.line_number == line_numbers[i]; });
        if (it == view.lines.end()) {
            errors.push_back({"line_numbers[" + std::to_string(i) + "]",
                              "not_found",
                              "field.unknown_line",
                              {{"line", std::to_string(line_numbers[i])}}});
        } else {
            lines.push_back(&*it);
        }
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    storage::OrderRepository orders(tx);
    for (const auto* l : lines) {
        ENT_ASSIGN_OR_RETURN(bool changed, orders.Ship(l->id, shipped_at));
        if (changed) {
            ENT_TRY(AuditOrder(
                tx, actor, now, view.order, "order.ship", std::nullopt,
                boost::json::object{{"line_number", l->line_number}, {"shipped_at", FormatRfc3339(shipped_at)}},
                l->smart_account_id));
        }
    }
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    ENT_TRY(DepositReadyLines(tx, actor, view, now));
    return Load(tx, number);
}

Result<OrderView> SetExportHold(storage::Transaction& tx, const Actor& actor, const std::string& number, bool on,
                                const std::string& reason, Micros now) {
    ENT_TRY(Require(actor, Action::kSetExportHold));
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    if (view.order.export_hold == on) return view;  // already so: nothing changes, nothing is audited
    storage::OrderRepository orders(tx);
    ENT_TRY(orders.SetExportHold(view.order.id, on, on ? std::optional<std::string>(reason) : std::nullopt, now));
    ENT_TRY(AuditOrder(tx, actor, now, view.order, on ? "order.export_hold.set" : "order.export_hold.release",
                       boost::json::object{{"export_hold", view.order.export_hold}},
                       boost::json::object{{"export_hold", on}}, std::nullopt, reason));
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    if (!on) ENT_TRY(DepositReadyLines(tx, actor, view, now));
    return Load(tx, number);
}

Status DepositLinesOf(storage::Transaction& tx, std::int64_t sa, Micros now) {
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto ids, orders.LinesAssignedTo(sa));
    Actor system = Actor::Cli();
    system.label = "system";
    for (auto id : ids) {
        ENT_ASSIGN_OR_RETURN(auto line, orders.Line(id));
        if (!line) continue;
        ENT_ASSIGN_OR_RETURN(auto order, orders.FindById(line->order_id));
        if (order) ENT_TRY(TryDeposit(tx, system, *order, id, now));
    }
    return Ok();
}

Result<std::vector<LineDiagnosis>> Diagnose(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto view, LoadVisible(tx, actor, number));
    storage::OrderRepository orders(tx);
    std::vector<LineDiagnosis> out;
    for (const auto& l : view.lines) {
        LineDiagnosis d;
        d.line_number = l.line_number;
        if (!l.smart_enabled) {
            // Nothing to deposit, so nothing can be wrong: each check says why it does not apply.
            for (const char* check : {"shipped", "sa_assigned", "sa_active", "export_hold", "deposited"}) {
                d.checks.push_back({check, true, "diag.not_smart", {}});
            }
            out.push_back(std::move(d));
            continue;
        }
        const std::string account = l.account_name.value_or("");
        const std::string va = l.virtual_account_name.value_or("");
        if (l.shipped_at)
            d.checks.push_back(
                {"shipped", true, "diag.shipped_ok", {{"date", FormatRfc3339(*l.shipped_at).substr(0, 10)}}});
        else
            d.checks.push_back({"shipped", false, "diag.shipped_no", {}});
        if (l.smart_account_id)
            d.checks.push_back({"sa_assigned", true, "diag.assigned_ok", {{"account", account}, {"va", va}}});
        else
            d.checks.push_back({"sa_assigned", false, l.smart_enabled ? "diag.assigned_no" : "diag.not_smart", {}});
        if (!l.smart_account_id) {
            d.checks.push_back({"sa_active", false, "diag.active_no_account", {}});
        } else if (l.account_status == domain::AccountStatus::kActive) {
            d.checks.push_back({"sa_active", true, "diag.active_ok", {{"account", account}}});
        } else if (l.account_status == domain::AccountStatus::kPending) {
            d.checks.push_back({"sa_active", false, "diag.active_pending", {{"account", account}}});
        } else {
            d.checks.push_back({"sa_active",
                                false,
                                "diag.active_other",
                                {{"account", account},
                                 {"status", std::string(domain::AccountStatusName(
                                                l.account_status.value_or(domain::AccountStatus::kExpired)))}}});
        }
        if (view.order.export_hold) {
            d.checks.push_back(
                {"export_hold", false, "diag.export_hold", {{"reason", view.order.export_hold_reason.value_or("")}}});
        } else {
            d.checks.push_back({"export_hold", true, "diag.export_ok", {}});
        }
        if (l.deposited_at) {
            ENT_ASSIGN_OR_RETURN(d.lot, storage::LicenseRepository(tx).LotOfLine(l.id));
            d.account_name = account;
            d.virtual_account_name = va;
            d.checks.push_back(
                {"deposited",
                 true,
                 l.account_kind == domain::AccountKind::kHolding ? "diag.deposited_holding" : "diag.deposited_ok",
                 {{"date", FormatRfc3339(*l.deposited_at).substr(0, 10)}, {"account", account}, {"va", va}}});
        } else if (!l.smart_enabled) {
            d.checks.push_back({"deposited", false, "diag.not_smart", {}});
        } else {
            const bool blocked = !l.shipped_at || !l.smart_account_id ||
                                 l.account_status != domain::AccountStatus::kActive || view.order.export_hold;
            d.checks.push_back({"deposited", false, blocked ? "diag.deposited_no" : "diag.deposited_stuck", {}});
        }
        out.push_back(std::move(d));
    }
    return out;
}

Result<std::vector<HistoryEntry>> OrderHistory(storage::Transaction& tx, const Actor& actor,
                                               const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto view, LoadVisible(tx, actor, number));
    ENT_ASSIGN_OR_RETURN(auto rows, storage::AuditOf(tx, "order", std::to_string(view.order.id)));
    std::vector<HistoryEntry> out;
    for (auto& r : rows) out.push_back({r.at, r.actor_label, r.action, r.after_json, r.case_number});
    return out;
}

Result<FindResult> FindLicense(storage::Transaction& tx, const Actor& actor, const std::string& query) {
    FindResult found;
    auto order = LoadVisible(tx, actor, query);
    if (order.ok()) {
        found.order = std::move(*order);
        return found;
    }
    std::string_view digits = query;
    if (digits.size() > 2 && (digits[0] == 'L' || digits[0] == 'l') && digits[1] == '-') digits.remove_prefix(2);
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec == std::errc() && p == digits.data() + digits.size() && id > 0) {
        ENT_ASSIGN_OR_RETURN(auto lot, storage::LicenseRepository(tx).FindLot(id));
        if (lot &&
            Require(actor, Action::kViewAssets, domain::Target{lot->smart_account_id, lot->virtual_account_id}).ok()) {
            storage::AccountRepository accounts(tx);
            ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(lot->smart_account_id));
            ENT_ASSIGN_OR_RETURN(auto va, accounts.FindVirtualAccount(lot->virtual_account_id));
            found.lot = lot;
            if (account) found.account_name = account->name;
            if (va) found.virtual_account_name = va->name;
            return found;
        }
    }
    ENT_ASSIGN_OR_RETURN(auto devices, storage::DeviceRepository(tx).FindBySerial(query));
    for (auto& d : devices) {
        if (!Require(actor, Action::kViewAssets, domain::Target{d.smart_account_id, d.virtual_account_id}).ok())
            continue;
        ENT_ASSIGN_OR_RETURN(auto account, storage::AccountRepository(tx).FindAccount(d.smart_account_id));
        if (account) found.account_name = account->name;
        found.virtual_account_name = d.virtual_account_name;
        found.device = std::move(d);
        return found;
    }
    return MakeError(ErrorCode::kNotFound, "nothing_found", "nothing_found").With("query", query);
}

}  // namespace entitled::service
