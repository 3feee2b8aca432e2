#pragma once
#include "api/app.hpp"

namespace entitled::api {
void RegisterHealthRoutes(http::Router& router, App& app);
}
