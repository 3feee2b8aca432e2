#include "domain/totp.hpp"

#include <gtest/gtest.h>

namespace entitled::domain {
namespace {

// RFC 6238 Appendix B, SHA-1 rows (8 digits) and RFC 4226 Appendix D (6 digits).
const std::string kRfcSecret = "12345678901234567890";

TEST(Totp, MatchesTheRfc6238TestVectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, 59 / 30, 8), "94287082");
    EXPECT_EQ(TotpCode(kRfcSecret, 1111111109 / 30, 8), "07081804");
    EXPECT_EQ(TotpCode(kRfcSecret, 1234567890 / 30, 8), "89005924");
    EXPECT_EQ(TotpCode(kRfcSecret, 20000000000 / 30, 8), "65353130");
}

TEST(Totp, MatchesTheRfc4226HotpValues) {
    EXPECT_EQ(TotpCode(kRfcSecret, 0), "755224");
    EXPECT_EQ(TotpCode(kRfcSecret, 1), "287082");
    EXPECT_EQ(TotpCode(kRfcSecret, 9), "520489");
}

TEST(Totp, Base32RoundTripsAndMatchesRfc4648) {
    EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(Base32Decode("MZXW6YTBOI======"), "foobar");
    EXPECT_EQ(Base32Decode("mzxw 6ytb oi"), "foobar");
    EXPECT_FALSE(Base32Decode("MZXW1").has_value());
    EXPECT_EQ(Base32Decode(Base32Encode(kRfcSecret)), kRfcSecret);
}

TEST(Totp, AcceptsOneStepOfDriftEitherSide) {
    const Micros now = 1'000'000'000LL * kMicrosPerSecond;
    const std::int64_t step = TotpStep(now);
    EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step), now, std::nullopt), step);
    EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, std::nullopt), step - 1);
    EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, std::nullopt), step + 1);
    EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 2), now, std::nullopt));
    EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 2), now, std::nullopt));
}

TEST(Totp, ACodeWorksOnceAndNeverForAnEarlierStep) {
    const Micros now = 1'000'000'000LL * kMicrosPerSecond;
    const std::int64_t step = TotpStep(now);
    const std::string code = TotpCode(kRfcSecret, step);
    EXPECT_FALSE(MatchTotp(kRfcSecret, code, now, step));
    EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, step));
    EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, step), step + 1);
}

TEST(Totp, RefusesMalformedCodes) {
    const Micros now = 59 * kMicrosPerSecond;
    EXPECT_FALSE(MatchTotp(kRfcSecret, "", now, std::nullopt));
    EXPECT_FALSE(MatchTotp(kRfcSecret, "28708", now, std::nullopt));
    EXPECT_FALSE(MatchTotp(kRfcSecret, "2870820", now, std::nullopt));
}

TEST(Totp, BuildsAnOtpauthUriWithEscapedLabels) {
    EXPECT_EQ(OtpauthUri("entitled", "a b@x.example", "ABC"),
              "otpauth://totp/entitled:a%20b%40x.example?secret=ABC&issuer=entitled&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace entitled::domain
