#pragma once
// List paging per API.md: ?limit= (default 50, max 500) and an opaque
// ?cursor= from the previous page's next_cursor.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "http/message.hpp"

namespace entitled::api {

struct Page {
    int limit = 50;
    std::optional<std::int64_t> after;  // decoded cursor: continue after this key
};

// 422 naming "limit" or "cursor" when they are not usable.
Result<Page> ReadPage(const http::Request& req);
std::string EncodeCursor(std::int64_t key);

}  // namespace entitled::api
