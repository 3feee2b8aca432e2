// Two server instances on one database, 64 clients contending for the same
// license lot, the same transfer number sequence and the same orders. Zero
// anomalies: nothing reserved twice or beyond the lot, transfer numbers
// unique and gapless, every acknowledged request applied once, `entitled
// check` clean. The retries the engine needed are printed (/metrics).
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class ContentionApi : public ApiTest {
  protected:
    std::unique_ptr<HttpClient> On(ServerProcess& server, const std::string& token) {
        auto c = std::make_unique<HttpClient>(server.port());
        c->SetBearer(token);
        return c;
    }

    double Retries(ServerProcess& server) {
        HttpClient c(server.port());
        const std::string text = c.Get("/metrics").body;
        std::smatch m;
        if (!std::regex_search(text, m, std::regex("entitled_db_retries_total ([0-9.e+]+)"))) return -1;
        return std::stod(m[1]);
    }
};

TEST_F(ContentionApi, TwoInstancesSixtyFourClientsZeroAnomalies) {
    const std::string erp =
        CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
    const std::string jana = CreateUserWithToken("jana@kunde.example", "Jana");
    auto account = [&](const std::string& name, const std::string& domain) {
        auto r = On(*server_, jana)
                     ->Post("/api/v1/smart-accounts",
                            json::value{{"name", name},
                                        {"domain", domain},
                                        {"kind", "customer"},
                                        {"legal_entity", json::object{{"name", "Kunde GmbH"}, {"country", "DE"}}}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return std::make_pair(r.json().at("id").as_int64(), r.json().at("virtual_accounts").at(0).at("id").as_int64());
    };
    const auto kunde = account("Kunde GmbH", "kunde.example");
    const auto berlin = account("Kunde GmbH Berlin", "kunde-berlin.example");
    auto ingest = [&](const std::string& so, std::int64_t quantity) {
        return On(*server_, erp)
            ->Post("/api/v1/orders", json::value{{"sales_order_number", so},
                                                 {"web_order_number", "W" + so},
                                                 {"purchaser_name", "Kunde GmbH"},
                                                 {"end_customer_name", "Kunde GmbH"},
                                                 {"contacts", json::array{"jana@kunde.example"}},
                                                 {"lines", json::array{json::object{{"line_number", 1},
                                                                                    {"sku", "SW-HOT"},
                                                                                    {"quantity", quantity},
                                                                                    {"license_type", "perpetual"},
                                                                                    {"buying_model", "transactional"},
                                                                                    {"smart_enabled", true}}}}})
            .status;
    };
    ASSERT_EQ(ingest("SO-HOT", 100), 201U);
    ASSERT_EQ(On(*server_, jana)
                  ->Post("/api/v1/orders/SO-HOT/assignments", json::value{{"smart_account_id", kunde.first},
                                                                          {"virtual_account_id", kunde.second},
                                                                          {"accept_terms", true}})
                  .status,
              200U);
    ASSERT_EQ(On(*server_, erp)
                  ->Post("/api/v1/orders/SO-HOT/shipments", json::value{{"line_numbers", json::array{1}}})
                  .status,
              200U);
    const auto lot = On(*server_, jana)
                         ->Get("/api/v1/smart-accounts/" + std::to_string(kunde.first) + "/licenses")
                         .json()
                         .at("items")
                         .at(0)
                         .at("id")
                         .as_int64();
    for (int i = 0; i < 8; ++i) ASSERT_EQ(ingest("SO-C" + std::to_string(i), 5), 201U);

    ServerProcess second(url_);
    std::atomic<int> transfers_ok{0}, assignments_ok{0}, unexpected{0}, busy{0};
    // A 503 ("busy, try again") means nothing was applied; clients retry it with the same Idempotency-Key.
    auto post = [&](HttpClient& c, const std::string& path, const json::value& body, const std::string& key) {
        HttpResponse r;
        for (int attempt = 0; attempt < 50; ++attempt) {
            r = c.Post(path, body, {{"Idempotency-Key", key}});
            if (r.status != 503U) break;
            ++busy;
            std::this_thread::sleep_for(std::chrono::milliseconds(5 + attempt * 5));
        }
        return r;
    };
    std::vector<std::thread> clients;
    for (int t = 0; t < 64; ++t) {
        clients.emplace_back([&, t] {
            ServerProcess& server = t % 2 == 0 ? *server_ : second;
            auto c = On(server, jana);
            for (int n = 0; n < 4; ++n) {
                if ((t + n) % 2 == 0) {
                    // Everyone wants 3 of the same 100 licenses.
                    auto r = post(
                        *c, "/api/v1/transfers",
                        json::value{{"source_smart_account_id", kunde.first},
                                    {"destination_smart_account_id", berlin.first},
                                    {"destination_virtual_account_id", berlin.second},
                                    {"same_legal_entity", true},
                                    {"licenses", json::array{json::object{{"license_id", lot}, {"quantity", 3}}}},
                                    {"justification", "contention " + std::to_string(t) + "/" + std::to_string(n)},
                                    {"requester", json::object{{"name", "J"}, {"phone", "+49 1"}, {"company", "K"}}},
                                    {"accept_terms", true}},
                        "t" + std::to_string(t) + "-" + std::to_string(n));
                    if (r.status == 201U)
                        ++transfers_ok;
                    else if (r.status != 422U && r.status != 409U) {
                        ++unexpected;
                        ADD_FAILURE() << "transfer answered " << r.status << " " << r.body;
                    }
                } else {
                    // Everyone assigns the same few orders, to one account or the other.
                    const auto& to = (t + n) % 4 == 1 ? kunde : berlin;
                    auto r = post(
                        *c, "/api/v1/orders/SO-C" + std::to_string((t + n) % 8) + "/assignments",
                        json::value{
                            {"smart_account_id", to.first}, {"virtual_account_id", to.second}, {"accept_terms", true}},
                        "a" + std::to_string(t) + "-" + std::to_string(n));
                    if (r.status == 200U) {
                        ++assignments_ok;
                    } else {
                        ++unexpected;
                        ADD_FAILURE() << "assignment answered " << r.status << " " << r.body;
                    }
                }
            }
        });
    }
    for (auto& c : clients) c.join();
    EXPECT_EQ(unexpected.load(), 0);
    EXPECT_EQ(transfers_ok.load(), 33) << "100 licenses hold 33 requests of 3";
    EXPECT_EQ(assignments_ok.load(), 128) << "unshipped orders can be re-assigned at will";

    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok());
    auto one = [&](const std::string& sql) {
        auto r = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) { return tx.QueryOne(sql); });
        return r.ok() ? (*r)->Int(0) : -1;
    };
    EXPECT_EQ(one("SELECT reserved FROM license_lots WHERE id = " + std::to_string(lot)), 99);
    EXPECT_EQ(one("SELECT COUNT(*) FROM transfers"), 33);
    EXPECT_EQ(one("SELECT COUNT(DISTINCT number) FROM transfers"), 33);
    EXPECT_EQ(one("SELECT MAX(last_value) FROM transfer_sequences"), 33) << "numbers without gaps";
    auto check = RunEntitled({"check", "--database", url_});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    std::cout << "contention on " << EngineName() << ": 64 clients, 2 instances, 256 requests, " << transfers_ok.load()
              << " transfers and " << assignments_ok.load() << " assignments acknowledged, " << busy.load()
              << " answered 503 and retried, engine retries " << Retries(*server_) << " + " << Retries(second) << "\n";
}

}  // namespace
}  // namespace entitled::testing
