// Asset transfers (API.md "Asset transfers").
#include "api/transfers_api.hpp"

#include <charconv>
#include <set>

#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "common/i18n.hpp"
#include "domain/user.hpp"
#include "service/transfers_service.hpp"

namespace entitled::api {
namespace {

// The job runner takes a transfer's automatic steps; after a request that
// created work for it, it starts now rather than at its next interval.
http::Response WakingJobs(App& app, http::Response res) {
    if (res.status < 300 && app.wake_jobs) app.wake_jobs();
    return res;
}

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr size_t kMaxAssetsPerTransfer = 10000;

std::string Label(Locale locale, const std::string& status) {
    return Translate(locale, "transfer.status." + status, {});
}

object AccountRef(std::int64_t id, const std::string& name) { return {{"id", id}, {"name", name}}; }

object TransferJson(const service::TransferView& v, Locale locale) {
    const auto& t = v.transfer;
    const std::string status(domain::TransferStatusName(t.status));
    array assets;
    for (const auto& a : v.assets) {
        const bool license = a.kind == domain::AssetKind::kLicense;
        assets.push_back(object{{"kind", domain::AssetKindName(a.kind)},
                                {"id", license ? a.license_lot_id.value_or(0) : a.device_id.value_or(0)},
                                {"product", a.product},
                                {"name", OptText(a.device_name)},
                                {"serial", OptText(a.device_serial)},
                                {"quantity", a.quantity},
                                {"outcome", domain::AssetOutcomeName(a.outcome)},
                                {"reason", a.reason ? value(domain::AssetFailureName(*a.reason)) : value(nullptr)}});
    }
    array history;
    for (const auto& h : v.history) {
        const std::string status_name(domain::TransferStatusName(h.status));
        history.push_back(object{{"status", status_name},
                                 {"status_label", Label(locale, status_name)},
                                 {"at", FormatRfc3339(h.at)},
                                 {"actor", h.actor},
                                 {"note", OptText(h.note)}});
    }
    return {{"id", t.number},
            {"status", status},
            {"status_label", Label(locale, status)},
            {"source_smart_account", AccountRef(t.source_smart_account_id, t.source_name)},
            {"destination_smart_account", AccountRef(t.destination_smart_account_id, t.destination_name)},
            {"destination_virtual_account",
             AccountRef(t.destination_virtual_account_id, t.destination_virtual_account_name)},
            {"same_legal_entity", t.same_legal_entity},
            {"transferee_email", OptText(t.transferee_email)},
            {"justification", t.justification},
            {"requester",
             object{{"name", t.requester_name}, {"phone", t.requester_phone}, {"company", t.requester_company}}},
            {"requested_by", t.requested_by_label},
            {"case_number", OptText(t.case_number)},
            {"created_at", FormatRfc3339(t.created_at)},
            {"updated_at", FormatRfc3339(t.updated_at)},
            {"assets", std::move(assets)},
            {"history", std::move(history)},
            {"allowed_actions", ActionsJson(v.allowed_actions)}};
}

Result<service::NewTransfer> ReadTransfer(Ctx& ctx) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req));
    http::JsonReader in(body);
    service::NewTransfer t;
    t.source_smart_account_id = in.Int("source_smart_account_id", true, 1, INT64_MAX).value_or(0);
    t.destination_smart_account_id = in.Int("destination_smart_account_id", true, 1, INT64_MAX).value_or(0);
    t.destination_virtual_account_id = in.Int("destination_virtual_account_id", true, 1, INT64_MAX).value_or(0);
    t.same_legal_entity = in.Bool("same_legal_entity", true).value_or(true);
    if (auto email = in.String("transferee_email", false, domain::kMaxEmailLength)) {
        if (!domain::IsValidEmail(*email)) in.AddError("transferee_email", "invalid_email");
        t.transferee_email = domain::NormalizeEmail(*email);
    }
    if (!t.same_legal_entity && !t.transferee_email && !in.has_errors()) {
        in.AddError("transferee_email", "required");
    }
    std::vector<FieldError> errors;
    if (const auto* list = in.Array("licenses", false, kMaxAssetsPerTransfer)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string path = "licenses[" + std::to_string(i) + "]";
            if (!(*list)[i].is_object()) {
                in.AddError(path, "wrong_type", "field.expected_object");
                continue;
            }
            http::JsonReader item((*list)[i].as_object(), path + ".", &errors);
            service::LicenseRequest r;
            r.license_id = item.Int("license_id", true, 1, INT64_MAX).value_or(0);
            r.quantity = item.Int("quantity", true, 1, domain::kMaxLotQuantity).value_or(0);
            item.RejectUnknown();
            t.licenses.push_back(r);
        }
    }
    if (const auto* list = in.Array("devices", false, kMaxAssetsPerTransfer)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const auto& v = (*list)[i];
            if (!v.is_int64() || v.as_int64() <= 0) {
                in.AddError("devices[" + std::to_string(i) + "]", "wrong_type", "field.expected_integer");
                continue;
            }
            t.devices.push_back(v.as_int64());
        }
    }
    for (auto& e : errors) in.AddError(e.field, e.code, e.message, e.args);
    if (t.licenses.empty() && t.devices.empty() && !in.has_errors()) {
        in.AddError("licenses", "required", "field.assets_required");
    }
    t.justification = in.String("justification", true, 2000, 1).value_or("");
    if (const auto* requester = in.Object("requester", true)) {
        std::vector<FieldError> sink;
        http::JsonReader r(*requester, "requester.", &sink);
        t.requester_name = r.Name("name", true, 200).value_or("");
        t.requester_phone = r.String("phone", true, 50, 3).value_or("");
        t.requester_company = r.String("company", true, 200, 1).value_or("");
        r.RejectUnknown();
        for (auto& e : sink) in.AddError(e.field, e.code, e.message, e.args);
    }
    auto accept = in.Bool("accept_terms", true);
    if (accept && !*accept) in.AddError("accept_terms", "must_accept", "field.must_accept");
    if (auto c = in.String("case_number", false, 50, 1)) ctx.actor.case_number = *c;
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return t;
}

object EligibleJson(const service::EligibleAssets& assets) {
    array licenses;
    for (const auto& e : assets.licenses) {
        object item{{"id", e.lot.id},
                    {"product", e.lot.product},
                    {"quantity", e.lot.quantity},
                    {"in_use", e.in_use},
                    {"reserved", e.lot.reserved},
                    {"transferable", e.transferable},
                    {"license_type", domain::LicenseTypeName(e.lot.license_type)},
                    {"buying_model", domain::BuyingModelName(e.lot.buying_model)},
                    {"ends_at", e.lot.ends_at ? value(FormatRfc3339(*e.lot.ends_at)) : value(nullptr)},
                    {"virtual_account_id", e.lot.virtual_account_id},
                    {"virtual_account_name", e.virtual_account_name},
                    {"eligible", !e.reason.has_value()}};
        if (e.reason) item["reason"] = domain::IneligibilityName(*e.reason);
        licenses.push_back(std::move(item));
    }
    array devices;
    for (const auto& e : assets.devices) {
        const auto& d = e.device;
        array usage;
        for (const auto& u : d.usage) usage.push_back(object{{"product", u.product}, {"count", u.count}});
        object item{{"id", d.id},
                    {"name", d.name},
                    {"serial", d.serial},
                    {"product", d.product},
                    {"deployment", domain::DeploymentName(d.deployment)},
                    {"virtual_account_id", d.virtual_account_id},
                    {"virtual_account_name", d.virtual_account_name},
                    {"usage", std::move(usage)},
                    {"eligible", !e.reason.has_value()}};
        if (e.reason) item["reason"] = domain::IneligibilityName(*e.reason);
        devices.push_back(std::move(item));
    }
    return {{"licenses", std::move(licenses)}, {"devices", std::move(devices)}};
}

Result<storage::TransferFilter> ReadFilter(const http::Request& req) {
    storage::TransferFilter f;
    const std::string role = req.Query("role").value_or("requester");
    if (role == "requester")
        f.role = storage::TransferFilter::Role::kRequester;
    else if (role == "transferee")
        f.role = storage::TransferFilter::Role::kTransferee;
    else if (role == "compliance")
        f.role = storage::TransferFilter::Role::kCompliance;
    else
        return FieldInvalid("role", "invalid_choice", "field.invalid_choice")
            .With("choices", "requester, transferee, compliance");
    if (auto s = req.Query("status"); s && !s->empty()) {
        f.status = domain::ParseTransferStatus(*s);
        if (!f.status)
            return FieldInvalid("status", "invalid_choice", "field.invalid_choice")
                .With("choices", "a transfer status");
    }
    ENT_ASSIGN_OR_RETURN(auto page, ReadPage(req));
    f.limit = page.limit + 1;
    if (page.after) f.before_id = *page.after;
    return f;
}

// Reads an optional {"case_number"} (licensing support acting for a customer) from an action's body.
Status ReadCaseNumber(Ctx& ctx, std::optional<std::string>* comment, const char* comment_field, bool* decision) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(ctx.req, true));
    http::JsonReader in(body);
    if (decision != nullptr) {
        if (auto d = in.Enum("decision", true, {"approve", "reject"})) *decision = *d == "approve";
    }
    if (comment != nullptr) *comment = in.String(comment_field, false, 2000);
    if (auto c = in.String("case_number", false, 50, 1)) ctx.actor.case_number = *c;
    in.RejectUnknown();
    return in.Finish();
}

void RegisterActions(http::Router& router, App& app, const service::MailContext& mail) {
    router.Add(http::Verb::post, "/api/v1/transfers/{id}/submit", [&app, mail](http::Request& req) {
        return WakingJobs(
            app,
            Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
                ENT_TRY(ReadCaseNumber(ctx, nullptr, "", nullptr));
                ENT_ASSIGN_OR_RETURN(auto v,
                                     service::SubmitTransfer(ctx.tx, ctx.actor, ctx.req.Param("id"), mail, ctx.now));
                return Json(200, TransferJson(v, ctx.req.locale));
            }));
    });
    router.Add(http::Verb::post, "/api/v1/transfers/{id}/cancel", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            ENT_TRY(ReadCaseNumber(ctx, nullptr, "", nullptr));
            ENT_ASSIGN_OR_RETURN(auto v,
                                 service::CancelTransfer(ctx.tx, ctx.actor, ctx.req.Param("id"), mail, ctx.now));
            return Json(200, TransferJson(v, ctx.req.locale));
        });
    });
    router.Add(http::Verb::post, "/api/v1/transfers/{id}/consent", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            std::optional<std::string> comment;
            bool approve = false;
            ENT_TRY(ReadCaseNumber(ctx, &comment, "comment", &approve));
            ENT_ASSIGN_OR_RETURN(auto v, service::DecideConsent(ctx.tx, ctx.actor, ctx.req.Param("id"), approve,
                                                                comment.value_or(""), mail, ctx.now));
            return Json(200, TransferJson(v, ctx.req.locale));
        });
    });
    router.Add(http::Verb::post, "/api/v1/transfers/{id}/screening", [&app, mail](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
            std::optional<std::string> reason;
            bool approve = false;
            ENT_TRY(ReadCaseNumber(ctx, &reason, "reason", &approve));
            ENT_ASSIGN_OR_RETURN(auto v, service::DecideScreening(ctx.tx, ctx.actor, ctx.req.Param("id"), approve,
                                                                  reason.value_or(""), mail, ctx.now));
            return Json(200, TransferJson(v, ctx.req.locale));
        });
    });
}

}  // namespace

void RegisterTransferRoutes(http::Router& router, App& app) {
    const service::MailContext mail{app.base_url};

    router.Add(http::Verb::get, "/api/v1/transfers/eligible-assets", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            const auto raw = ctx.req.Query("source_smart_account_id").value_or("");
            std::int64_t sa = 0;
            auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), sa);
            if (raw.empty()) return FieldInvalid("source_smart_account_id", "required", "field.required");
            if (ec != std::errc() || p != raw.data() + raw.size() || sa <= 0) {
                return FieldInvalid("source_smart_account_id", "wrong_type", "field.expected_integer");
            }
            ENT_ASSIGN_OR_RETURN(auto assets, service::EligibleAssetsOf(ctx.tx, ctx.actor, sa, ctx.now));
            return Json(200, EligibleJson(assets));
        });
    });

    router.Add(http::Verb::post, "/api/v1/transfers", [&app, mail](http::Request& req) {
        return WakingJobs(
            app,
            Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [&mail](Ctx& ctx) -> Result<http::Response> {
                ENT_ASSIGN_OR_RETURN(auto input, ReadTransfer(ctx));
                ENT_ASSIGN_OR_RETURN(auto v, service::RequestTransfer(ctx.tx, ctx.actor, input, mail, ctx.now));
                return Json(201, TransferJson(v, ctx.req.locale));
            }));
    });

    router.Add(http::Verb::get, "/api/v1/transfers", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto filter, ReadFilter(ctx.req));
            const auto limit = static_cast<size_t>(filter.limit - 1);
            ENT_ASSIGN_OR_RETURN(auto rows, service::ListTransfers(ctx.tx, ctx.actor, filter));
            array items;
            const size_t shown = std::min(rows.size(), limit);
            for (size_t i = 0; i < shown; ++i) {
                const auto& t = rows[i].transfer;
                const std::string status(domain::TransferStatusName(t.status));
                items.push_back(object{
                    {"id", t.number},
                    {"status", status},
                    {"status_label", Label(ctx.req.locale, status)},
                    {"source_smart_account", AccountRef(t.source_smart_account_id, t.source_name)},
                    {"destination_smart_account", AccountRef(t.destination_smart_account_id, t.destination_name)},
                    {"created_at", FormatRfc3339(t.created_at)},
                    {"updated_at", FormatRfc3339(t.updated_at)},
                    {"asset_count", rows[i].asset_count},
                    {"allowed_actions", ActionsJson(rows[i].allowed_actions)}});
            }
            value next = nullptr;
            if (rows.size() > shown) next = value(EncodeCursor(rows[shown - 1].transfer.id));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
        });
    });

    router.Add(http::Verb::get, "/api/v1/transfers/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto v, service::GetTransfer(ctx.tx, ctx.actor, ctx.req.Param("id")));
            return Json(200, TransferJson(v, ctx.req.locale));
        });
    });

    RegisterActions(router, app, mail);
}

}  // namespace entitled::api
