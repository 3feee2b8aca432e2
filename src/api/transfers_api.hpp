#pragma once
#include "api/app.hpp"

namespace entitled::api {
// The Asset Transfer Manager: /api/v1/transfers…
void RegisterTransferRoutes(http::Router& router, App& app);
}  // namespace entitled::api
