#pragma once
#include "api/app.hpp"

namespace entitled::api {
// Licenses, devices, moves between VAs, registration tokens, usage reports.
void RegisterAssetRoutes(http::Router& router, App& app);
}  // namespace entitled::api
