// Liveness, readiness, metrics and the OpenAPI document.
#include "api/health_api.hpp"

#include "api/execute.hpp"
#include "api/openapi.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::api {

void RegisterHealthRoutes(http::Router& router, App& app) {
    router.Add(http::Verb::get, "/healthz", [](http::Request&) { return Json(200, {{"status", "ok"}}); });

    router.Add(http::Verb::get, "/readyz", [&app](http::Request& req) {
        if (Status ping = app.db.Ping(); !ping.ok()) {
            return Problem(req, MakeError(Problem::kDatabaseUnreachable));
        }
        auto version = storage::CurrentSchemaVersion(app.db);
        if (!version.ok() || *version < storage::LatestSchemaVersion()) {
            return Problem(req, MakeError(Problem::kMigrationsPending));
        }
        return Json(200, {{"status", "ready"}, {"schema_version", *version}});
    });

    router.Add(http::Verb::get, "/metrics", [&app](http::Request&) {
        return http::TextResponse(200, "text/plain; version=0.0.4; charset=utf-8", app.metrics.Render());
    });

    router.Add(http::Verb::get, "/api/v1/openapi.json",
               [](http::Request&) { return http::JsonResponse(200, std::string(OpenApiDocument())); });
}

}  // namespace entitled::api
