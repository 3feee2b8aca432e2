#pragma once
#include <string_view>

namespace entitled::api {
// The OpenAPI 3.1 document (docs/openapi.json), embedded at build time.
std::string_view OpenApiDocument();
}  // namespace entitled::api
