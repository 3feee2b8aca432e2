#include "api/app.hpp"
#include "api/health_api.hpp"
#include "api/users_api.hpp"

namespace entitled::api {

void RegisterRoutes(http::Router& router, App& app) {
    RegisterHealthRoutes(router, app);
    RegisterUserRoutes(router, app);
}

}  // namespace entitled::api
