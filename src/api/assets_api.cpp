// Licenses and devices (API.md "Licenses and devices").
#include "api/assets_api.hpp"

#include <charconv>
#include <set>

#include "api/csv.hpp"
#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/devices_service.hpp"
#include "service/licenses_service.hpp"

namespace entitled::api {
namespace {

constexpr int kMaxProductsPerDevice = 100;
constexpr std::int64_t kMaxUsageCount = 1'000'000'000;

}  // namespace

Result<std::optional<std::int64_t>> OptionalVirtualAccount(const http::Request& req) {
    const auto raw = req.Query("virtual_account_id");
    if (!raw || raw->empty()) return std::optional<std::int64_t>();
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), id);
    if (ec != std::errc() || p != raw->data() + raw->size() || id <= 0) {
        return FieldInvalid("virtual_account_id", "wrong_type", "field.expected_integer");
    }
    return std::optional<std::int64_t>(id);
}

std::vector<domain::UsageItem> ReadUsage(http::JsonReader& in, std::vector<FieldError>& errors) {
    std::vector<domain::UsageItem> usage;
    const auto* list = in.Array("usage", true, kMaxProductsPerDevice);
    if (list == nullptr) return usage;
    std::set<std::string> products;
    for (size_t j = 0; j < list->size(); ++j) {
        const std::string path = in.Path("usage[" + std::to_string(j) + "]");
        if (!(*list)[j].is_object()) {
            errors.push_back({path, "wrong_type", "field.expected_object", {}});
            continue;
        }
        http::JsonReader item((*list)[j].as_object(), path + ".", &errors);
        domain::UsageItem u;
        u.product = item.String("product", true, 100, 1).value_or("");
        u.count = item.Int("count", true, 0, kMaxUsageCount).value_or(0);
        if (!u.product.empty() && !products.insert(u.product).second) item.AddError("product", "duplicate");
        item.RejectUnknown();
        usage.push_back(std::move(u));
    }
    return usage;
}

boost::json::object ProductLineJson(const service::ProductLine& l) {
    boost::json::object out{{"product", l.product},
                            {"license_model", domain::LicenseModelName(l.license_model)},
                            {"purchased", l.totals.purchased},
                            {"in_use", l.totals.in_use},
                            {"reserved", l.totals.reserved},
                            {"available", l.totals.available},
                            {"shortage", l.totals.shortage}};
    if (l.virtual_account_id != 0) {
        out["virtual_account_id"] = l.virtual_account_id;
        out["virtual_account_name"] = l.virtual_account_name;
    }
    return out;
}

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr int kMaxReportsPerBatch = 10000;

object LicenseJson(const service::LicenseItem& item) {
    const auto& l = item.listing.lot;
    value source = nullptr;
    if (item.listing.order_number) {
        source = object{{"order", *item.listing.order_number}, {"line_number", item.listing.line_number.value_or(0)}};
    }
    return {{"id", l.id},
            {"product", l.product},
            {"quantity", l.quantity},
            {"in_use", item.in_use},
            {"reserved", l.reserved},
            {"available", item.available},
            {"license_type", domain::LicenseTypeName(l.license_type)},
            {"buying_model", domain::BuyingModelName(l.buying_model)},
            {"license_model", domain::LicenseModelName(l.license_model)},
            {"starts_at", FormatRfc3339(l.starts_at)},
            {"ends_at", OptTime(l.ends_at)},
            {"expired", item.expired},
            {"usable", l.usable},
            {"source", std::move(source)},
            {"virtual_account_id", l.virtual_account_id},
            {"virtual_account_name", item.listing.virtual_account_name}};
}

object DeviceJson(const domain::Device& d, Micros now, Micros grace) {
    array usage;
    for (const auto& u : d.usage) usage.push_back(object{{"product", u.product}, {"count", u.count}});
    return {{"id", d.id},
            {"name", d.name},
            {"serial", d.serial},
            {"product", d.product},
            {"deployment", domain::DeploymentName(d.deployment)},
            {"virtual_account_id", d.virtual_account_id},
            {"virtual_account_name", d.virtual_account_name},
            {"usage", std::move(usage)},
            {"registered_at", FormatRfc3339(d.registered_at)},
            {"last_seen_at", OptTime(d.last_seen_at)},
            {"last_check_in_at", OptTime(d.last_check_in_at)},
            {"authorization_status", d.authorization_status
                                         ? value(domain::AuthorizationStatusName(*d.authorization_status))
                                         : value(nullptr)},
            {"not_reporting", domain::NotReporting(d, now, grace)},
            {"export_controlled", d.export_controlled}};
}

object TokenJson(const domain::RegistrationToken& t, Micros now) {
    return {{"id", t.id},
            {"description", t.description},
            {"virtual_account_id", t.virtual_account_id},
            {"export_controlled", t.export_controlled},
            {"max_uses", t.max_uses},
            {"uses", t.uses},
            {"created_at", FormatRfc3339(t.created_at)},
            {"expires_at", FormatRfc3339(t.expires_at)},
            {"revoked_at", OptTime(t.revoked_at)},
            {"status", domain::TokenStatusName(domain::StatusOf(t, now))}};
}

std::string UsageText(const domain::Device& d) {
    std::string out;
    for (const auto& u : d.usage) {
        if (!out.empty()) out += "; ";
        out += u.product + "=" + std::to_string(u.count);
    }
    return out;
}

Result<http::Response> LicensesCsv(Ctx& ctx, std::int64_t sa, std::optional<std::int64_t> va,
                                   const std::optional<std::string>& product) {
    std::string out =
        "id,product,quantity,in_use,reserved,available,license_type,buying_model,starts_at,ends_at,order,line_number,"
        "virtual_account\r\n";
    std::int64_t after = 0;
    for (;;) {
        ENT_ASSIGN_OR_RETURN(auto page,
                             service::ListLicenses(ctx.tx, ctx.actor, sa, va, product, after, 1000, ctx.now));
        for (const auto& item : page.items) {
            const auto& l = item.listing.lot;
            out += std::to_string(l.id) + "," + CsvField(l.product) + "," + std::to_string(l.quantity) + "," +
                   std::to_string(item.in_use) + "," + std::to_string(l.reserved) + "," +
                   std::to_string(item.available) + "," + std::string(domain::LicenseTypeName(l.license_type)) + "," +
                   std::string(domain::BuyingModelName(l.buying_model)) + "," + FormatRfc3339(l.starts_at) + "," +
                   (l.ends_at ? FormatRfc3339(*l.ends_at) : "") + "," +
                   CsvField(item.listing.order_number.value_or("")) + "," +
                   (item.listing.line_number ? std::to_string(*item.listing.line_number) : "") + "," +
                   CsvField(item.listing.virtual_account_name) + "\r\n";
            after = l.id;
        }
        if (!page.more) break;
    }
    return CsvResponse(std::move(out), "smart-account-" + std::to_string(sa) + "-licenses.csv");
}

Result<http::Response> Licenses(Ctx& ctx) {
    ENT_ASSIGN_OR_RETURN(auto sa, IdParam(ctx.req, "id"));
    ENT_ASSIGN_OR_RETURN(auto va, OptionalVirtualAccount(ctx.req));
    std::optional<std::string> product = ctx.req.Query("product");
    if (product && product->empty()) product.reset();
    if (ctx.req.Query("format").value_or("") == "csv") return LicensesCsv(ctx, sa, va, product);
    ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
    ENT_ASSIGN_OR_RETURN(auto licenses, service::ListLicenses(ctx.tx, ctx.actor, sa, va, product,
                                                              page.after.value_or(0), page.limit, ctx.now));
    array items;
    for (const auto& item : licenses.items) items.push_back(LicenseJson(item));
    value next = nullptr;
    if (licenses.more) next = value(EncodeCursor(licenses.items.back().listing.lot.id));
    return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

Result<http::Response> DevicesCsv(Ctx& ctx, std::int64_t sa, std::optional<std::int64_t> va, const std::string& q) {
    std::string out = "id,name,serial,product,deployment,virtual_account,usage,registered_at,last_seen_at\r\n";
    std::int64_t after = 0;
    for (;;) {
        ENT_ASSIGN_OR_RETURN(auto page, service::ListDevices(ctx.tx, ctx.actor, sa, va, q, after, 1000));
        for (const auto& d : page.items) {
            out += std::to_string(d.id) + "," + CsvField(d.name) + "," + CsvField(d.serial) + "," +
                   CsvField(d.product) + "," + std::string(domain::DeploymentName(d.deployment)) + "," +
                   CsvField(d.virtual_account_name) + "," + CsvField(UsageText(d)) + "," +
                   FormatRfc3339(d.registered_at) + "," + (d.last_seen_at ? FormatRfc3339(*d.last_seen_at) : "") +
                   "\r\n";
            after = d.id;
        }
        if (!page.more) break;
    }
    return CsvResponse(std::move(out), "smart-account-" + std::to_string(sa) + "-devices.csv");
}

Result<http::Response> Devices(Ctx& ctx, Micros grace) {
    ENT_ASSIGN_OR_RETURN(auto sa, IdParam(ctx.req, "id"));
    ENT_ASSIGN_OR_RETURN(auto va, OptionalVirtualAccount(ctx.req));
    const std::string q = ctx.req.Query("q").value_or("");
    if (q.size() > 100) return FieldInvalid("q", "too_long", "field.too_long").With("max", "100");
    if (ctx.req.Query("format").value_or("") == "csv") return DevicesCsv(ctx, sa, va, q);
    ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
    ENT_ASSIGN_OR_RETURN(auto devices,
                         service::ListDevices(ctx.tx, ctx.actor, sa, va, q, page.after.value_or(0), page.limit));
    array items;
    for (const auto& d : devices.items) items.push_back(DeviceJson(d, ctx.now, grace));
    value next = nullptr;
    if (devices.more) next = value(EncodeCursor(devices.items.back().id));
    return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

Result<service::LicenseMove> ReadMove(const http::Request& req, std::int64_t from) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::LicenseMove m;
    m.from_virtual_account_id = from;
    m.to_virtual_account_id = in.Int("to_virtual_account_id", true, 1, INT64_MAX).value_or(0);
    m.product = in.String("product", true, 100, 1).value_or("");
    m.quantity = in.Int("quantity", true, 1, domain::kMaxLotQuantity).value_or(0);
    if (auto model = in.Enum("license_model", false, {"device", "floating"})) {
        m.license_model = *domain::ParseLicenseModel(*model);
    }
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return m;
}

Result<service::NewToken> ReadToken(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewToken t;
    t.description = in.String("description", true, 200, 1).value_or("");
    t.expires_in_days = static_cast<int>(in.Int("expires_in_days", true, 1, 365).value_or(30));
    t.max_uses = in.Int("max_uses", true, 1, 1'000'000).value_or(1);
    t.export_controlled = in.Bool("export_controlled", false).value_or(false);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return t;
}

Result<service::NewDevice> ReadDevice(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::NewDevice d;
    d.token = in.String("token", true, 200, 1).value_or("");
    d.name = in.Name("name", true, 200).value_or("");
    d.serial = in.String("serial", true, 100, 1).value_or("");
    d.product = in.String("product", true, 100, 1).value_or("");
    if (auto dep = in.Enum("deployment", true, {"cloud", "on_prem"})) d.deployment = *domain::ParseDeployment(*dep);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return d;
}

// The body is an array of reports; one bad entry refuses the batch, naming it ("[3].usage[0].count").
Result<std::vector<service::UsageReport>> ReadReports(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJson(req));
    if (!body.is_array()) return FieldInvalid("body", "wrong_type", "expected_array");
    const auto& list = body.as_array();
    if (list.empty()) return FieldInvalid("body", "required", "field.required");
    if (list.size() > static_cast<size_t>(kMaxReportsPerBatch)) {
        return FieldInvalid("body", "too_many", "field.too_many").With("max", std::to_string(kMaxReportsPerBatch));
    }
    std::vector<FieldError> errors;
    std::vector<service::UsageReport> reports;
    reports.reserve(list.size());
    std::set<std::int64_t> devices;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string path = "[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
            errors.push_back({path, "wrong_type", "field.expected_object", {}});
            continue;
        }
        http::JsonReader in(list[i].as_object(), path + ".", &errors);
        service::UsageReport r;
        r.device_id = in.Int("device_id", true, 1, INT64_MAX).value_or(0);
        if (r.device_id != 0 && !devices.insert(r.device_id).second) in.AddError("device_id", "duplicate");
        r.device_secret = in.String("device_secret", true, 200, 1).value_or("");
        r.usage = ReadUsage(in, errors);
        in.RejectUnknown();
        reports.push_back(std::move(r));
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    return reports;
}

void RegisterLicenseRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/licenses", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, Licenses);
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/license-summary", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto sa, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto va, OptionalVirtualAccount(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto lines, service::SummarizeLicenses(ctx.tx, ctx.actor, sa, va, ctx.now));
            array items;
            for (const auto& l : lines) items.push_back(ProductLineJson(l));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/virtual-accounts/{id}/license-moves", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto va, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto move, ReadMove(ctx.req, va));
            ENT_ASSIGN_OR_RETURN(auto moved, service::MoveLicenses(ctx.tx, ctx.actor, move, ctx.now));
            return Json(200, {{"product", move.product},
                              {"quantity", move.quantity},
                              {"from", ProductLineJson(moved.from)},
                              {"to", ProductLineJson(moved.to)}});
        });
    });
}

void RegisterDeviceRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/devices", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired,
                       [&app](Ctx& ctx) { return Devices(ctx, app.licensing.device_grace); });
    });

    router.Add(http::Verb::get, "/api/v1/virtual-accounts/{id}/tokens", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto va, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto tokens, service::ListTokens(ctx.tx, ctx.actor, va));
            array items;
            for (const auto& t : tokens) items.push_back(TokenJson(t, ctx.now));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", nullptr}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/virtual-accounts/{id}/tokens", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto va, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto input, ReadToken(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto created, service::CreateToken(ctx.tx, ctx.actor, va, input, ctx.now));
            object out = TokenJson(created.row, ctx.now);
            out["token"] = created.secret;
            return Json(201, out);
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/virtual-accounts/{id}/tokens/{token_id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto va, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto token, IdParam(ctx.req, "token_id"));
            ENT_TRY(service::RevokeToken(ctx.tx, ctx.actor, va, token, ctx.now));
            return http::NoContent();
        });
    });

    // Devices authenticate with their token or secret, not as users.
    router.Add(http::Verb::post, "/api/v1/devices/register", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto input, ReadDevice(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto device, service::RegisterDevice(ctx.tx, ctx.actor, input, ctx.now));
            return Json(201, {{"device_id", device.device_id},
                              {"device_secret", device.secret},
                              {"smart_account_id", device.smart_account_id},
                              {"virtual_account_id", device.virtual_account_id}});
        });
    });

    router.Add(http::Verb::post, "/api/v1/usage-reports", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto reports, ReadReports(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto accepted, service::RecordUsage(ctx.tx, reports, ctx.now));
            return Json(200, {{"accepted", accepted}});
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/devices/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_TRY(service::DeleteDevice(ctx.tx, ctx.actor, id, ctx.now));
            return http::NoContent();
        });
    });
}

}  // namespace

void RegisterAssetRoutes(http::Router& router, App& app) {
    RegisterLicenseRoutes(router, app);
    RegisterDeviceRoutes(router, app);
}

}  // namespace entitled::api
