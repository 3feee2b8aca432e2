#include "common/clock.hpp"

#include <gtest/gtest.h>

namespace entitled {
namespace {

TEST(Rfc3339, FormatsWholeAndFractionalSeconds) {
    EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(1'795'219'200'000'000), "2026-11-21T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(1'795'219'200'000'001), "2026-11-21T00:00:00.000001Z");
    EXPECT_EQ(FormatRfc3339(-1'000'000), "1969-12-31T23:59:59Z");
}

TEST(Rfc3339, ParsesWhatItFormatsAndOffsets) {
    for (Micros t : {Micros{0}, Micros{1'795'248'000'123'456}, Micros{951'782'400'000'000}}) {
        EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t);
    }
    EXPECT_EQ(ParseRfc3339("2026-11-21T01:00:00+01:00"), ParseRfc3339("2026-11-21T00:00:00Z"));
    EXPECT_EQ(ParseRfc3339("2026-11-21"), ParseRfc3339("2026-11-21T00:00:00Z"));
}

TEST(Rfc3339, RejectsImpossibleDatesAndJunk) {
    EXPECT_FALSE(ParseRfc3339("2026-02-30T00:00:00Z"));
    EXPECT_FALSE(ParseRfc3339("2026-13-01"));
    EXPECT_FALSE(ParseRfc3339("2026-11-21T25:00:00Z"));
    EXPECT_FALSE(ParseRfc3339("2026-11-21T00:00:00"));  // no zone
    EXPECT_FALSE(ParseRfc3339("yesterday"));
    EXPECT_FALSE(ParseRfc3339("2026-11-21T00:00:00Zjunk"));
}

TEST(AddMonths, FollowsTheCalendarAndClampsTheDay) {
    EXPECT_EQ(FormatRfc3339(AddMonths(*ParseRfc3339("2026-11-21T08:00:00Z"), 12)), "2027-11-21T08:00:00Z");
    EXPECT_EQ(FormatRfc3339(AddMonths(*ParseRfc3339("2026-01-31"), 1)), "2026-02-28T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(AddMonths(*ParseRfc3339("2028-01-31"), 1)), "2028-02-29T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(AddMonths(*ParseRfc3339("2026-12-15"), 36)), "2029-12-15T00:00:00Z");
}

TEST(ManualClock, MovesOnlyWhenTold) {
    ManualClock clock(100);
    EXPECT_EQ(clock.Now(), 100);
    clock.Advance(kMicrosPerDay);
    EXPECT_EQ(clock.Now(), 100 + kMicrosPerDay);
}

}  // namespace
}  // namespace entitled
