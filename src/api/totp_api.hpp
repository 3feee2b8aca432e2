#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/me/totp (set up, confirm, disable) and /api/v1/users/{id}/totp-reset
void RegisterTotpRoutes(http::Router& router, App& app);
}  // namespace entitled::api
