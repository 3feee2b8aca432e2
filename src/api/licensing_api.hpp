#pragma once
#include "api/app.hpp"

namespace entitled::api {
// Product-side licensing (API.md "Product-side licensing"): the published
// keys, check-ins, floating leases.
void RegisterLicensingRoutes(http::Router& router, App& app);
}  // namespace entitled::api
