#include "common/log.hpp"

#include <gtest/gtest.h>

namespace entitled {
namespace {

TEST(LogSafe, KeepsValidPrintableUtf8) {
    EXPECT_EQ(LogSafe("/api/v1/orders/SO-1001"), "/api/v1/orders/SO-1001");
    EXPECT_EQ(LogSafe("Grüße, 日本, 🎉"), "Grüße, 日本, 🎉");
    EXPECT_EQ(LogSafe(""), "");
}

TEST(LogSafe, WritesBytesThatAreNotUtf8AsHex) {
    EXPECT_EQ(LogSafe("/a\xff"
                      "b"),
              "/a\\xffb");
    EXPECT_EQ(LogSafe("\xc3"), "\\xc3");                             // truncated sequence
    EXPECT_EQ(LogSafe("\xc0\xaf"), "\\xc0\\xaf");                    // overlong "/"
    EXPECT_EQ(LogSafe("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
    EXPECT_EQ(LogSafe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
    EXPECT_EQ(LogSafe("\xe2\x82"), "\\xe2\\x82");
}

TEST(LogSafe, WritesControlAndBidiCharactersAsEscapes) {
    EXPECT_EQ(LogSafe("a\nb\r\x1b[31m"), "a\\u000ab\\u000d\\u001b[31m");
    EXPECT_EQ(LogSafe("\x7f"), "\\u007f");
    EXPECT_EQ(LogSafe("\xc2\x9b"
                      "2J"),
              "\\u009b2J");  // C1 CSI
    EXPECT_EQ(LogSafe("x\xe2\x80\xae"
                      "cod.exe"),
              "x\\u202ecod.exe");  // right-to-left override
    EXPECT_EQ(LogSafe("\xe2\x80\xa8"), "\\u2028");
}

TEST(LogSafe, EscapesTheBackslashSoEscapesAreUnambiguous) {
    EXPECT_EQ(LogSafe("\\xff"), "\\\\xff");
    EXPECT_NE(LogSafe("\\xff"), LogSafe("\xff"));
}

}  // namespace
}  // namespace entitled
