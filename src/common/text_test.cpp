#include "common/text.hpp"

#include <gtest/gtest.h>

namespace entitled {
namespace {

TEST(NormalizeName, ComposesToNfcAndTrimsWhiteSpace) {
    EXPECT_EQ(NormalizeName("Cafe\xcc\x81"), "Caf\xc3\xa9");  // e + combining acute → é
    EXPECT_EQ(NormalizeName("  Kunde GmbH \t"), "Kunde GmbH");
    EXPECT_EQ(NormalizeName("\xe3\x80\x80Tokyo\xe3\x80\x80"), "Tokyo");  // ideographic spaces
    EXPECT_EQ(NormalizeName("Gr\xc3\xbc\xc3\x9f"
                            "e  inside"),
              "Gr\xc3\xbc\xc3\x9f"
              "e  inside");
    EXPECT_EQ(NormalizeName(""), "");
}

TEST(CheckName, AcceptsEveryScriptAndEmoji) {
    for (const char* ok : {"Kunde GmbH", "Caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",  // 日本
                           "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",                       // שלום (right-to-left letters)
                           "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb Team",  // 👩‍💻 with a zero-width joiner
                           "O'Brien & S\xc3\xb6hne (Lab #2)"}) {
        EXPECT_EQ(CheckName(ok), NameCheck::kOk) << ok;
    }
}

TEST(CheckName, RefusesLineBreaksAndControlCharacters) {
    using namespace std::string_literals;
    for (const std::string& bad : {"a\nb"s, "a\rb"s, "a\tb"s, "a\0b"s, "a\x1b[31m"s, "a\x7f"s, "a\xc2\x85"s /* NEL */,
                                   "a\xc2\x9b"s /* C1 CSI */, "a\xe2\x80\xa8"s /* line separator */}) {
        EXPECT_EQ(CheckName(bad), NameCheck::kControlCharacter) << bad;
    }
}

TEST(CheckName, RefusesBidiOverridesAndIsolates) {
    EXPECT_EQ(CheckName("invoice\xe2\x80\xaegpj.exe"), NameCheck::kBidiControl);  // U+202E right-to-left override
    EXPECT_EQ(CheckName("a\xe2\x80\xaa"
                        "b"),
              NameCheck::kBidiControl);  // U+202A
    EXPECT_EQ(CheckName("a\xe2\x81\xa6"
                        "b"),
              NameCheck::kBidiControl);  // U+2066 left-to-right isolate
}

TEST(CheckName, RefusesNamesWithNothingVisible) {
    for (const char* blank :
         {"", " ", "\xe2\x80\x8b",                    // zero-width space
          "\xe2\x80\x8d\xe2\x81\xa0",                 // joiner, word joiner
          "\xef\xbb\xbf", "\xc2\xad",                 // BOM, soft hyphen
          "\xe3\x85\xa4", "\xc2\xa0\xe3\x80\x80"}) {  // Hangul filler; no-break and ideographic spaces
        EXPECT_EQ(CheckName(blank), NameCheck::kBlank) << blank;
    }
}

}  // namespace
}  // namespace entitled
