#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/orders…, /api/v1/find
void RegisterOrderRoutes(http::Router& router, App& app);
}  // namespace entitled::api
