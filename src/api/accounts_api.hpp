#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/smart-accounts…, /api/v1/virtual-accounts/…
void RegisterAccountRoutes(http::Router& router, App& app);
// /api/v1/smart-account-requests…, /api/v1/invitations/…
void RegisterAccountRequestRoutes(http::Router& router, App& app);
}  // namespace entitled::api
