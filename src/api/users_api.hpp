#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/users, /api/v1/me, /api/v1/me/tokens
void RegisterUserRoutes(http::Router& router, App& app);
}
