#include "api/csv.hpp"

namespace entitled::api {

std::string CsvField(std::string_view s) {
    std::string value(s);
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r')) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

http::Response CsvResponse(std::string body, const std::string& filename) {
    http::Response res = http::TextResponse(200, "text/csv; charset=utf-8", std::move(body));
    res.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    return res;
}

}  // namespace entitled::api
