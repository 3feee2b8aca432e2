#include "service/orders_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <set>

#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/ledger.hpp"
#include "storage/account_repository.hpp"
#include "storage/audit_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;

domain::OrderRef RefOf(const OrderView& view) { return domain::RefOf(view.contacts, view.lines); }

Result<OrderView> Load(storage::Transaction& tx, const std::string& number) {
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto order, orders.FindByNumber(number));
    if (!order) return NotFound();
    OrderView view{std::move(*order), {}, {}, {}, {}};
    ENT_ASSIGN_OR_RETURN(view.lines, orders.Lines(view.order.id));
    ENT_ASSIGN_OR_RETURN(view.contacts, orders.Contacts(view.order.id));
    return view;
}

// The actions the caller may take, as the API shows them with the order.
void Annotate(const Actor& actor, OrderView& view) {
    const domain::Principal who = PrincipalOf(actor);
    const domain::OrderRef ref = RefOf(view);
    view.allowed_actions = domain::OrderActions(who, ref);
    view.line_actions.clear();
    for (const auto& l : view.lines)
        view.line_actions.push_back(domain::OrderLineActions(who, {&ref, domain::PlaceOf(l)}));
}

Result<OrderView> LoadVisible(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    ENT_TRY(Require(tx, actor, Action::kViewOrder, RefOf(view)));
    Annotate(actor, view);
    return view;
}

Status AuditOrder(storage::Transaction& tx, const Actor& actor, Micros now, const domain::Order& order,
                  std::string action, std::optional<boost::json::value> before, std::optional<boost::json::value> after,
                  std::optional<std::int64_t> sa = std::nullopt, std::optional<std::string> reason = std::nullopt) {
    return Audit(tx, actor, now,
                 {std::move(action), "order", std::to_string(order.id), std::move(before), std::move(after),
                  std::move(reason), sa});
}

boost::json::object LinePlaceJson(const domain::OrderLine& l) {
    boost::json::object o{{"line_number", l.line_number}};
    o["smart_account_id"] = l.account ? boost::json::value(l.account->id) : nullptr;
    o["virtual_account_id"] = l.account ? boost::json::value(l.account->virtual_account_id) : nullptr;
    return o;
}

// Deposits the line if it is ready; the conditional claim makes it exactly once.
Status TryDeposit(storage::Transaction& tx, const Actor& actor, const domain::Order& order, std::int64_t line_id,
                  Micros now) {
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto line, orders.Line(line_id));
    if (!line || !domain::ReadyToDeposit(domain::StateOf(*line, order))) return Ok();
    ENT_ASSIGN_OR_RETURN(bool claimed, orders.ClaimDeposit(line->id, now));
    if (!claimed) return Ok();
    const domain::LineAccount& place = *line->account;  // ReadyToDeposit: assigned and active
    domain::Lot lot;
    lot.smart_account_id = place.id;
    lot.virtual_account_id = place.virtual_account_id;
    lot.product = line->sku;
    lot.license_type = line->license_type;
    lot.starts_at = now;
    if (line->license_type == domain::LicenseType::kTerm && line->term_months) {
        lot.ends_at = AddMonths(now, *line->term_months);
    }
    lot.buying_model = line->buying_model;
    lot.license_model = line->license_model;
    lot.source_order_line_id = line->id;
    lot.usable = domain::UsableIn(place.kind);
    lot.quantity = 0;  // the deposit entry brings the line's quantity
    storage::LicenseRepository licenses(tx);
    ENT_ASSIGN_OR_RETURN(lot.id, licenses.InsertLot(lot, now));
    const std::string reference = order.sales_order_number + "/" + std::to_string(line->line_number);
    ENT_TRY(Post(licenses, lot, domain::LedgerKind::kDeposit, line->quantity, reference, now));
    return AuditOrder(tx, actor, now, order, "order.deposit", std::nullopt,
                      boost::json::object{{"line_number", line->line_number},
                                          {"license_id", lot.id},
                                          {"product", lot.product},
                                          {"license_model", domain::LicenseModelName(lot.license_model)},
                                          {"quantity", lot.quantity},
                                          {"smart_account_id", lot.smart_account_id},
                                          {"virtual_account_id", lot.virtual_account_id}},
                      lot.smart_account_id);
}

Status DepositReadyLines(storage::Transaction& tx, const Actor& actor, const OrderView& view, Micros now) {
    for (const auto& l : view.lines) ENT_TRY(TryDeposit(tx, actor, view.order, l.id, now));
    return Ok();
}

Result<std::vector<const domain::OrderLine*>> SelectLines(const OrderView& view, const Assignment& a) {
    std::vector<const domain::OrderLine*> out;
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
    ENT_TRY(Require(tx, actor, Action::kIngestOrders));
    storage::OrderRepository orders(tx);
    for (const auto& number : {input.sales_order_number, input.web_order_number}) {
        ENT_ASSIGN_OR_RETURN(auto existing, orders.FindByNumber(number));
        if (existing) {
            Error e = MakeError(Problem::kDuplicateOrder).With("number", number);
            e.fields.push_back({number == input.sales_order_number ? "sales_order_number" : "web_order_number",
                                "taken",
                                "field.taken",
                                {}});
            return e;
        }
    }
    domain::Order row{0,
                      input.sales_order_number,
                      input.web_order_number,
                      input.purchaser_name,
                      input.end_customer_name,
                      false,
                      std::nullopt,
                      now};
    auto id = orders.InsertOrder(row, now);
    if (!id.ok() && id.error().problem == Problem::kUniqueViolation) {
        return MakeError(Problem::kDuplicateOrder).With("number", input.sales_order_number);
    }
    if (!id.ok()) return std::move(id).error();
    for (const auto& email : input.contacts) ENT_TRY(orders.InsertContact(*id, email));
    for (const auto& l : input.lines) {
        domain::OrderLine line;
        line.order_id = *id;
        line.line_number = l.line_number;
        line.sku = l.sku;
        line.description = l.description;
        line.quantity = l.quantity;
        line.license_type = l.license_type;
        line.term_months = l.term_months;
        line.buying_model = l.buying_model;
        line.smart_enabled = l.smart_enabled;
        line.license_model = l.license_model;
        ENT_TRY(orders.InsertLine(line));
    }
    row.id = *id;
    ENT_TRY(AuditOrder(tx, actor, now, row, "order.create", std::nullopt,
                       boost::json::object{{"sales_order_number", row.sales_order_number},
                                           {"web_order_number", row.web_order_number},
                                           {"lines", static_cast<std::int64_t>(input.lines.size())}}));
    return LoadVisible(tx, actor, input.sales_order_number);
}

Result<OrderView> GetOrder(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    return LoadVisible(tx, actor, number);
}

Result<std::vector<OrderView>> ListOrders(storage::Transaction& tx, const Actor& actor, const std::string& query,
                                          bool only_sa_hold, std::int64_t after_id, int limit) {
    ENT_TRY(Require(tx, actor, Action::kSignedIn));
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(
        auto rows, orders.Visible(domain::OrderAudience(PrincipalOf(actor)), query, only_sa_hold, after_id, limit));
    std::vector<OrderView> out;
    for (auto& row : rows) {
        OrderView view{row, {}, {}, {}, {}};
        ENT_ASSIGN_OR_RETURN(view.lines, orders.Lines(row.id));
        ENT_ASSIGN_OR_RETURN(view.contacts, orders.Contacts(row.id));
        Annotate(actor, view);
        out.push_back(std::move(view));
    }
    return out;
}

namespace {

// Where an assignment points: the account and VA, checked before anything changes.
struct Destination {
    domain::SmartAccount account;
    domain::VirtualAccount va;
};

Result<Destination> LoadDestination(storage::Transaction& tx, const Assignment& a) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(a.smart_account_id));
    if (!account) return FieldInvalid("smart_account_id", "not_found", "field.unknown_account");
    if (!domain::CanReceiveOrders(account->status)) {
        return MakeError(Problem::kSmartAccountNotAssignable)
            .With("name", account->name)
            .With("status", std::string(domain::AccountStatusName(account->status)));
    }
    ENT_ASSIGN_OR_RETURN(auto va, accounts.FindVirtualAccount(a.virtual_account_id));
    if (!va || va->smart_account_id != account->id) {
        return FieldInvalid("virtual_account_id", "not_in_account", "field.not_in_account");
    }
    return Destination{std::move(*account), std::move(*va)};
}

// Points one line at the destination; a deposited line's licenses move with
// it through the one license movement (service/ledger.hpp), under its rules.
Status ReassignLine(storage::Transaction& tx, const Actor& actor, const OrderView& view, const domain::OrderRef& ref,
                    const domain::OrderLine& l, const Destination& to, Micros now) {
    const domain::OrderLineRef line_ref{&ref, domain::PlaceOf(l)};
    if (domain::ClassifyReassignment(domain::StateOf(l, view.order), l.smart_account_id() == to.account.id) ==
        domain::Reassignment::kMoveLicenses) {
        storage::LicenseRepository licenses(tx);
        ENT_ASSIGN_OR_RETURN(auto root, licenses.LotOfLine(l.id));
        if (root) {
            LicenseMovement move{domain::MoveCause::kReassignment, LineFamily{*root}, to.va.id, &line_ref,
                                 view.order.sales_order_number + "/" + std::to_string(l.line_number)};
            auto moved = MoveLicenses(tx, actor, move, now);
            if (!moved.ok()) return std::move(moved).error().With("line", std::to_string(l.line_number));
        }
    }
    ENT_TRY(storage::OrderRepository(tx).Assign(l.id, to.account.id, to.va.id));
    boost::json::object after{{"line_number", l.line_number},
                              {"smart_account_id", to.account.id},
                              {"smart_account_name", to.account.name},
                              {"virtual_account_id", to.va.id},
                              {"virtual_account_name", to.va.name}};
    return AuditOrder(tx, actor, now, view.order, "order.assign", LinePlaceJson(l), after, to.account.id);
}

}  // namespace

Result<OrderView> AssignOrder(storage::Transaction& tx, const Actor& actor, const std::string& number,
                              const Assignment& a, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    const domain::OrderRef ref = RefOf(view);
    // Who may assign is asked before the input is judged, so a refusal reveals nothing about the lines.
    ENT_TRY(Require(tx, actor, Action::kAssignOrder, ref));
    ENT_ASSIGN_OR_RETURN(auto lines, SelectLines(view, a));
    for (const auto* l : lines) {
        ENT_TRY(Require(tx, actor, Action::kAssignLine, domain::OrderLineRef{&ref, domain::PlaceOf(*l)}));
    }
    ENT_ASSIGN_OR_RETURN(auto to, LoadDestination(tx, a));
    // A customer's deposited licenses leave its account only by an asset transfer: decided for every line first.
    for (const auto* l : lines) {
        const bool same = l->smart_account_id() == to.account.id;
        if (domain::ClassifyReassignment(domain::StateOf(*l, view.order), same) ==
            domain::Reassignment::kUseAssetTransfer) {
            return MakeError(Problem::kUseAssetTransfer)
                .With("line", std::to_string(l->line_number))
                .With("account", l->account ? l->account->name : "");
        }
    }
    // The transaction rolls back on any refusal below, so a refused line applies nothing.
    for (const auto* l : lines) ENT_TRY(ReassignLine(tx, actor, view, ref, *l, to, now));
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    ENT_TRY(DepositReadyLines(tx, actor, view, now));
    return LoadVisible(tx, actor, number);
}

Result<OrderView> ShipLines(storage::Transaction& tx, const Actor& actor, const std::string& number,
                            const std::vector<int>& line_numbers, Micros shipped_at, Micros now) {
    ENT_TRY(Require(tx, actor, Action::kIngestOrders));
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    std::vector<FieldError> errors;
    if (!domain::ShipDateAllowed(shipped_at, now))
        errors.push_back({"shipped_at", "in_future", "field.ship_date_in_future", {}});
    std::vector<const domain::OrderLine*> lines;
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
                l->smart_account_id()));
        }
    }
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    ENT_TRY(DepositReadyLines(tx, actor, view, now));
    return LoadVisible(tx, actor, number);
}

Result<OrderView> SetExportHold(storage::Transaction& tx, const Actor& actor, const std::string& number, bool on,
                                const std::string& reason, Micros now) {
    ENT_TRY(Require(tx, actor, Action::kSetExportHold));
    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, number));
    if (view.order.export_hold == on) return LoadVisible(tx, actor, number);  // already so: nothing changes
    storage::OrderRepository orders(tx);
    ENT_TRY(orders.SetExportHold(view.order.id, on, on ? std::optional<std::string>(reason) : std::nullopt, now));
    ENT_TRY(AuditOrder(tx, actor, now, view.order, on ? "order.export_hold.set" : "order.export_hold.release",
                       boost::json::object{{"export_hold", view.order.export_hold}},
                       boost::json::object{{"export_hold", on}}, std::nullopt, reason));
    ENT_ASSIGN_OR_RETURN(view, Load(tx, number));
    if (!on) ENT_TRY(DepositReadyLines(tx, actor, view, now));
    return LoadVisible(tx, actor, number);
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
    std::vector<LineDiagnosis> out;
    for (const auto& l : view.lines) {
        LineDiagnosis d;
        d.line_number = l.line_number;
        d.checks = domain::Diagnose(l, view.order);
        if (l.smart_enabled && l.deposited_at && l.account) {
            ENT_ASSIGN_OR_RETURN(d.lot, storage::LicenseRepository(tx).LotOfLine(l.id));
            d.account_name = l.account->name;
            d.virtual_account_name = l.account->virtual_account_name;
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
    out.reserve(rows.size());
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
        if (lot && Allowed(actor, Action::kViewAssets,
                           domain::VirtualAccountRef{lot->smart_account_id, lot->virtual_account_id})) {
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
        if (!Allowed(actor, Action::kViewAssets, domain::VirtualAccountRef{d.smart_account_id, d.virtual_account_id}))
            continue;
        ENT_ASSIGN_OR_RETURN(auto account, storage::AccountRepository(tx).FindAccount(d.smart_account_id));
        if (account) found.account_name = account->name;
        found.virtual_account_name = d.virtual_account_name;
        found.device = std::move(d);
        return found;
    }
    return MakeError(Problem::kNothingFound).With("query", query);
}

}  // namespace entitled::service
