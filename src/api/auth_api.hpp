#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/auth/login and /api/v1/auth/logout
void RegisterAuthRoutes(http::Router& router, App& app);
}  // namespace entitled::api
