#include "api/accounts_api.hpp"
#include "api/admin_api.hpp"
#include "api/app.hpp"
#include "api/assets_api.hpp"
#include "api/auth_api.hpp"
#include "api/cases_api.hpp"
#include "api/health_api.hpp"
#include "api/licensing_api.hpp"
#include "api/orders_api.hpp"
#include "api/totp_api.hpp"
#include "api/transfers_api.hpp"
#include "api/users_api.hpp"

namespace entitled::api {

void RegisterRoutes(http::Router& router, App& app) {
    RegisterHealthRoutes(router, app);
    RegisterAuthRoutes(router, app);
    RegisterUserRoutes(router, app);
    RegisterTotpRoutes(router, app);
    RegisterAdminRoutes(router, app);
    RegisterAccountRoutes(router, app);
    RegisterAccountRequestRoutes(router, app);
    RegisterOrderRoutes(router, app);
    RegisterAssetRoutes(router, app);
    RegisterLicensingRoutes(router, app);
    RegisterTransferRoutes(router, app);
    RegisterCaseRoutes(router, app);
}

}  // namespace entitled::api
