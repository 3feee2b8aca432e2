// The mail outbox: queued with the change that causes it, delivered over SMTP
// in the recipient's language, retried, never lost, never sent twice.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <csignal>
#include <thread>

#include "api_fixture.hpp"
#include "common/clock.hpp"
#include "smtp_listener.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class OutboxApi : public ApiTest {
  protected:
    HttpResponse CreateUser(const std::string& email, const std::string& locale) {
        auto admin = NewClient();
        admin->SetBearer(admin_token_);
        return admin->Post(
            "/api/v1/users",
            json::value{{"email", email}, {"name", "Jana"}, {"password", "a long password"}, {"locale", locale}});
    }

    std::string OutboxStatus(const std::string& to) {
        auto admin = NewClient();
        admin->SetBearer(admin_token_);
        auto list = admin->Get("/api/v1/admin/outbox?to=" + to);
        EXPECT_EQ(list.status, 200U) << list.body;
        const auto body = list.json();
        const auto& items = body.at("items").as_array();
        if (items.empty()) return "missing";
        return std::string(items.at(0).at("status").as_string());
    }

    int CreateUserViaCli(const std::string& email) {
        return RunEntitled({"user", "add", "--database", url_, "--email", email, "--name", "Future", "--password",
                            "a long password"})
            .exit_code;
    }

    bool WaitForStatus(const std::string& to, const std::string& status, seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (OutboxStatus(to) == status) return true;
            std::this_thread::sleep_for(milliseconds(50));
        }
        return false;
    }
};

TEST_F(OutboxApi, WithoutSmtpMailStaysInTheOutboxForAdmins) {
    ASSERT_EQ(CreateUser("luc@client.example", "fr").status, 201U);
    client().SetBearer(admin_token_);
    auto list = client().Get("/api/v1/admin/outbox?to=Luc@Client.example");
    ASSERT_EQ(list.status, 200U) << list.body;
    const auto body = list.json();
    const auto& items = body.at("items").as_array();
    ASSERT_EQ(items.size(), 1U);
    const auto& mail = items.at(0).as_object();
    EXPECT_EQ(mail.at("to"), "luc@client.example");
    EXPECT_EQ(mail.at("subject"), "Votre compte entitled est prêt");
    EXPECT_EQ(mail.at("status"), "queued");
    EXPECT_EQ(mail.at("attempts"), 0);
    EXPECT_TRUE(mail.at("sent_at").is_null());
    EXPECT_NE(std::string(mail.at("body_text").as_string()).find("Bonjour Jana"), std::string::npos);
}

TEST_F(OutboxApi, OnlyPlatformAdminsSeeTheOutbox) {
    EXPECT_EQ(client().Get("/api/v1/admin/outbox").status, 401U);
    const std::string user = CreateUserWithToken("paula@partner.example", "Paula");
    client().SetBearer(user);
    EXPECT_EQ(client().Get("/api/v1/admin/outbox").status, 403U);
}

TEST_F(OutboxApi, ListsPageWithCursorsAndRejectsBadParameters) {
    for (int i = 0; i < 3; ++i) ASSERT_EQ(CreateUser("u" + std::to_string(i) + "@c.example", "en").status, 201U);
    client().SetBearer(admin_token_);
    auto first = client().Get("/api/v1/admin/outbox?limit=2");
    ASSERT_EQ(first.status, 200U);
    const auto page1 = first.json();
    ASSERT_EQ(page1.at("items").as_array().size(), 2U);
    ASSERT_TRUE(page1.at("next_cursor").is_string());
    auto second =
        client().Get("/api/v1/admin/outbox?limit=2&cursor=" + std::string(page1.at("next_cursor").as_string()));
    const auto page2 = second.json();
    // The admin's own welcome mail (from the CLI) plus three: four in all.
    EXPECT_EQ(page2.at("items").as_array().size(), 2U);
    EXPECT_TRUE(page2.at("next_cursor").is_null());
    EXPECT_NE(page1.at("items").as_array().at(0).at("id"), page2.at("items").as_array().at(0).at("id"));
    EXPECT_EQ(client().Get("/api/v1/admin/outbox?limit=0").error_fields(), "limit");
    EXPECT_EQ(client().Get("/api/v1/admin/outbox?limit=501").error_fields(), "limit");
    EXPECT_EQ(client().Get("/api/v1/admin/outbox?cursor=garbage").error_fields(), "cursor");
    EXPECT_EQ(client().Get("/api/v1/admin/outbox?status=lost").error_fields(), "status");
}

TEST_F(OutboxApi, DeliversToSmtpInTheRecipientsLanguage) {
    SmtpListener smtp;
    StartServer({"--smtp", smtp.url(), "--mail-from", "no-reply@vendor.example", "--jobs-interval-ms", "50"});
    ASSERT_EQ(CreateUser("jana@kunde.example", "de").status, 201U);
    ASSERT_TRUE(smtp.WaitFor(2, seconds(20))) << "the admin's and Jana's welcome mails";
    const auto mails = smtp.mails();
    const ReceivedMail* jana = nullptr;
    for (const auto& m : mails) {
        if (m.to.at(0) == "jana@kunde.example") jana = &m;
    }
    ASSERT_NE(jana, nullptr);
    EXPECT_EQ(jana->from, "no-reply@vendor.example");
    EXPECT_EQ(jana->Subject(), "Ihr entitled-Konto ist bereit");
    EXPECT_NE(jana->Text().find("Hallo Jana"), std::string::npos) << jana->Text();
    EXPECT_NE(jana->data.find("text/html"), std::string::npos);
    EXPECT_TRUE(WaitForStatus("jana@kunde.example", "sent", seconds(10)));
}

TEST_F(OutboxApi, FailedDeliveriesAreRetried) {
    SmtpListener smtp;
    smtp.RejectNext(2);  // the admin's welcome mail and the first try of the next
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50", "--mail-retry-seconds", "1"});
    ASSERT_EQ(CreateUser("retry@customer.example", "en").status, 201U);
    ASSERT_TRUE(WaitForStatus("retry@customer.example", "sent", seconds(30)));
    client().SetBearer(admin_token_);
    const auto mail = client().Get("/api/v1/admin/outbox?to=retry@customer.example").json().at("items").at(0);
    EXPECT_GE(mail.at("attempts").as_int64(), 2);
    EXPECT_TRUE(mail.at("last_error").is_null());
}

TEST_F(OutboxApi, MailSurvivesAKillAndIsDeliveredOnceAfterRestart) {
    // No SMTP yet: the mail is committed with the user, then the server dies hard.
    ASSERT_EQ(CreateUser("survivor@customer.example", "fr").status, 201U);
    server_->Stop(SIGKILL);
    SmtpListener smtp;
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50"});
    ASSERT_TRUE(WaitForStatus("survivor@customer.example", "sent", seconds(20)));
    // Several more delivery rounds: nothing is sent again.
    std::this_thread::sleep_for(milliseconds(500));
    size_t to_survivor = 0;
    for (const auto& m : smtp.mails()) to_survivor += m.to.at(0) == "survivor@customer.example" ? 1 : 0;
    EXPECT_EQ(to_survivor, 1U);
    EXPECT_EQ(smtp.mails().size(), 2U) << "the admin's welcome mail and the survivor's";
    // And a restart after delivery does not resend either.
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50"});
    std::this_thread::sleep_for(milliseconds(500));
    EXPECT_EQ(smtp.mails().size(), 2U);
}

TEST_F(OutboxApi, JobsRunDeliversQueuedMailOnce) {
    ASSERT_EQ(CreateUser("cli@customer.example", "en").status, 201U);
    server_->Stop();
    SmtpListener smtp;
    auto run = RunEntitled({"jobs", "run", "--database", url_, "--smtp", smtp.url()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("mail: 2"), std::string::npos) << run.out;
    auto again = RunEntitled({"jobs", "run", "--database", url_, "--smtp", smtp.url()});
    EXPECT_NE(again.out.find("mail: 0"), std::string::npos) << again.out;
    EXPECT_EQ(smtp.mails().size(), 2U);
    EXPECT_EQ(RunEntitled({"jobs", "run", "--database", url_, "--at", "not-a-time"}).exit_code, 2);
}

TEST_F(OutboxApi, TheLongestEmojiNamesArriveThroughSmtpAndDecodeExactly) {
    // 200 four-byte characters each (the most an account or a user name may
    // have): a subject of 1,600+ octets, refused by any SMTP server unless
    // encoded and folded, and a body line of the same length.
    std::string emoji;
    for (int i = 0; i < 200; ++i) emoji += i % 2 == 0 ? "\xF0\x9F\x98\x80" : "\xF0\x9F\x8E\x89";
    SmtpListener smtp;
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50"});
    const std::string partner = CreateUserWithToken("long@partner.example", emoji, {"--locale", "fr"});
    auto c = NewClient();
    c->SetBearer(partner);
    auto created =
        c->Post("/api/v1/smart-account-requests", json::value{{"account_name", emoji},
                                                              {"domain", "emoji.example"},
                                                              {"customer_email", "customer@emoji.example"},
                                                              {"note_to_customer", emoji + " " + emoji + " " + emoji}});
    ASSERT_EQ(created.status, 201U) << created.body;
    ASSERT_TRUE(smtp.WaitForRecipient("customer@emoji.example", seconds(20)))
        << "refused: " << smtp.too_long() << " for a line over the limit";
    EXPECT_EQ(smtp.too_long(), 0);
    client().SetBearer(admin_token_);
    const auto queued = client().Get("/api/v1/admin/outbox?to=customer@emoji.example").json().at("items").at(0);
    const std::string subject(queued.at("subject").as_string());
    EXPECT_NE(subject.find(emoji), std::string::npos) << "the subject carries the whole account name";
    EXPECT_GT(subject.size(), 1600U);
    for (const auto& m : smtp.mails()) {
        if (m.to.at(0) != "customer@emoji.example") continue;
        EXPECT_EQ(m.Subject(), subject);
        EXPECT_EQ(m.Text(), std::string(queued.at("body_text").as_string()));
        size_t longest = 0;
        for (size_t pos = 0, end; (end = m.data.find("\r\n", pos)) != std::string::npos; pos = end + 2) {
            longest = std::max(longest, end - pos);
        }
        EXPECT_LE(longest, 78U);
    }
    EXPECT_TRUE(WaitForStatus("customer@emoji.example", "sent", seconds(10)));
}

TEST(SmtpListener, RefusesALineOverTheLimitLikeARealServer) {
    // The listener behaves like a real server, so the test above means something.
    SmtpListener smtp;
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket s(ioc);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), smtp.port()});
    const std::string session =
        "EHLO t\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nSubject: " + std::string(1000, 'x') +
        "\r\n\r\nbody\r\n.\r\nQUIT\r\n";
    boost::asio::write(s, boost::asio::buffer(session));
    std::string reply;
    boost::system::error_code ec;
    boost::asio::read(s, boost::asio::dynamic_buffer(reply), ec);
    EXPECT_NE(reply.find("500 5.5.2 Line too long"), std::string::npos) << reply;
    EXPECT_EQ(smtp.mails().size(), 0U);
    EXPECT_EQ(smtp.too_long(), 1);
}

TEST_F(OutboxApi, JobsRunInTheFutureLeavesNoRetryTimesOrLeasesThatStallTheServer) {
    // Queued now: welcome mails and a Smart Account request's mail.
    ASSERT_EQ(CreateUser("stalled@customer.example", "en").status, 201U);
    const std::string partner = CreateUserWithToken("p@partner.example", "Paula");
    auto c = NewClient();
    c->SetBearer(partner);
    ASSERT_EQ(c->Post("/api/v1/smart-account-requests", json::value{{"account_name", "Later AG"},
                                                                    {"domain", "later.example"},
                                                                    {"customer_email", "boss@later.example"}})
                  .status,
              201U);
    server_->Stop();
    const Micros now = SystemClock().Now();
    auto at = [&](int days) { return FormatRfc3339(now + days * kMicrosPerDay); };
    // 80 days ahead, without SMTP: the 14-day reminder is queued as of then.
    auto remind = RunEntitled({"jobs", "run", "--database", url_, "--at", at(80)});
    EXPECT_EQ(remind.exit_code, 0) << remind.err;
    EXPECT_NE(remind.out.find("account_request_reminders: 1"), std::string::npos) << remind.out;
    // 85 days ahead, with an SMTP server that refuses connections: every attempt fails.
    auto failing = RunEntitled({"jobs", "run", "--database", url_, "--at", at(85), "--smtp", "smtp://127.0.0.1:1",
                                "--mail-retry-seconds", "1"});
    EXPECT_EQ(failing.exit_code, 0) << failing.err;
    // A normal server with a working SMTP server delivers all of it within seconds.
    SmtpListener smtp;
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50", "--mail-retry-seconds", "1"});
    EXPECT_TRUE(smtp.WaitFor(5, seconds(20)))
        << "the welcomes of the admin, stalled and p, the request and its reminder; got " << smtp.mails().size();
    size_t to_boss = 0;
    for (const auto& m : smtp.mails()) to_boss += m.to.at(0) == "boss@later.example" ? 1 : 0;
    EXPECT_EQ(to_boss, 2U) << "the request and the reminder queued as of day 80";
    EXPECT_TRUE(WaitForStatus("stalled@customer.example", "sent", seconds(10)));
    // Delivered by `jobs run --at`, a mail is recorded as sent when it really was.
    server_->Stop();
    ASSERT_EQ(CreateUserViaCli("future@customer.example"), 0);
    SmtpListener again;
    auto later = RunEntitled({"jobs", "run", "--database", url_, "--at", at(365), "--smtp", again.url()});
    EXPECT_EQ(later.exit_code, 0) << later.err;
    StartServer();
    client().SetBearer(admin_token_);
    const auto sent = client().Get("/api/v1/admin/outbox?to=future@customer.example").json().at("items").at(0);
    ASSERT_EQ(sent.at("status"), "sent") << sent;
    const auto sent_at = ParseRfc3339(std::string(sent.at("sent_at").as_string()));
    ASSERT_TRUE(sent_at.has_value());
    EXPECT_LT(*sent_at, SystemClock().Now() + kMicrosPerDay) << "sent_at followed --at";
}

TEST_F(OutboxApi, MetricsReportTheOutbox) {
    ASSERT_EQ(CreateUser("m@customer.example", "en").status, 201U);
    auto metrics = client().Get("/metrics").body;
    EXPECT_NE(metrics.find("entitled_outbox_queued 2"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("entitled_jobs_pending"), std::string::npos);
}

}  // namespace
}  // namespace entitled::testing
