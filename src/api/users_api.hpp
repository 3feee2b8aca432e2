#pragma once
#include <boost/json/object.hpp>

#include "api/app.hpp"
#include "domain/user.hpp"

namespace entitled::api {
// /api/v1/users, /api/v1/me, /api/v1/me/tokens
void RegisterUserRoutes(http::Router& router, App& app);
// The caller's profile with memberships, as GET /api/v1/me shows it.
// `policy` decides whether a second factor is required of this user.
Result<boost::json::object> MeJson(storage::Transaction& tx, const domain::User& user,
                                   const service::SessionPolicy& policy);
}  // namespace entitled::api
