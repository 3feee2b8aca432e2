#pragma once
// Structured logging: one JSON object per line on stderr. Values go through
// the JSON serializer, so request input can never forge a line or a field,
// and every string value (at any depth) through LogSafe first, so a line is
// always valid UTF-8 and shows no control character to whoever reads it.
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

// `text` with what a log reader must not receive raw written out as text:
// each byte that is not part of valid UTF-8 (say, a percent-decoded path) as
// \xNN; control characters (C0, DEL, C1), the line and paragraph separators
// and the bidirectional overrides as \uXXXX; and the backslash itself as \\,
// so the escapes are unambiguous. Valid printable UTF-8 is unchanged.
std::string LogSafe(std::string_view text);

}  // namespace entitled
