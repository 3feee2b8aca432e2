#include <gtest/gtest.h>

#include "entitled/device_client.hpp"

namespace entitled::device {
namespace {

using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar literals

Time Utc(year_month_day date, hours h, minutes m = minutes(0), seconds s = seconds(0)) {
    return Time{sys_days(date)} + h + m + s;
}

TEST(ParseTimestamp, ReadsWholeSecondsInUtc) {
    EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), Time{});
    EXPECT_EQ(ParseTimestamp("2026-12-03T11:00:00Z"), Utc(2026y / 12 / 3, hours(11)));
    EXPECT_EQ(ParseTimestamp("2024-02-29T23:59:59Z"), Utc(2024y / 2 / 29, hours(23), minutes(59), seconds(59)));
}

TEST(ParseTimestamp, ReadsFractionalSecondsToTheMicrosecond) {
    const auto base = Utc(2026y / 12 / 3, hours(11));
    EXPECT_EQ(ParseTimestamp("2026-12-03T11:00:00.5Z"), base + milliseconds(500));
    EXPECT_EQ(ParseTimestamp("2026-12-03T11:00:00.123456Z"), base + microseconds(123456));
    // Beyond microseconds the digits are dropped, not rounded.
    EXPECT_EQ(ParseTimestamp("2026-12-03T11:00:00.123456999Z"), base + microseconds(123456));
}

TEST(ParseTimestamp, AppliesOffsets) {
    const auto utc = Utc(2026y / 12 / 3, hours(11));
    EXPECT_EQ(ParseTimestamp("2026-12-03T12:30:00+01:30"), utc);
    EXPECT_EQ(ParseTimestamp("2026-12-03T06:00:00-05:00"), utc);
    EXPECT_EQ(ParseTimestamp("2026-12-03t11:00:00z"), utc);
}

TEST(ParseTimestamp, RejectsWhatIsNotRfc3339) {
    for (const std::string_view bad :
         {"", "2026-12-03", "2026-12-03T11:00:00", "2026-12-03 11:00:00Z", "2026-12-03T11:00Z", "2026-02-30T00:00:00Z",
          "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03T11:60:00Z", "2026-12-03T11:00:61Z",
          "2026-12-03T11:00:00.Z", "2026-12-03T11:00:00.1234567890Z", "2026-12-03T11:00:00+0100",
          "2026-12-03T11:00:00Z ", " 2026-12-03T11:00:00Z", "+2026-12-03T11:00:00Z", "2026-12-03T11:00:00+24:00"}) {
        EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace entitled::device
