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

}  // namespace

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
    for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
    std::string text = boost::json::serialize(line);
    text += '\n';
    std::lock_guard lock(g_mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace entitled
