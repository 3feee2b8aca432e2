#pragma once
// Structured logging: one JSON object per line on stderr. Values go through
// the JSON serializer, so request input can never forge a line or a field.
//
// Thread safety: Log may be called from any thread; lines never interleave.

#include <boost/json/object.hpp>
#include <string_view>

namespace entitled {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Lines below this level are dropped. Default kInfo.
void SetLogLevel(LogLevel level);
bool ParseLogLevel(std::string_view name, LogLevel& out);
void Log(LogLevel level, std::string_view event, boost::json::object fields = {});

}  // namespace entitled
