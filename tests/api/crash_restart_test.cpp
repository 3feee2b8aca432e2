// Crash-restart: concurrent clients create Virtual Accounts, request asset
// transfers (which the job runner then moves along and mails about), ingest
// and assign orders and report usage, while the server is killed with
// SIGKILL at a random moment, cycle after cycle. After every restart:
// `entitled check` is clean, every acknowledged (2xx) operation is there
// exactly once, nothing refused (4xx) was applied, and retrying an operation
// whose answer was lost, with its Idempotency-Key, applies it once. At the
// end every queued mail has been delivered, none lost, and a mail is only
// ever repeated with the same Message-ID (a kill between SMTP's "accepted"
// and marking it sent). ENTITLED_CRASH_CYCLES sets the number of cycles
// (`make test` runs a few; `make soak` runs 200).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "smtp_listener.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

enum class Kind { kVirtualAccount, kTransfer, kOrder, kUsage };

struct Op {
    Kind kind = Kind::kVirtualAccount;
    std::string key;  // Idempotency-Key and the marker its effect carries
    std::string token;
    std::string path;
    std::string body;
    unsigned status = 0;  // 0: the answer was lost
    std::string answer;
};

int Cycles() {
    const char* env = std::getenv("ENTITLED_CRASH_CYCLES");
    return env != nullptr ? std::max(1, std::atoi(env)) : 3;
}

class CrashRestart : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        kunde_ = CreateAccount("Kunde GmbH", "kunde.example");
        berlin_ = CreateAccount("Kunde GmbH Berlin", "kunde-berlin.example");
        Deposit();
        RegisterDevice();
    }

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    std::pair<std::int64_t, std::int64_t> CreateAccount(const std::string& name, const std::string& domain) {
        auto r =
            As(jana_)->Post("/api/v1/smart-accounts",
                            json::value{{"name", name},
                                        {"domain", domain},
                                        {"kind", "customer"},
                                        {"legal_entity", json::object{{"name", "Kunde GmbH"}, {"country", "DE"}}}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return {r.json().at("id").as_int64(), r.json().at("virtual_accounts").at(0).at("id").as_int64()};
    }

    static json::object Line(const std::string& sku, std::int64_t quantity) {
        return {{"line_number", 1},
                {"sku", sku},
                {"quantity", quantity},
                {"license_type", "perpetual"},
                {"buying_model", "transactional"},
                {"smart_enabled", true}};
    }

    std::string OrderBody(const std::string& so, std::int64_t quantity) {
        return json::serialize(json::value{{"sales_order_number", so},
                                           {"web_order_number", "W" + so},
                                           {"purchaser_name", "Kunde GmbH"},
                                           {"end_customer_name", "Kunde GmbH"},
                                           {"contacts", json::array{"jana@kunde.example"}},
                                           {"lines", json::array{Line("SW-CRASH", quantity)}}});
    }

    void Deposit() {
        ASSERT_EQ(As(erp_)->Post("/api/v1/orders", OrderBody("SO-STOCK", 1'000'000)).status, 201U);
        ASSERT_EQ(As(jana_)
                      ->Post("/api/v1/orders/SO-STOCK/assignments", json::value{{"smart_account_id", kunde_.first},
                                                                                {"virtual_account_id", kunde_.second},
                                                                                {"accept_terms", true}})
                      .status,
                  200U);
        ASSERT_EQ(
            As(erp_)->Post("/api/v1/orders/SO-STOCK/shipments", json::value{{"line_numbers", json::array{1}}}).status,
            200U);
        lot_ = As(jana_)
                   ->Get("/api/v1/smart-accounts/" + std::to_string(kunde_.first) + "/licenses")
                   .json()
                   .at("items")
                   .at(0)
                   .at("id")
                   .as_int64();
    }

    void RegisterDevice() {
        auto token = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(kunde_.second) + "/tokens",
                                     json::value{{"description", "t"}, {"expires_in_days", 5}, {"max_uses", 1}});
        auto device = NewClient()->Post("/api/v1/devices/register", json::value{{"token", token.json().at("token")},
                                                                                {"name", "switch"},
                                                                                {"serial", "SN-1"},
                                                                                {"product", "SW-BOX"},
                                                                                {"deployment", "cloud"}});
        ASSERT_EQ(device.status, 201U) << device.body;
        device_id_ = device.json().at("device_id").as_int64();
        device_secret_ = std::string(device.json().at("device_secret").as_string());
    }

    Op MakeOp(Kind kind, const std::string& key, int n) {
        Op op{kind, key, jana_, "", "", 0, ""};
        switch (kind) {
            case Kind::kVirtualAccount:
                op.path = "/api/v1/smart-accounts/" + std::to_string(kunde_.first) + "/virtual-accounts";
                op.body = json::serialize(json::value{{"name", key}});
                break;
            case Kind::kTransfer:
                op.path = "/api/v1/transfers";
                op.body = json::serialize(
                    json::value{{"source_smart_account_id", kunde_.first},
                                {"destination_smart_account_id", berlin_.first},
                                {"destination_virtual_account_id", berlin_.second},
                                {"same_legal_entity", true},
                                {"licenses", json::array{json::object{{"license_id", lot_}, {"quantity", 1}}}},
                                {"justification", key},
                                {"requester", json::object{{"name", "Jana"}, {"phone", "+49 1"}, {"company", "Kunde"}}},
                                {"accept_terms", true}});
                break;
            case Kind::kOrder:
                op.token = erp_;
                op.path = "/api/v1/orders";
                op.body = OrderBody(key, 1 + n % 7);
                break;
            case Kind::kUsage:
                op.token.clear();
                op.path = "/api/v1/usage-reports";
                op.body = json::serialize(json::value(json::array{
                    json::object{{"device_id", device_id_},
                                 {"device_secret", device_secret_},
                                 {"usage", json::array{json::object{{"product", "SW-CRASH"}, {"count", n % 50}}}}}}));
                break;
        }
        return op;
    }

    void Send(Op& op) {
        auto c = NewClient();
        if (!op.token.empty()) c->SetBearer(op.token);
        try {
            auto r = c->Send("POST", op.path, op.body, {{"Idempotency-Key", op.key}});
            op.status = r.status;
            op.answer = r.body;
        } catch (const std::exception&) {
            op.status = 0;  // the server went away: the outcome is unknown until retried
        }
    }

    // How many times the operation's effect is in the database.
    std::int64_t Effects(storage::Database& db, const Op& op) {
        std::string sql;
        switch (op.kind) {
            case Kind::kVirtualAccount:
                sql = "SELECT COUNT(*) FROM virtual_accounts WHERE name = ?";
                break;
            case Kind::kTransfer:
                sql = "SELECT COUNT(*) FROM transfers WHERE justification = ?";
                break;
            case Kind::kOrder:
                sql = "SELECT COUNT(*) FROM orders WHERE sales_order_number = ?";
                break;
            case Kind::kUsage:
                return -1;  // sets a value; nothing to count
        }
        auto r = db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) { return tx.QueryOne(sql, {op.key}); });
        EXPECT_TRUE(r.ok());
        return r.ok() ? (*r)->Int(0) : -2;
    }

    std::vector<Op> RunClients(int cycle, std::chrono::milliseconds for_how_long) {
        std::atomic<bool> stop{false};
        std::mutex mutex;
        std::vector<Op> done;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                std::mt19937 rng(static_cast<unsigned>(cycle * 31 + t));
                for (int n = 0; !stop.load(); ++n) {
                    // Transfers mail at every status change; keep them a smaller share of the load.
                    const unsigned roll = rng() % 10;
                    const auto kind = roll < 3   ? Kind::kVirtualAccount
                                      : roll < 6 ? Kind::kOrder
                                      : roll < 9 ? Kind::kUsage
                                                 : Kind::kTransfer;
                    Op op = MakeOp(kind,
                                   "c" + std::to_string(cycle) + "-t" + std::to_string(t) + "-" + std::to_string(n), n);
                    Send(op);
                    std::lock_guard lock(mutex);
                    done.push_back(std::move(op));
                    if (done.back().status == 0) break;  // the server is gone
                }
            });
        }
        std::this_thread::sleep_for(for_how_long);
        server_->Kill();
        stop = true;
        for (auto& th : threads) th.join();
        return done;
    }

    void Verify(std::vector<Op>& ops, int cycle) {
        auto check = RunEntitled({"check", "--database", url_});
        ASSERT_EQ(check.exit_code, 0) << "cycle " << cycle << ":\n" << check.out << check.err;
        auto db = storage::OpenDatabase(url_);
        ASSERT_TRUE(db.ok());
        for (auto& op : ops) {
            const auto effects = Effects(**db, op);
            if (effects < 0) continue;
            if (op.status >= 200 && op.status < 300) {
                ++acknowledged_;
                EXPECT_EQ(effects, 1) << "acknowledged " << op.key << " (cycle " << cycle << ")";
            } else if (op.status >= 400) {
                EXPECT_EQ(effects, 0) << "refused " << op.key << " " << op.status << " " << op.answer;
            } else {
                ++lost_answers_;
                EXPECT_LE(effects, 1) << op.key;
                // The retry with the same key applies it at most once, whatever happened before the kill.
                Send(op);
                EXPECT_TRUE(op.status == 201U || op.status == 200U) << op.key << " " << op.status << " " << op.answer;
                EXPECT_EQ(Effects(**db, op), 1) << "retried " << op.key;
            }
        }
        // A replay of an acknowledged request answers the same and changes nothing.
        for (auto& op : ops) {
            if (op.kind == Kind::kUsage || op.status < 200 || op.status >= 300) continue;
            Op replay = op;
            Send(replay);
            EXPECT_EQ(replay.status, op.status) << op.key;
            EXPECT_EQ(Effects(**db, replay), 1) << op.key;
            break;
        }
    }

    std::string erp_, jana_, device_secret_;
    std::pair<std::int64_t, std::int64_t> kunde_, berlin_;
    std::int64_t lot_ = 0, device_id_ = 0;
    int acknowledged_ = 0, lost_answers_ = 0;
};

TEST_F(CrashRestart, KilledAtRandomMomentsNothingAcknowledgedIsLostOrDoubled) {
    SmtpListener smtp;
    // Mail leased by a killed server is taken over after the lease: keep it short here.
    const std::vector<std::string> serve = {"--smtp", smtp.url(), "--jobs-interval-ms", "20", "--mail-lease-seconds",
                                            "1"};
    std::mt19937 rng(20261121);
    const int cycles = Cycles();
    for (int cycle = 0; cycle < cycles; ++cycle) {
        StartServer(serve);
        auto ops = RunClients(cycle, std::chrono::milliseconds(100 + rng() % 400));
        StartServer(serve);
        Verify(ops, cycle);
        if (HasFatalFailure()) return;
    }
    // Let the job runner finish what is due and the outbox drain.
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok());
    auto count = [&](const std::string& sql) {
        auto r = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) { return tx.QueryOne(sql); });
        return r.ok() ? (*r)->Int(0) : -1;
    };
    for (int i = 0; i < 300 && (count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") > 0 ||
                                count("SELECT COUNT(*) FROM transfers WHERE status IN ('validation_initiated', "
                                      "'validation_completed')") > 0);
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"), 0) << "mail stuck in the outbox";
    EXPECT_EQ(count("SELECT COUNT(*) FROM transfers WHERE status IN ('validation_initiated', 'validation_completed')"),
              0)
        << "transfers not resumed";
    const auto sent = count("SELECT COUNT(*) FROM outbox");
    std::map<std::string, int> by_id;
    for (const auto& m : smtp.mails()) ++by_id[m.Header("Message-ID")];
    std::int64_t repeated = 0;
    for (const auto& [id, n] : by_id) repeated += n - 1;
    EXPECT_EQ(static_cast<std::int64_t>(by_id.size()), sent) << "every queued mail arrives, under its own Message-ID";
    if (static_cast<std::int64_t>(by_id.size()) != sent) {
        auto rows = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
            return tx.Query("SELECT id, created_at, status, attempts, to_email, subject FROM outbox ORDER BY id");
        });
        int shown = 0;
        for (const auto& r : *rows) {
            const std::string prefix = "<outbox-" + std::to_string(r.Int(0)) + ".";
            bool found = false;
            for (const auto& [id, n] : by_id) found = found || id.rfind(prefix, 0) == 0;
            if (!found && shown++ < 5) {
                ADD_FAILURE() << "not received: outbox " << r.Int(0) << " " << r.Text(2) << " attempts " << r.Int(3)
                              << " to " << r.Text(4) << " " << r.Text(5);
            }
        }
        if (!by_id.empty()) ADD_FAILURE() << "a received id: " << by_id.begin()->first;
    }
    EXPECT_LE(repeated, cycles) << "at most the mail in flight at each kill is repeated";
    auto check = RunEntitled({"check", "--database", url_});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    EXPECT_GT(acknowledged_, 0);
    std::cout << "crash-restart: " << cycles << " kills, " << acknowledged_ << " acknowledged writes checked, "
              << lost_answers_ << " lost answers retried, " << sent << " mails, " << repeated << " repeated\n";
}

}  // namespace
}  // namespace entitled::testing
