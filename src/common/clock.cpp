#include "common/clock.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace entitled {

Micros SystemClock::Now() const {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, no
// time-zone database needed.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
}

}  // namespace

Micros AddMonths(Micros t, int months) {
    std::int64_t days = t / kMicrosPerDay;
    Micros rem = t % kMicrosPerDay;
    if (rem < 0) {
        rem += kMicrosPerDay;
        --days;
    }
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    CivilFromDays(days, y, m, d);
    std::int64_t total = y * 12 + (m - 1) + months;
    const std::int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
    const auto nm = static_cast<unsigned>(total - ny * 12 + 1);
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0;
    const unsigned last = kDays[nm - 1] + (nm == 2 && leap ? 1 : 0);
    return DaysFromCivil(ny, nm, std::min(d, last)) * kMicrosPerDay + rem;
}

std::string FormatRfc3339(Micros t) {
    std::int64_t days = t / kMicrosPerDay;
    Micros rem = t % kMicrosPerDay;
    if (rem < 0) {
        rem += kMicrosPerDay;
        --days;
    }
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    CivilFromDays(days, y, m, d);
    const auto secs = static_cast<int>(rem / kMicrosPerSecond);
    const auto frac = static_cast<int>(rem % kMicrosPerSecond);
    char buf[48];
    if (frac == 0) {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d, secs / 3600,
                      secs / 60 % 60, secs % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%06dZ", static_cast<long long>(y), m, d,
                      secs / 3600, secs / 60 % 60, secs % 60, frac);
    }
    return buf;
}

std::optional<Micros> ParseRfc3339(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!ReadInt(s, 0, 4, y) || !ReadInt(s, 5, 2, mo) || !ReadInt(s, 8, 2, d)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    const std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    std::int64_t y2 = 0;
    unsigned m2 = 0, d2 = 0;
    CivilFromDays(days, y2, m2, d2);
    if (static_cast<int>(m2) != mo || static_cast<int>(d2) != d) return std::nullopt;  // e.g. Feb 30
    if (s.size() == 10) return days * kMicrosPerDay;
    if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
        return std::nullopt;
    }
    if (!ReadInt(s, 11, 2, h) || !ReadInt(s, 14, 2, mi) || !ReadInt(s, 17, 2, se)) return std::nullopt;
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    size_t pos = 19;
    Micros frac = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        Micros scale = 100000;
        size_t digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            frac += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
    }
    Micros offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
        int oh = 0, om = 0;
        if (!ReadInt(s, pos + 1, 2, oh) || !ReadInt(s, pos + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offset = (oh * 3600LL + om * 60LL) * kMicrosPerSecond * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return days * kMicrosPerDay + (h * 3600LL + mi * 60LL + se) * kMicrosPerSecond + frac - offset;
}

}  // namespace entitled
