#include "mail/templates.hpp"

#include <gtest/gtest.h>

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

TEST(MailMessage, EncodesNonAsciiSubjectsAndCarriesAStableMessageId) {
    EXPECT_EQ(EncodeHeader("plain"), "plain");
    EXPECT_EQ(EncodeHeader("Prêt"), "=?UTF-8?B?UHLDqnQ=?=");
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
