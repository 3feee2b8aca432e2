#include "common/log.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <mutex>

#include "common/clock.hpp"

namespace entitled {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};  // NOLINT: process-wide log threshold
std::mutex g_mutex;                              // NOLINT: serialises whole lines

const char* LevelName(LogLevel l) {
    switch (l) {
        case LogLevel::kDebug:
            return "debug";
        case LogLevel::kInfo:
            return "info";
        case LogLevel::kWarn:
            return "warn";
        case LogLevel::kError:
            return "error";
    }
    return "info";
}

// The length of the valid UTF-8 sequence at the start of `s` and its code
// point, or 0 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
size_t Utf8Sequence(std::string_view s, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    size_t len = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (s.size() < len) return 0;
    for (size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return len;
}

bool Unprintable(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void SanitizeStrings(boost::json::value& v) {
    if (v.is_string()) {
        const std::string_view raw(v.get_string().data(), v.get_string().size());
        std::string safe = LogSafe(raw);
        if (safe != raw) v = safe;
    } else if (v.is_object()) {
        for (auto& kv : v.get_object()) SanitizeStrings(kv.value());
    } else if (v.is_array()) {
        for (auto& item : v.get_array()) SanitizeStrings(item);
    }
}

}  // namespace

std::string LogSafe(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        char32_t cp = 0;
        const size_t len = Utf8Sequence(text.substr(i), cp);
        if (len == 0) {
            const auto b = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
            ++i;
            continue;
        }
        if (cp == '\\') {
            out += "\\\\";
        } else if (Unprintable(cp)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

void SetLogLevel(LogLevel level) { g_level.store(level); }

bool ParseLogLevel(std::string_view name, LogLevel& out) {
    for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
        if (name == LevelName(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

void Log(LogLevel level, std::string_view event, boost::json::object fields) {
    if (level < g_level.load()) return;
    boost::json::object line;
    line["ts"] = FormatRfc3339(SystemClock().Now());
    line["level"] = LevelName(level);
    line["event"] = event;
    for (auto& kv : fields) {
        SanitizeStrings(kv.value());
        line[LogSafe(kv.key())] = std::move(kv.value());
    }
    std::string text = boost::json::serialize(line);
    text += '\n';
    std::lock_guard lock(g_mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace entitled
