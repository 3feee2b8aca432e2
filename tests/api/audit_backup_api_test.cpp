// The audit log's hash chain (tampering is caught by `entitled check`) and
// `entitled backup` (an online copy that restores into a working server).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class AuditBackupApi : public ApiTest {
  protected:
    unsigned CreateAccount(int n) {
        auto c = NewClient();
        c->SetBearer(admin_token_);
        return c
            ->Post("/api/v1/smart-accounts", json::value{{"name", "Account " + std::to_string(n)},
                                                         {"domain", "a" + std::to_string(n) + ".example"},
                                                         {"kind", "customer"}})
            .status;
    }

    void Exec(const std::string& url, const std::string& sql) {
        auto db = storage::OpenDatabase(url);
        ASSERT_TRUE(db.ok());
        auto r = (*db)->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) { return tx.Exec(sql); });
        ASSERT_TRUE(r.ok()) << r.error().internal;
    }
};

TEST_F(AuditBackupApi, ChangingOrRemovingAnAuditRowBreaksTheChain) {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(CreateAccount(i), 201U);
    auto clean = RunEntitled({"check", "--database", url_});
    ASSERT_EQ(clean.exit_code, 0) << clean.out;
    server_.reset();

    const std::string edited = CopyDatabase(url_);
    Exec(edited,
         "UPDATE audit_events SET actor_label = 'someone else' WHERE id = (SELECT MIN(id) + 2 FROM "
         "audit_events)");
    auto check = RunEntitled({"check", "--database", edited});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find("the audit log is an unbroken hash chain"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("does not match its hash"), std::string::npos) << check.out;

    const std::string removed = CopyDatabase(url_);
    Exec(removed, "DELETE FROM audit_events WHERE id = (SELECT MIN(id) + 3 FROM audit_events)");
    check = RunEntitled({"check", "--database", removed});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find("does not follow the event before it"), std::string::npos) << check.out;

    EXPECT_EQ(RunEntitled({"check", "--database", url_}).exit_code, 0) << "the original is untouched";
}

TEST_F(AuditBackupApi, AnOnlineBackupRestoresIntoAWorkingServer) {
    const std::string target = TempDir() + "/backup.db";
    if (UsingPostgres()) {
        auto r = RunEntitled({"backup", "--database", url_, "--to", target});
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_NE(r.err.find("pg_dump"), std::string::npos) << r.err;
        return;
    }
    for (int i = 0; i < 3; ++i) ASSERT_EQ(CreateAccount(i), 201U);
    // Writers keep going while the copy is taken.
    std::atomic<bool> stop{false};
    std::atomic<int> created{0};
    std::thread writer([&] {
        for (int i = 100; !stop.load(); ++i) created += CreateAccount(i) == 201U ? 1 : 0;
    });
    auto backup = RunEntitled({"backup", "--database", url_, "--to", target});
    stop = true;
    writer.join();
    ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
    EXPECT_NE(backup.out.find("no violations"), std::string::npos) << backup.out;
    EXPECT_GT(created.load(), 0);

    auto check = RunEntitled({"check", "--database", "sqlite:" + target});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    // Restoring is using the file: a server on it serves what was there.
    ServerProcess restored("sqlite:" + target);
    HttpClient c(restored.port());
    c.SetBearer(admin_token_);
    auto accounts = c.Get("/api/v1/smart-accounts?by=name&q=account&limit=500");
    ASSERT_EQ(accounts.status, 200U) << accounts.body;
    EXPECT_GE(accounts.json().at("items").as_array().size(), 3U);
    // An existing file is never overwritten.
    auto again = RunEntitled({"backup", "--database", url_, "--to", target});
    EXPECT_EQ(again.exit_code, 1);
}

}  // namespace
}  // namespace entitled::testing
