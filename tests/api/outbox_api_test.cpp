// The mail outbox: queued with the change that causes it, delivered over SMTP
// in the recipient's language, retried, never lost, never sent twice.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "api_fixture.hpp"
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

TEST_F(OutboxApi, MetricsReportTheOutbox) {
    ASSERT_EQ(CreateUser("m@customer.example", "en").status, 201U);
    auto metrics = client().Get("/metrics").body;
    EXPECT_NE(metrics.find("entitled_outbox_queued 2"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("entitled_jobs_pending"), std::string::npos);
}

}  // namespace
}  // namespace entitled::testing
