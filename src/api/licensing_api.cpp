// Product-side licensing (API.md "Product-side licensing", SPEC §8).
#include "api/licensing_api.hpp"

#include "api/assets_api.hpp"
#include "api/execute.hpp"
#include "api/pagination.hpp"
#include "service/licensing_service.hpp"

namespace entitled::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::int64_t kMaxLeaseSeats = 1'000'000;

object KeyJson(const storage::SigningKeyRow& k) {
    return {{"kid", k.kid},
            {"alg", "Ed25519"},
            {"public_key", k.public_key},
            {"created_at", FormatRfc3339(k.created_at)},
            {"retired_at", OptTime(k.retired_at)}};
}

object LeaseJson(const domain::Lease& l) {
    return {{"id", l.id},
            {"product", l.product},
            {"count", l.count},
            {"device_id", l.device_id},
            {"device_name", l.device_name},
            {"device_serial", l.device_serial},
            {"virtual_account_id", l.virtual_account_id},
            {"created_at", FormatRfc3339(l.created_at)},
            {"heartbeat_at", FormatRfc3339(l.heartbeat_at)},
            {"expires_at", FormatRfc3339(l.expires_at)}};
}

object GrantedJson(const service::GrantedLease& g) {
    object out = LeaseJson(g.lease);
    out["lease"] = g.document;
    return out;
}

Result<service::CheckInRequest> ReadCheckIn(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    std::vector<FieldError> errors;
    http::JsonReader in(body, "", &errors);
    service::CheckInRequest r;
    r.device_id = in.Int("device_id", true, 1, INT64_MAX).value_or(0);
    r.device_secret = in.String("device_secret", true, 200, 1).value_or("");
    r.usage = ReadUsage(in, errors);
    in.RejectUnknown();
    if (!errors.empty()) return ValidationError(std::move(errors));
    return r;
}

Result<service::LeaseRequest> ReadLease(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    service::LeaseRequest r;
    r.device_id = in.Int("device_id", true, 1, INT64_MAX).value_or(0);
    r.device_secret = in.String("device_secret", true, 200, 1).value_or("");
    r.product = in.String("product", true, 100, 1).value_or("");
    r.count = in.Int("count", false, 1, kMaxLeaseSeats).value_or(1);
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return r;
}

Result<std::string> ReadDeviceSecret(const http::Request& req) {
    ENT_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(req));
    http::JsonReader in(body);
    auto secret = in.String("device_secret", true, 200, 1).value_or("");
    in.RejectUnknown();
    ENT_TRY(in.Finish());
    return secret;
}

// Signing needs the key directory; a server wired without it cannot answer devices.
Result<const service::SigningKeys*> Keys(const App& app) {
    if (!app.signing_keys) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "no signing keys configured";
        return e;
    }
    return app.signing_keys.get();
}

void RegisterCheckIn(http::Router& router, App& app) {
    router.Add(http::Verb::get, "/api/v1/licensing/keys", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto keys, service::PublishedKeys(ctx.tx));
            array items;
            for (const auto& k : keys) items.push_back(KeyJson(k));
            return Json(200, {{"keys", std::move(items)}});
        });
    });

    // Devices authenticate with their id and secret in the body, not as users.
    // kLockingWrite: the check-in locks the pools it is authorized from first (service::CheckIn).
    router.Add(http::Verb::post, "/api/v1/devices/check-in", [&app](http::Request& req) {
        return Execute(
            app, req, storage::TxMode::kLockingWrite, Auth::kNone, [&app](Ctx& ctx) -> Result<http::Response> {
                ENT_ASSIGN_OR_RETURN(auto input, ReadCheckIn(ctx.req));
                ENT_ASSIGN_OR_RETURN(auto keys, Keys(app));
                ENT_ASSIGN_OR_RETURN(auto answer, service::CheckIn(ctx.tx, *keys, app.licensing, input, ctx.now));
                array products;
                for (const auto& p : answer.products) {
                    products.push_back(object{{"product", p.product}, {"count", p.count}, {"shortage", p.shortage}});
                }
                return Json(200, {{"status", domain::AuthorizationStatusName(answer.status)},
                                  {"entitlements", std::move(products)},
                                  {"authorization", std::move(answer.authorization)},
                                  {"next_check_in_at", FormatRfc3339(answer.next_check_in_at)}});
            });
    });
}

void RegisterLeases(http::Router& router, App& app) {
    // kLockingWrite: the checkout locks its pool first (service::AcquireLease).
    router.Add(http::Verb::post, "/api/v1/leases", [&app](http::Request& req) {
        return Execute(
            app, req, storage::TxMode::kLockingWrite, Auth::kNone, [&app](Ctx& ctx) -> Result<http::Response> {
                ENT_ASSIGN_OR_RETURN(auto input, ReadLease(ctx.req));
                ENT_ASSIGN_OR_RETURN(auto keys, Keys(app));
                ENT_ASSIGN_OR_RETURN(auto granted, service::AcquireLease(ctx.tx, *keys, app.licensing, input, ctx.now));
                return Json(201, GrantedJson(granted));
            });
    });

    router.Add(http::Verb::post, "/api/v1/leases/{id}/heartbeat", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [&app](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto secret, ReadDeviceSecret(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto keys, Keys(app));
            ENT_ASSIGN_OR_RETURN(auto renewed,
                                 service::HeartbeatLease(ctx.tx, *keys, app.licensing, id, secret, ctx.now));
            return Json(200, GrantedJson(renewed));
        });
    });

    router.Add(http::Verb::delete_, "/api/v1/leases/{id}", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kWrite, Auth::kNone, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto id, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto secret, ReadDeviceSecret(ctx.req));
            ENT_TRY(service::ReleaseLease(ctx.tx, id, secret, ctx.now));
            return http::NoContent();
        });
    });

    router.Add(http::Verb::get, "/api/v1/smart-accounts/{id}/leases", [&app](http::Request& req) {
        return Execute(app, req, storage::TxMode::kRead, Auth::kRequired, [](Ctx& ctx) -> Result<http::Response> {
            ENT_ASSIGN_OR_RETURN(auto sa, IdParam(ctx.req, "id"));
            ENT_ASSIGN_OR_RETURN(auto va, OptionalVirtualAccount(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto page, ReadPage(ctx.req));
            ENT_ASSIGN_OR_RETURN(auto leases, service::ListLeases(ctx.tx, ctx.actor, sa, va, page.after.value_or(0),
                                                                  page.limit, ctx.now));
            array items;
            for (const auto& l : leases.items) items.push_back(LeaseJson(l));
            value next = nullptr;
            if (leases.more) next = value(EncodeCursor(leases.items.back().id));
            return Json(200, {{"items", std::move(items)}, {"next_cursor", next}});
        });
    });
}

}  // namespace

void RegisterLicensingRoutes(http::Router& router, App& app) {
    RegisterCheckIn(router, app);
    RegisterLeases(router, app);
}

}  // namespace entitled::api
