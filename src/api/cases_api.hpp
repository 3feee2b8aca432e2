#pragma once
#include "api/app.hpp"

namespace entitled::api {
// /api/v1/cases…
void RegisterCaseRoutes(http::Router& router, App& app);
}  // namespace entitled::api
