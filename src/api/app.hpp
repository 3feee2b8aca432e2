#pragma once
// The dependencies every handler may use, wired in cli/serve.cpp.

#include <functional>

#include "common/clock.hpp"
#include "common/secret_box.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/licensing_service.hpp"
#include "service/session_service.hpp"
#include "service/signing_keys.hpp"
#include "storage/db.hpp"

namespace entitled::api {

struct App {
    storage::Database& db;
    const Clock& clock;
    http::Metrics& metrics;
    service::SessionPolicy sessions;
    std::string base_url = "http://localhost:8080";
    // Seals the secrets the server reads back (TOTP); serve loads it from --key-dir.
    std::shared_ptr<const SecretBox> secrets = SecretBox::Ephemeral();
    // How long a response is kept for an Idempotency-Key replay.
    Micros idempotency_ttl = kMicrosPerDay;
    // Signs what devices verify (check-ins, leases); serve loads it from --key-dir.
    std::shared_ptr<const service::SigningKeys> signing_keys;
    service::LicensingPolicy licensing;
    // Starts a round of background work now (set by serve; may be empty).
    std::function<void()> wake_jobs;
};

// Registers every endpoint of the API on `router`.
void RegisterRoutes(http::Router& router, App& app);

}  // namespace entitled::api
