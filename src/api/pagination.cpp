#include "api/pagination.hpp"

#include <charconv>

namespace entitled::api {
namespace {

constexpr std::string_view kPrefix = "c1.";

}  // namespace

std::string EncodeCursor(std::int64_t key) { return std::string(kPrefix) + std::to_string(key); }

Result<Page> ReadPage(const http::Request& req) {
    Page page;
    std::vector<FieldError> errors;
    if (auto limit = req.Query("limit")) {
        int n = 0;
        auto [p, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
        if (ec != std::errc() || p != limit->data() + limit->size() || n < 1 || n > 500) {
            errors.push_back({"limit", "out_of_range", "field.out_of_range", {{"min", "1"}, {"max", "500"}}});
        } else {
            page.limit = n;
        }
    }
    if (auto cursor = req.Query("cursor"); cursor && !cursor->empty()) {
        std::int64_t key = 0;
        const bool prefixed = cursor->rfind(kPrefix, 0) == 0;
        const char* begin = cursor->data() + kPrefix.size();
        const char* end = cursor->data() + cursor->size();
        auto [p, ec] =
            prefixed ? std::from_chars(begin, end, key) : std::from_chars_result{begin, std::errc::invalid_argument};
        if (!prefixed || ec != std::errc() || p != end) {
            errors.push_back({"cursor", "invalid", "field.invalid", {}});
        } else {
            page.after = key;
        }
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    return page;
}

}  // namespace entitled::api
