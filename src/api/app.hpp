#pragma once
// The dependencies every handler may use, wired in cli/serve.cpp.

#include "common/clock.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "storage/db.hpp"

namespace entitled::api {

struct App {
    storage::Database& db;
    const Clock& clock;
    http::Metrics& metrics;
};

// Registers every endpoint of the API on `router`.
void RegisterRoutes(http::Router& router, App& app);

}  // namespace entitled::api
