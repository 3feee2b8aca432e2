#pragma once
// CSV exports (RFC 4180) of lists users may open in a spreadsheet.

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace entitled::api {

// Quotes when needed; a value that a spreadsheet would run as a formula
// (starting with = + - @ or a control character) gets a leading apostrophe,
// since device names and the like come from outside.
std::string CsvField(std::string_view s);
http::Response CsvResponse(std::string body, const std::string& filename);

}  // namespace entitled::api
