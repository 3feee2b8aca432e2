#include "mail/templates.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <sstream>

#include <regex>
#include <set>

#include "mail/mailer.hpp"

namespace entitled::mail {
namespace {

TEST(MailTemplates, EveryTemplateExistsInAllThreeLanguagesWithTheSamePlaceholders) {
    for (const char* name : {"welcome", "account_request", "account_request_reminder", "account_request_expired",
                             "account_request_accepted", "account_request_declined", "invitation", "member_added",
                             "case_reply", "case_status"}) {
        std::set<std::string> names[3];
        int i = 0;
        for (Locale l : {Locale::kEn, Locale::kFr, Locale::kDe}) {
            auto m = RenderMail(name, l, {});
            ASSERT_TRUE(m.ok()) << name << " " << LocaleCode(l);
            static const std::regex re("\\{([a-z_]+)\\}");
            const std::string all = m->subject + m->text;
            for (auto it = std::sregex_iterator(all.begin(), all.end(), re); it != std::sregex_iterator(); ++it) {
                names[i].insert((*it)[1]);
            }
            ++i;
        }
        EXPECT_EQ(names[0], names[1]) << name;
        EXPECT_EQ(names[0], names[2]) << name;
    }
}

TEST(MailTemplates, RendersInTheRecipientsLanguage) {
    auto de =
        RenderMail("welcome", Locale::kDe, {{"name", "Jana"}, {"base_url", "https://e.example"}, {"email", "j@k.de"}});
    ASSERT_TRUE(de.ok());
    EXPECT_EQ(de->subject, "Ihr entitled-Konto ist bereit");
    EXPECT_NE(de->text.find("Hallo Jana,"), std::string::npos);
    EXPECT_NE(de->html.find("<a href=\"https://e.example\">https://e.example</a>"), std::string::npos);
    EXPECT_NE(de->html.find("lang=\"de\""), std::string::npos);
}

TEST(MailTemplates, EscapesValuesInHtmlAndKeepsSubjectsOnOneLine) {
    auto m = RenderMail("welcome", Locale::kEn, {{"name", "<script>alert(1)</script>\r\nBcc: x@y"}});
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->html.find("<script>"), std::string::npos);
    EXPECT_NE(m->html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(m->subject.find('\n'), std::string::npos);
}

TEST(MailTemplates, UnknownTemplateIsAnInternalError) {
    auto m = RenderMail("nope", Locale::kEn, {});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::kInternal);
}

// An independent reader of what HeaderField writes: unfolds, checks every
// line and encoded-word against the RFC limits, and decodes each word on its
// own (so a character split across two words fails).
struct ParsedHeader {
    std::string value;
    size_t longest_line = 0;
    size_t longest_word = 0;
    bool words_hold_whole_characters = true;
};

std::string FromBase64(std::string_view in) {
    std::string out(in.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(), nullptr, &len,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return "<bad base64>";
    }
    out.resize(len);
    return out;
}

bool ValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

ParsedHeader Parse(const std::string& field) {
    ParsedHeader p;
    EXPECT_GE(field.size(), 2U);
    EXPECT_EQ(field.substr(field.size() - 2), "\r\n");
    std::string unfolded;
    size_t pos = 0;
    while (pos < field.size()) {
        const size_t end = field.find("\r\n", pos);
        const std::string line = field.substr(pos, end - pos);
        p.longest_line = std::max(p.longest_line, line.size());
        if (pos > 0) {
            EXPECT_TRUE(!line.empty() && line[0] == ' ') << "a continuation line must start with a space";
        }
        unfolded += line;
        pos = end + 2;
    }
    const std::string value = unfolded.substr(unfolded.find(':') + 2);
    if (value.rfind("=?", 0) != 0) {
        p.value = value;
        return p;
    }
    // Encoded-words separated by white space, which decoding drops (RFC 2047 §6.2).
    std::istringstream words(value);
    for (std::string word; words >> word;) {
        p.longest_word = std::max(p.longest_word, word.size());
        EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0U) << word;
        const std::string bytes = FromBase64(std::string_view(word).substr(10, word.size() - 12));
        p.words_hold_whole_characters &= ValidUtf8(bytes);
        p.value += bytes;
    }
    return p;
}

TEST(MailHeaders, ShortAsciiStaysAsItIsAndNonAsciiIsEncoded) {
    EXPECT_EQ(HeaderField("Subject", "plain"), "Subject: plain\r\n");
    EXPECT_EQ(HeaderField("Subject", "Prêt"), "Subject: =?UTF-8?B?UHLDqnQ=?=\r\n");
    // Control characters and look-alike encoded-words are never sent raw.
    EXPECT_EQ(HeaderField("Subject", "a\r\nBcc: x").find("Bcc"), std::string::npos);
    EXPECT_EQ(Parse(HeaderField("Subject", "a\r\nBcc: x")).value, "a\r\nBcc: x");
    EXPECT_EQ(Parse(HeaderField("Subject", "=?UTF-8?B?eA==?=")).value, "=?UTF-8?B?eA==?=");
}

TEST(MailHeaders, LongAsciiIsFoldedAtSpacesWithin78Octets) {
    std::string subject;
    for (int i = 0; i < 60; ++i) subject += "word" + std::to_string(i) + (i % 7 == 0 ? "  " : " ");
    subject += "end";
    const std::string field = HeaderField("Subject", subject);
    const auto p = Parse(field);
    EXPECT_EQ(p.value, subject);
    EXPECT_LE(p.longest_line, 78U) << field;
    EXPECT_EQ(field.find("=?"), std::string::npos) << "plain words need no encoding";
}

TEST(MailHeaders, AWordTooLongToFoldIsEncodedInShortLines) {
    const std::string subject(1200, 'x');
    const auto p = Parse(HeaderField("Subject", subject));
    EXPECT_EQ(p.value, subject);
    EXPECT_LE(p.longest_line, 78U);
    EXPECT_LE(p.longest_word, 75U);
}

TEST(MailHeaders, TheLongestEmojiAccountNameSplitsOnlyBetweenCharacters) {
    std::string name;
    for (int i = 0; i < 200; ++i) name += i % 3 == 0 ? "\xF0\x9F\x98\x80" : i % 3 == 1 ? "\xC3\xA9" : "\xE2\x82\xAC";
    const std::string subject = "Paula Partner requests a Smart Account for " + name;
    const std::string field = HeaderField("Subject", subject);
    const auto p = Parse(field);
    EXPECT_EQ(p.value, subject);
    EXPECT_LE(p.longest_line, 78U) << field;
    EXPECT_LE(p.longest_word, 75U);
    EXPECT_TRUE(p.words_hold_whole_characters);
}

TEST(MailMessage, EveryLineOfAMessageFitsTheLimits) {
    storage::OutboxRow row;
    row.id = 1;
    row.to = "a@b.example";
    row.locale = "de";
    std::string name;
    for (int i = 0; i < 200; ++i) name += "\xF0\x9F\x8E\x89";
    row.subject = "Erinnerung: Der Smart Account " + name + " verfällt in 14 Tagen";
    row.body_text = "Hallo,\n\n" + name + " " + std::string(3000, 'y') + "\n";
    row.body_html = "<p>" + row.body_text + "</p>";
    const std::string msg = BuildMessage(row, "no-reply@vendor.example", 0);
    size_t pos = 0;
    size_t longest = 0;
    while (pos < msg.size()) {
        const size_t end = msg.find("\r\n", pos);
        ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
        longest = std::max(longest, end - pos);
        pos = end + 2;
    }
    EXPECT_LE(longest, 78U);
    for (size_t i = 0; i < msg.size(); ++i) {
        if (msg[i] == '\n') {
            ASSERT_TRUE(i > 0 && msg[i - 1] == '\r') << "a bare LF at " << i;
        }
    }
}

TEST(MailMessage, EncodesNonAsciiSubjectsAndCarriesAStableMessageId) {
    storage::OutboxRow row;
    row.id = 42;
    row.created_at = 7;
    row.to = "a@b.example";
    row.locale = "fr";
    row.subject = "Votre compte est prêt";
    row.body_text = "Bonjour";
    row.body_html = "<p>Bonjour</p>";
    const std::string msg = BuildMessage(row, "no-reply@vendor.example", 0);
    EXPECT_NE(msg.find("Message-ID: <outbox-42.7@vendor.example>"), std::string::npos);
    EXPECT_NE(msg.find("Subject: =?UTF-8?B?"), std::string::npos);
    EXPECT_NE(msg.find("multipart/alternative"), std::string::npos);
    EXPECT_EQ(msg.find("\n.\r\n"), std::string::npos);
}

}  // namespace
}  // namespace entitled::mail
