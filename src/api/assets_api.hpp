#pragma once
#include <optional>
#include <vector>

#include "api/app.hpp"
#include "domain/devices.hpp"
#include "http/json.hpp"
#include "service/licenses_service.hpp"

namespace entitled::api {
// Licenses, devices, moves between VAs, registration tokens, usage reports.
// ?virtual_account_id= narrows a listing to one VA (422 naming it when not a positive integer).
Result<std::optional<std::int64_t>> OptionalVirtualAccount(const http::Request& req);
// A device's "usage": [{product, count}] (usage reports, check-ins); bad entries named "usage[i].count".
std::vector<domain::UsageItem> ReadUsage(http::JsonReader& in, std::vector<FieldError>& errors);

// One product line of a license summary (per VA when it has one, else per account).
boost::json::object ProductLineJson(const service::ProductLine& line);

void RegisterAssetRoutes(http::Router& router, App& app);
}  // namespace entitled::api
