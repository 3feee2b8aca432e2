#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/admin/…: platform administration.
void RegisterAdminRoutes(http::Router& router, App& app);
}  // namespace entitled::api
