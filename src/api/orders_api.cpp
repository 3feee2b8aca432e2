// Orders: intake, lookup, assignment, shipments, export holds, diagnosis, history, Find My License.
#include "api/orders_api.hpp"

#include <algorithm>
#include <set>

#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/authorize.hpp"
#include "service/orders_service.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

object LineJson(const domain::OrderLine& l, const domain::Order& o, const std::vector<std::string_view>& actions) {
    object line{{"line_number", l.line_number},
                {"sku", l.sku},
                {"description", l.description},
                {"quantity", l.quantity},
                {"license_type", domain::LicenseTypeName(l.license_type)},
                {"term_months", l.term_months ? value(*l.term_months) : value(nullptr)},
                {"buying_model", domain::BuyingModelName(l.buying_model)},
                {"license_model", domain::LicenseModelName(l.license_model)},
                {"smart_enabled", l.smart_enabled},
                {"shipped_at", OptTime(l.shipped_at)},
                {"sa_hold", domain::OnSaHold(domain::StateOf(l, o))},
                {"export_hold", o.export_hold},
                {"deposited", l.deposited_at.has_value()},
                {"deposited_at", OptTime(l.deposited_at)},
                {"allowed_actions", ActionsJson(actions)}};
    if (l.account) {
        const auto& a = *l.account;
        line["smart_account"] = object{{"id", a.id},
                                       {"name", a.name},
                                       {"domain", a.domain},
                                       {"kind", domain::AccountKindName(a.kind)},
                                       {"status", domain::AccountStatusName(a.status)}};
        line["virtual_account"] = object{{"id", a.virtual_account_id}, {"name", a.virtual_account_name}};
    } else {
        line["smart_account"] = nullptr;
        line["virtual_account"] = nullptr;
    }
    return line;
}

object OrderJson(const service::OrderView& v) {
    array lines;
    bool hold = false;
    for (size_t i = 0; i < v.lines.size(); ++i) {
        const auto& l = v.lines[i];
        hold = hold || domain::OnSaHold(domain::StateOf(l, v.order));
        lines.push_back(
            LineJson(l, v.order, i < v.line_actions.size() ? v.line_actions[i] : std::vector<std::string_view>{}));
    }
    array contacts;
    for (const auto& c : v.contacts) contacts.emplace_back(c);
    const bool can_assign =
        std::find(v.allowed_actions.begin(), v.allowed_actions.end(), "assign") != v.allowed_actions.end();
    return {{"sales_order_number", v.order.sales_order_number},
            {"web_order_number", v.order.web_order_number},
            {"purchaser_name", v.order.purchaser_name},
            {"end_customer_name", v.order.end_customer_name},
            {"contacts", std::move(contacts)},
            {"created_at", FormatRfc3339(v.order.created_at)},
            {"sa_hold", hold},
            {"export_hold",
             object{{"on", v.order.export_hold},
                    {"reason", v.order.export_hold_reason ? value(*v.order.export_hold_reason) : value(nullptr)}}},
            {"can_assign", can_assign},
            {"allowed_actions", ActionsJson(v.allowed_actions)},
            {"lines", std::move(lines)}};
}

Result<service::NewOrder> ReadOrder(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewOrder o;
    o.sales_order_number = in.String("sales_order_number", true, 50, 1).value_or("");
    o.web_order_number = in.String("web_order_number", true, 50, 1).value_or("");
    o.purchaser_name = in.Name("purchaser_name", true, 200).value_or("");
    o.end_customer_name = in.Name("end_customer_name", true, 200).value_or("");
    if (const auto* contacts = in.Array("contacts", true, 100)) {
        std::set<std::string> seen;
        for (size_t i = 0; i < contacts->size(); ++i) {
            const auto& c = (*contacts)[i];
            const std::string field = "contacts[" + std::to_string(i) + "]";
            if (!c.is_string() || !domain::IsValidEmail(std::string(c.as_string()))) {
                in.AddError(field, "invalid_email");
                continue;
            }
            std::string email = domain::NormalizeEmail(std::string(c.as_string()));
            if (seen.insert(email).second) o.contacts.push_back(std::move(email));
        }
    }
    if (const auto* lines = in.Array("lines", true, domain::kMaxLinesPerOrder)) {
        if (lines->empty()) in.AddError("lines", "required");
        std::set<std::int64_t> numbers;
        std::vector<FieldError> errors;
        for (size_t i = 0; i < lines->size(); ++i) {
            const std::string prefix = "lines[" + std::to_string(i) + "].";
            if (!(*lines)[i].is_object()) {
                in.AddError("lines[" + std::to_string(i) + "]", "wrong_type", "field.expected_object");
                continue;
            }
            http::JsonReader li((*lines)[i].as_object(), prefix, &errors);
            service::NewOrderLine l;
            auto number = li.Int("line_number", true, 1, 100000);
            if (number && !numbers.insert(*number).second) li.AddError("line_number", "duplicate");
            l.line_number = static_cast<int>(number.value_or(0));
            l.sku = li.String("sku", true, 100, 1).value_or("");
            l.description = li.String("description", false, 500).value_or("");
            l.quantity = li.Int("quantity", true, 1, domain::kMaxQuantity).value_or(0);
            if (auto t = li.Enum("license_type", true, {"perpetual", "term"}))
                l.license_type = *domain::ParseLicenseType(*t);
            if (auto m = li.Int("term_months", false, 1, domain::kMaxTermMonths)) l.term_months = static_cast<int>(*m);
            if (l.license_type == domain::LicenseType::kTerm && !l.term_months && !li.has_errors()) {
                li.AddError("term_months", "required", "field.term_months_required");
            }
            if (l.license_type == domain::LicenseType::kPerpetual && l.term_months) {
                li.AddError("term_months", "invalid", "field.term_months_perpetual");
            }
            if (auto b = li.Enum("buying_model", true, {"transactional", "enterprise_agreement"})) {
                l.buying_model = *domain::ParseBuyingModel(*b);
            }
            l.smart_enabled = li.Bool("smart_enabled", true).value_or(true);
            if (auto m = li.Enum("license_model", false, {"device", "floating"})) {
                l.license_model = *domain::ParseLicenseModel(*m);
            }
            li.RejectUnknown();
            o.lines.push_back(std::move(l));
        }
        for (auto& e : errors) in.AddError(e.field, e.code, e.message, e.args);
    }
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return o;
}

// Reads the assignment body; the case number, when given, goes to the actor for the audit trail.
Result<service::Assignment> ReadAssignment(Ctx& ctx) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
    http::JsonReader in(body);
    service::Assignment a;
    a.smart_account_id = in.Int("smart_account_id", true, 1, INT64_MAX).value_or(0);
    a.virtual_account_id = in.Int("virtual_account_id", true, 1, INT64_MAX).value_or(0);
    if (const auto* numbers = in.Array("line_numbers", false, domain::kMaxLinesPerOrder)) {
        std::vector<int> list;
        for (size_t i = 0; i < numbers->size(); ++i) {
            const auto& n = (*numbers)[i];
            if (!n.is_int64() || n.as_int64() < 1 || n.as_int64() > 100000) {
                in.AddError("line_numbers[" + std::to_string(i) + "]", "wrong_type", "field.expected_integer");
                continue;
            }
            list.push_back(static_cast<int>(n.as_int64()));
        }
        a.line_numbers = std::move(list);
    }
    auto accept = in.Bool("accept_terms", true);
    if (accept && !*accept) in.AddError("accept_terms", "must_accept", "field.must_accept");
    if (auto c = in.String("case_number", false, 50, 1)) ctx.actor.case_number = *c;
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return a;
}

std::string Number(const http::Request& req) { return req.Param("number"); }

object DiagnosisJson(const std::vector<service::LineDiagnosis>& lines, Locale locale) {
    array out;
    for (const auto& d : lines) {
        array checks;
        for (const auto& c : d.checks) {
            checks.push_back(
                object{{"check", c.check}, {"ok", c.ok}, {"message", Translate(locale, c.message_key, c.args)}});
        }
        object line{{"line_number", d.line_number}, {"checks", std::move(checks)}};
        if (d.lot) {
            line["licenses_at"] = object{
                {"license_id", d.lot->id},
                {"smart_account", object{{"id", d.lot->smart_account_id}, {"name", d.account_name.value_or("")}}},
                {"virtual_account",
                 object{{"id", d.lot->virtual_account_id}, {"name", d.virtual_account_name.value_or("")}}}};
        } else {
            line["licenses_at"] = nullptr;
        }
        out.push_back(std::move(line));
    }
    return {{"lines", std::move(out)}};
}

}  // namespace

void RegisterOrderRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::post, "/api/v1/orders", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kIngestOrders));
            ENT_ASSIGN_OR_RETURN(auto input, ReadOrder(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto view, service::IngestOrder(ctx.tx, ctx.actor, input, ctx.now));
            return Json(201, OrderJson(view));
        });
    });

    router.Add(http::Verb::get, "/api/v1/orders", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
            const bool only_hold = ctx.req.Query("sa_hold").value_or("") == "true";
            ENT_ASSIGN_OR_RETURN(auto views, service::ListOrders(ctx.tx, ctx.actor, ctx.req.Query("q").value_or(""),
                                                                 only_hold, page.after.value_or(0), page.limit + 1));
            array items;
            const size_t shown = std::min(views.size(), static_cast<size_t>(page.limit));
            for (size_t i = 0; i < shown; ++i) {
                object o = OrderJson(views[i]);
                o["lines_count"] = static_cast<std::int64_t>(views[i].lines.size());
                items.push_back(std::move(o));
            }
            value next = nullptr;
            if (views.size() > shown) next = value(EncodeCursor(views[shown - 1].order.id));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/orders/{number}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto view, service::GetOrder(ctx.tx, ctx.actor, Number(ctx.req)));
            return Json(200, OrderJson(view));
        });
    });

    router.Add(http::Verb::post, "/api/v1/orders/{number}/assignments", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto assignment, ReadAssignment(ctx));
            ENT_ASSIGN_OR_RETURN(auto view,
                                 service::AssignOrder(ctx.tx, ctx.actor, Number(ctx.req), assignment, ctx.now));
            return Json(200, OrderJson(view));
        });
    });

    router.Add(http::Verb::post, "/api/v1/orders/{number}/shipments", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kIngestOrders));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            std::vector<int> numbers;
            if (const auto* list = in.Array("line_numbers", true, domain::kMaxLinesPerOrder)) {
                if (list->empty()) in.AddError("line_numbers", "required");
                for (size_t i = 0; i < list->size(); ++i) {
                    if (!(*list)[i].is_int64())
                        in.AddError("line_numbers[" + std::to_string(i) + "]", "wrong_type", "field.expected_integer");
                    else
                        numbers.push_back(static_cast<int>((*list)[i].as_int64()));
                }
            }
            std::optional<Micros> shipped_at = ctx.now;
            if (auto s = in.String("shipped_at", false, 40)) {
                shipped_at = ParseRfc3339(*s);
                if (!shipped_at) in.AddError("shipped_at", "invalid", "field.invalid_date");
            }
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto view,
                                 service::ShipLines(ctx.tx, ctx.actor, Number(ctx.req), numbers, *shipped_at, ctx.now));
            return Json(200, OrderJson(view));
        });
    });

    router.Add(http::Verb::put, "/api/v1/orders/{number}/export-hold", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_TRY(service::Require(ctx.tx, ctx.actor, domain::Action::kSetExportHold));
            ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
            http::JsonReader in(body);
            auto on = in.Bool("on", true);
            auto reason = in.String("reason", true, 1000, 1);
            in.RejectUnknown();
            ENT_TRY(in.Finish());
            ENT_ASSIGN_OR_RETURN(auto view,
                                 service::SetExportHold(ctx.tx, ctx.actor, Number(ctx.req), *on, *reason, ctx.now));
            return Json(200, OrderJson(view));
        });
    });

    router.Add(http::Verb::get, "/api/v1/orders/{number}/diagnosis", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto lines, service::Diagnose(ctx.tx, ctx.actor, Number(ctx.req)));
            return Json(200, DiagnosisJson(lines, ctx.req.locale));
        });
    });

    router.Add(http::Verb::get, "/api/v1/orders/{number}/history", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto entries, service::OrderHistory(ctx.tx, ctx.actor, Number(ctx.req)));
            array items;
            for (const auto& e : entries) {
                value details = nullptr;
                std::optional<std::int64_t> line;
                if (e.details_json) {
                    boost::system::error_code ec;
                    details = boost::json::parse(*e.details_json, ec);
                    if (ec) details = value(*e.details_json);
                    if (details.is_object() && details.as_object().contains("line_number")) {
                        line = details.at("line_number").to_number<std::int64_t>();
                    }
                }
                items.push_back(object{{"at", FormatRfc3339(e.at)},
                                       {"actor", e.actor},
                                       {"action", e.action},
                                       {"line_number", line ? value(*line) : value(nullptr)},
                                       {"details", details},
                                       {"case_number", e.case_number ? value(*e.case_number) : value(nullptr)}});
            }
            return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/find", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            const std::string q = ctx.req.Query("q").value_or("");
            if (q.empty()) return FieldInvalid("q", "required", "field.required");
            if (q.size() > 100) return FieldInvalid("q", "too_long", "field.too_long").With("max", "100");
            ENT_ASSIGN_OR_RETURN(auto found, service::FindLicense(ctx.tx, ctx.actor, q));
            if (found.order) {
                ENT_ASSIGN_OR_RETURN(auto diagnosis, service::Diagnose(ctx.tx, ctx.actor, q));
                return Json(200, {{"kind", "order"},
                                  {"order", OrderJson(*found.order)},
                                  {"diagnosis", DiagnosisJson(diagnosis, ctx.req.locale)}});
            }
            if (found.device) {
                const auto& d = *found.device;
                return Json(200,
                            {{"kind", "device"},
                             {"device", object{{"id", d.id},
                                               {"name", d.name},
                                               {"serial", d.serial},
                                               {"product", d.product},
                                               {"deployment", domain::DeploymentName(d.deployment)},
                                               {"smart_account", object{{"id", d.smart_account_id},
                                                                        {"name", found.account_name.value_or("")}}},
                                               {"virtual_account", object{{"id", d.virtual_account_id},
                                                                          {"name", d.virtual_account_name}}}}}});
            }
            const auto& lot = *found.lot;
            return Json(
                200,
                {{"kind", "license"},
                 {"license", object{{"id", lot.id},
                                    {"product", lot.product},
                                    {"quantity", lot.quantity},
                                    {"usable", lot.usable},
                                    {"smart_account",
                                     object{{"id", lot.smart_account_id}, {"name", found.account_name.value_or("")}}},
                                    {"virtual_account", object{{"id", lot.virtual_account_id},
                                                               {"name", found.virtual_account_name.value_or("")}}}}}});
        });
    });
}

}  // namespace entitled::api
