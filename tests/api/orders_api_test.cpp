// Orders (SPEC §3, seeds 001, 002, 004): intake, lookup, assignment, holds,
// shipment, exactly-once deposit, re-assignment, diagnosis, history.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class OrdersApi : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        paula_ = CreateUserWithToken("paula@partner.example", "Paula");
        luc_ = CreateUserWithToken("luc@client.example", "Luc", {"--locale", "fr"});
        kunde_ = CreateAccount(jana_, "Kunde GmbH", "kunde.example", "customer");
        holding_ = CreateAccount(paula_, "Partner Holding", "partner.example", "holding");
    }

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    struct Account {
        std::int64_t id = 0;
        std::int64_t va = 0;  // DEFAULT
    };

    Account CreateAccount(const std::string& token, const std::string& name, const std::string& domain,
                          const std::string& kind) {
        auto r =
            As(token)->Post("/api/v1/smart-accounts", json::value{{"name", name}, {"domain", domain}, {"kind", kind}});
        EXPECT_EQ(r.status, 201U) << r.body;
        const auto body = r.json();
        return {body.at("id").as_int64(), body.at("virtual_accounts").at(0).at("id").as_int64()};
    }

    // A pending account requested by Paula for `customer`, and the token to accept it.
    std::pair<Account, std::string> PendingAccount(const std::string& domain, const std::string& customer) {
        auto r = As(paula_)->Post(
            "/api/v1/smart-account-requests",
            json::value{{"account_name", "Pending " + domain}, {"domain", domain}, {"customer_email", customer}});
        EXPECT_EQ(r.status, 201U) << r.body;
        const auto sa = r.json().at("smart_account").at("id").as_int64();
        auto vas = As(admin_token_)
                       ->Get("/api/v1/smart-accounts/" + std::to_string(sa) + "/virtual-accounts?for_assignment=true");
        const auto va = vas.json().at("items").at(0).at("id").as_int64();
        const auto mails = As(admin_token_)->Get("/api/v1/admin/outbox?to=" + customer).json();
        std::smatch m;
        const std::string text(mails.at("items").at(0).at("body_text").as_string());
        std::regex_search(text, m, std::regex("token=([A-Za-z0-9_-]+)"));
        return {{sa, va}, m[1]};
    }

    HttpResponse Ingest(const std::string& so, const std::string& wo, std::vector<std::string> contacts,
                        int lines = 2) {
        json::array l;
        for (int i = 1; i <= lines; ++i) {
            l.push_back(json::object{{"line_number", i},
                                     {"sku", "SKU-" + std::to_string(i)},
                                     {"description", "Line " + std::to_string(i)},
                                     {"quantity", 10 * i},
                                     {"license_type", i == 1 ? "term" : "perpetual"},
                                     {"term_months", i == 1 ? json::value(36) : json::value(nullptr)},
                                     {"buying_model", "transactional"},
                                     {"smart_enabled", true}});
        }
        json::array c;
        for (auto& e : contacts) c.emplace_back(e);
        return As(erp_)->Post("/api/v1/orders", json::value{{"sales_order_number", so},
                                                            {"web_order_number", wo},
                                                            {"purchaser_name", "Paula Partner Ltd"},
                                                            {"end_customer_name", "Kunde GmbH"},
                                                            {"contacts", c},
                                                            {"lines", l}});
    }

    HttpResponse Assign(const std::string& token, const std::string& number, const Account& a,
                        json::value extra = json::object()) {
        json::object body{{"smart_account_id", a.id}, {"virtual_account_id", a.va}, {"accept_terms", true}};
        for (auto& kv : extra.as_object()) body[kv.key()] = kv.value();
        return As(token)->Post("/api/v1/orders/" + number + "/assignments", json::value(body));
    }

    HttpResponse Ship(const std::string& number, json::array lines = {1, 2}) {
        return As(erp_)->Post("/api/v1/orders/" + number + "/shipments", json::value{{"line_numbers", lines}});
    }

    void ExpectCheckClean() {
        auto check = RunEntitled({"check", "--database", url_});
        EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    }

    std::int64_t Lots(const std::string& where = "") {
        auto db = storage::OpenDatabase(url_);
        auto n = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
            return tx.QueryOne("SELECT COUNT(*) FROM license_lots" + (where.empty() ? "" : " WHERE " + where));
        });
        return (*n)->Int(0);
    }

    std::string erp_, jana_, paula_, luc_;
    Account kunde_, holding_;
};

TEST_F(OrdersApi, Seed001FindAssignAndTheHoldLifts) {
    ASSERT_EQ(Ingest("SO-1001", "WO-5001", {"Jana@Kunde.example"}).status, 201U);
    auto jana = As(jana_);
    auto by_so = jana->Get("/api/v1/orders/SO-1001");
    ASSERT_EQ(by_so.status, 200U) << by_so.body;
    EXPECT_EQ(jana->Get("/api/v1/orders/WO-5001").json().at("sales_order_number"), "SO-1001");
    EXPECT_EQ(by_so.json().at("sa_hold"), true);
    EXPECT_EQ(by_so.json().at("can_assign"), true);
    EXPECT_TRUE(Allows(by_so.json(), "assign"));
    EXPECT_EQ(jana->Get("/api/v1/orders?q=WO-5001").json().at("items").as_array().size(), 1U);
    EXPECT_EQ(jana->Get("/api/v1/orders?sa_hold=true").json().at("items").as_array().size(), 1U);
    // Steps 6-7: the account is found by domain, name or email.
    for (const std::string q : {"by=domain&q=kunde.example", "by=name&q=kunde", "by=email&q=jana@kunde.example"}) {
        auto found = jana->Get("/api/v1/smart-accounts?" + q).json().at("items");
        ASSERT_FALSE(found.as_array().empty()) << q;
        EXPECT_EQ(found.at(0).at("id"), kunde_.id) << q;
    }
    auto assigned = Assign(jana_, "SO-1001", kunde_);
    ASSERT_EQ(assigned.status, 200U) << assigned.body;
    EXPECT_EQ(assigned.json().at("sa_hold"), false);
    EXPECT_EQ(assigned.json().at("lines").at(0).at("smart_account").at("name"), "Kunde GmbH");
    EXPECT_EQ(jana->Get("/api/v1/orders?sa_hold=true").json().at("items").as_array().size(), 0U);
    EXPECT_EQ(Lots(), 0) << "nothing deposits before shipment";
    ASSERT_EQ(Ship("SO-1001").status, 200U);
    auto order = jana->Get("/api/v1/orders/SO-1001").json();
    EXPECT_EQ(order.at("lines").at(0).at("deposited"), true);
    EXPECT_EQ(Lots("smart_account_id = " + std::to_string(kunde_.id) + " AND usable = 1"), 2);
    auto history = jana->Get("/api/v1/orders/SO-1001/history").json().at("items");
    std::vector<std::string> actions;
    for (const auto& h : history.as_array()) actions.emplace_back(h.at("action").as_string());
    EXPECT_EQ(actions, (std::vector<std::string>{"order.create", "order.assign", "order.assign", "order.ship",
                                                 "order.ship", "order.deposit", "order.deposit"}));
    ExpectCheckClean();
}

TEST_F(OrdersApi, OrdersACallerCannotSeeAre404) {
    ASSERT_EQ(Ingest("SO-2001", "WO-6001", {"jana@kunde.example"}).status, 201U);
    EXPECT_EQ(As(luc_)->Get("/api/v1/orders/SO-2001").status, 404U);
    EXPECT_EQ(As(luc_)->Get("/api/v1/orders/SO-2001/diagnosis").status, 404U);
    EXPECT_EQ(As(luc_)->Get("/api/v1/orders?q=SO-2001").json().at("items").as_array().size(), 0U);
    EXPECT_EQ(Assign(luc_, "SO-2001", kunde_).status, 404U);
    EXPECT_EQ(As(jana_)->Get("/api/v1/orders/SO-9999").status, 404U);
}

TEST_F(OrdersApi, APendingAccountKeepsTheHoldUntilTheCustomerAccepts) {
    ASSERT_EQ(Ingest("SO-3001", "WO-7001", {"luc@client.example"}).status, 201U);
    ASSERT_EQ(Ship("SO-3001").status, 200U);
    auto [pending, token] = PendingAccount("neu.example", "chef@neu.example");
    auto assigned = Assign(luc_, "SO-3001", pending);
    ASSERT_EQ(assigned.status, 200U) << assigned.body;
    EXPECT_EQ(assigned.json().at("sa_hold"), true) << "assigned to a pending account";
    auto diagnosis = As(luc_)->Get("/api/v1/orders/SO-3001/diagnosis").json();
    const auto& checks = diagnosis.at("lines").at(0).at("checks").as_array();
    EXPECT_EQ(checks.at(2).at("check"), "sa_active");
    EXPECT_EQ(checks.at(2).at("ok"), false);
    EXPECT_NE(std::string(checks.at(2).at("message").as_string()).find("en attente"), std::string::npos) << "French";
    EXPECT_EQ(Lots(), 0);
    auto accepted = NewClient()->Post("/api/v1/smart-account-requests/accept",
                                      json::value{{"token", token}, {"name", "Chef"}, {"password", "a long password"}});
    ASSERT_EQ(accepted.status, 200U) << accepted.body;
    auto after = As(luc_)->Get("/api/v1/orders/SO-3001").json();
    EXPECT_EQ(after.at("sa_hold"), false);
    EXPECT_EQ(after.at("lines").at(0).at("deposited"), true);
    EXPECT_EQ(Lots(), 2);
    ExpectCheckClean();
}

TEST_F(OrdersApi, Seed004ReassigningToAnActiveAccountLiftsTheHold) {
    ASSERT_EQ(Ingest("SO-4001", "WO-8001", {"luc@client.example"}).status, 201U);
    auto [pending, token] = PendingAccount("attente.example", "x@attente.example");
    ASSERT_EQ(Assign(luc_, "SO-4001", pending).status, 200U);
    const auto client = CreateAccount(luc_, "Client SARL", "client.example", "customer");
    auto edited = Assign(luc_, "WO-8001", client);
    ASSERT_EQ(edited.status, 200U) << edited.body;
    EXPECT_EQ(edited.json().at("sa_hold"), false);
    ExpectCheckClean();
}

TEST_F(OrdersApi, PartnersParkOrdersInAHoldingAccountAndMoveThemToTheCustomer) {
    ASSERT_EQ(Ingest("SO-5001", "WO-9001", {"paula@partner.example"}).status, 201U);
    ASSERT_EQ(Assign(paula_, "SO-5001", holding_).status, 200U);
    ASSERT_EQ(Ship("SO-5001").status, 200U);
    EXPECT_EQ(Lots("usable = 0"), 2) << "deposited in the holding account, not usable";
    auto counts = As(paula_)->Get("/api/v1/smart-accounts/" + std::to_string(holding_.id) + "/asset-summary").json();
    ASSERT_EQ(counts.at("licenses").as_array().size(), 2U);
    EXPECT_EQ(counts.at("licenses").at(0).at("purchased"), 10);
    EXPECT_EQ(counts.at("licenses").at(0).at("available"), 0) << "not available in a holding account";
    auto diagnosis = As(paula_)->Get("/api/v1/orders/SO-5001/diagnosis").json();
    EXPECT_NE(std::string(diagnosis.at("lines").at(0).at("checks").at(4).at("message").as_string()).find("holding"),
              std::string::npos);
    auto moved = Assign(paula_, "SO-5001", kunde_);
    ASSERT_EQ(moved.status, 200U) << moved.body;
    EXPECT_EQ(Lots("usable = 1 AND smart_account_id = " + std::to_string(kunde_.id)), 2);
    EXPECT_EQ(Lots("smart_account_id = " + std::to_string(holding_.id)), 0);
    auto moved_counts = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_.id) + "/asset-summary").json();
    EXPECT_EQ(moved_counts.at("licenses").at(1).at("product"), "SKU-2");
    EXPECT_EQ(moved_counts.at("licenses").at(1).at("available"), 20);
    ExpectCheckClean();
    // Once deposited into a customer account, moving elsewhere is a transfer.
    const auto other = CreateAccount(paula_, "Other Customer", "other.example", "customer");
    auto refused = Assign(paula_, "SO-5001", other);
    EXPECT_EQ(refused.status, 409U);
    EXPECT_EQ(refused.problem_code(), "use_asset_transfer");
    EXPECT_EQ(Lots("smart_account_id = " + std::to_string(kunde_.id)), 2) << "nothing moved";
    ExpectCheckClean();
}

// Every order of the four events ends with exactly one deposit per line.
TEST_F(OrdersApi, EveryOrderOfShipAssignActivateAndReleaseDepositsExactlyOnce) {
    std::vector<std::string> events = {"assign", "activate", "ship", "release"};
    std::sort(events.begin(), events.end());
    int n = 0;
    auto compliance = CreateUserWithToken("comp@vendor.example", "Comp", {"--internal", "--flag", "compliance"});
    do {
        ++n;
        const std::string so = "SO-P" + std::to_string(n);
        ASSERT_EQ(Ingest(so, "WO-P" + std::to_string(n), {"luc@client.example"}).status, 201U);
        ASSERT_EQ(As(compliance)
                      ->Send("PUT", "/api/v1/orders/" + so + "/export-hold", R"({"on":true,"reason":"screening"})")
                      .status,
                  200U);
        auto [pending, token] =
            PendingAccount("p" + std::to_string(n) + ".example", "c" + std::to_string(n) + "@p.example");
        for (const auto& e : events) {
            HttpResponse r;
            if (e == "assign") r = Assign(luc_, so, pending);
            if (e == "activate") {
                r = NewClient()->Post("/api/v1/smart-account-requests/accept",
                                      json::value{{"token", token}, {"name", "C"}, {"password", "a long password"}});
            }
            if (e == "ship") r = Ship(so);
            if (e == "release") {
                r = As(compliance)
                        ->Send("PUT", "/api/v1/orders/" + so + "/export-hold", R"({"on":false,"reason":"cleared"})");
            }
            ASSERT_EQ(r.status, 200U) << e << " " << r.body;
        }
        auto order = As(luc_)->Get("/api/v1/orders/" + so).json();
        for (const auto& l : order.at("lines").as_array()) EXPECT_EQ(l.at("deposited"), true) << so;
    } while (std::next_permutation(events.begin(), events.end()));
    EXPECT_EQ(n, 24);
    EXPECT_EQ(Lots(), 48);
    ExpectCheckClean();
}

TEST_F(OrdersApi, InternalUsersMustOpenACaseAndSupportMustCiteOne) {
    ASSERT_EQ(Ingest("SO-6001", "WO-6601", {"jana@kunde.example"}).status, 201U);
    auto refused = Assign(erp_, "SO-6001", kunde_);
    EXPECT_EQ(refused.status, 403U);
    EXPECT_EQ(refused.problem_code(), "open_licensing_case");
    EXPECT_NE(std::string(refused.json().at("detail").as_string()).find("case"), std::string::npos);
    const std::string support =
        CreateUserWithToken("sup@vendor.example", "Sup", {"--internal", "--flag", "licensing_support"});
    auto no_case = Assign(support, "SO-6001", kunde_);
    EXPECT_EQ(no_case.status, 403U);
    EXPECT_EQ(no_case.problem_code(), "case_number_required");
    EXPECT_EQ(Assign(support, "SO-6001", kunde_, json::object{{"case_number", "CS-1234"}}).error_fields(),
              "case_number")
        << "the case must exist";
    auto opened = As(jana_)->Post("/api/v1/cases", json::value{{"category", "software_licensing"},
                                                               {"subject", "Assign please"},
                                                               {"description", "SO-6001"},
                                                               {"order_number", "SO-6001"}});
    ASSERT_EQ(opened.status, 201U) << opened.body;
    const std::string number(opened.json().at("number").as_string());
    auto with_case = Assign(support, "SO-6001", kunde_, json::object{{"case_number", number}});
    ASSERT_EQ(with_case.status, 200U) << with_case.body;
    auto history = As(jana_)->Get("/api/v1/orders/SO-6001/history").json().at("items");
    EXPECT_EQ(history.at(1).at("case_number").as_string(), number);
    EXPECT_EQ(history.at(1).at("actor"), "sup@vendor.example");
    // A member of the account who is neither contact nor admin may not re-assign.
    const std::string viewer = CreateUserWithToken("view@kunde.example", "Viewer");
    ASSERT_EQ(As(jana_)
                  ->Post("/api/v1/smart-accounts/" + std::to_string(kunde_.id) + "/members",
                         json::value{{"email", "view@kunde.example"}, {"role", "sa_viewer"}})
                  .status,
              201U);
    EXPECT_EQ(Assign(viewer, "SO-6001", holding_).status, 403U);
}

TEST_F(OrdersApi, IntakeValidatesEveryFieldAndRefusesDuplicates) {
    auto r = As(erp_)->Post(
        "/api/v1/orders", json::value{{"sales_order_number", "SO-7001"},
                                      {"web_order_number", ""},
                                      {"purchaser_name", "P"},
                                      {"end_customer_name", "E"},
                                      {"contacts", json::array{"nope"}},
                                      {"lines", json::array{json::object{{"line_number", 1},
                                                                         {"sku", "A"},
                                                                         {"quantity", 0},
                                                                         {"license_type", "term"},
                                                                         {"buying_model", "leasing"},
                                                                         {"smart_enabled", true}}}}});
    EXPECT_EQ(r.status, 422U);
    EXPECT_EQ(r.error_fields(), "web_order_number,contacts[0],lines[0].quantity,lines[0].buying_model");
    ASSERT_EQ(Ingest("SO-7001", "WO-7001", {}).status, 201U);
    auto dup = Ingest("SO-7002", "WO-7001", {});
    EXPECT_EQ(dup.status, 409U);
    EXPECT_EQ(dup.problem_code(), "duplicate_order");
    EXPECT_EQ(As(jana_)->Post("/api/v1/orders", json::value{{"sales_order_number", "x"}}).status, 403U);
    auto erp_assign = Assign(erp_, "SO-7001", kunde_);
    EXPECT_EQ(erp_assign.status, 403U) << "the integration is internal: it must open a case";
    EXPECT_EQ(erp_assign.problem_code(), "open_licensing_case");
}

TEST_F(OrdersApi, AShipmentDatedInTheFutureIsRefusedAndDepositsNothing) {
    ASSERT_EQ(Ingest("SO-7101", "WO-7101", {"jana@kunde.example"}).status, 201U);
    ASSERT_EQ(Assign(jana_, "SO-7101", kunde_).status, 200U);
    auto erp = As(erp_);
    auto future = erp->Post("/api/v1/orders/SO-7101/shipments",
                            json::value{{"line_numbers", json::array{1, 2}}, {"shipped_at", "2099-01-01T00:00:00Z"}});
    ASSERT_EQ(future.status, 422U) << future.body;
    EXPECT_EQ(future.error_fields(), "shipped_at");
    EXPECT_EQ(future.json().at("errors").at(0).at("code"), "in_future");
    EXPECT_EQ(Lots(), 0) << "nothing deposited";
    const auto order = As(jana_)->Get("/api/v1/orders/SO-7101").json();
    for (const auto& line : order.at("lines").as_array()) {
        EXPECT_TRUE(line.at("shipped_at").is_null());
    }
    auto past = erp->Post("/api/v1/orders/SO-7101/shipments",
                          json::value{{"line_numbers", json::array{1, 2}}, {"shipped_at", "2026-01-05T08:00:00Z"}});
    ASSERT_EQ(past.status, 200U) << past.body;
    EXPECT_EQ(past.json().at("lines").at(0).at("shipped_at"), "2026-01-05T08:00:00Z");
    EXPECT_GT(Lots(), 0);
    ExpectCheckClean();
}

TEST_F(OrdersApi, AssignmentInputIsCheckedFieldByField) {
    ASSERT_EQ(Ingest("SO-8001", "WO-8801", {"jana@kunde.example"}).status, 201U);
    auto jana = As(jana_);
    auto no_terms = jana->Post(
        "/api/v1/orders/SO-8001/assignments",
        json::value{{"smart_account_id", kunde_.id}, {"virtual_account_id", kunde_.va}, {"accept_terms", false}});
    EXPECT_EQ(no_terms.error_fields(), "accept_terms");
    auto wrong_va = jana->Post(
        "/api/v1/orders/SO-8001/assignments",
        json::value{{"smart_account_id", kunde_.id}, {"virtual_account_id", holding_.va}, {"accept_terms", true}});
    EXPECT_EQ(wrong_va.error_fields(), "virtual_account_id");
    auto lines = jana->Post("/api/v1/orders/SO-8001/assignments", json::value{{"smart_account_id", kunde_.id},
                                                                              {"virtual_account_id", kunde_.va},
                                                                              {"line_numbers", json::array{1, 7}},
                                                                              {"accept_terms", true}});
    EXPECT_EQ(lines.error_fields(), "line_numbers[1]");
    EXPECT_EQ(As(jana_)->Get("/api/v1/orders/SO-8001").json().at("sa_hold"), true) << "nothing applied";
    auto only_one = jana->Post("/api/v1/orders/SO-8001/assignments", json::value{{"smart_account_id", kunde_.id},
                                                                                 {"virtual_account_id", kunde_.va},
                                                                                 {"line_numbers", json::array{2}},
                                                                                 {"accept_terms", true}});
    ASSERT_EQ(only_one.status, 200U);
    EXPECT_TRUE(only_one.json().at("lines").at(0).at("smart_account").is_null());
    EXPECT_FALSE(only_one.json().at("lines").at(1).at("smart_account").is_null());
}

TEST_F(OrdersApi, DiagnosisNamesEachTroubleshootingCause) {
    ASSERT_EQ(Ingest("SO-9001", "WO-9901", {"jana@kunde.example"}, 1).status, 201U);
    auto check = [&](const std::string& name) {
        const auto d = As(jana_)->Get("/api/v1/orders/SO-9001/diagnosis").json();
        for (const auto& c : d.at("lines").at(0).at("checks").as_array()) {
            if (c.at("check") == name.c_str()) return c.at("ok").as_bool();
        }
        ADD_FAILURE() << "no check " << name;
        return false;
    };
    EXPECT_FALSE(check("shipped"));
    EXPECT_FALSE(check("sa_assigned"));
    ASSERT_EQ(Assign(jana_, "SO-9001", kunde_).status, 200U);
    EXPECT_TRUE(check("sa_assigned"));
    EXPECT_TRUE(check("sa_active"));
    auto compliance = CreateUserWithToken("comp@vendor.example", "Comp", {"--internal", "--flag", "compliance"});
    ASSERT_EQ(As(compliance)
                  ->Send("PUT", "/api/v1/orders/SO-9001/export-hold", R"({"on":true,"reason":"embargo check"})")
                  .status,
              200U);
    ASSERT_EQ(Ship("SO-9001", {1}).status, 200U);
    EXPECT_TRUE(check("shipped"));
    EXPECT_FALSE(check("export_hold"));
    EXPECT_FALSE(check("deposited"));
    const auto d = As(jana_)->Get("/api/v1/orders/SO-9001/diagnosis").json();
    EXPECT_NE(std::string(d.at("lines").at(0).at("checks").at(3).at("message").as_string()).find("embargo check"),
              std::string::npos);
    ASSERT_EQ(
        As(compliance)->Send("PUT", "/api/v1/orders/SO-9001/export-hold", R"({"on":false,"reason":"cleared"})").status,
        200U);
    EXPECT_TRUE(check("deposited"));
    auto found = As(jana_)->Get("/api/v1/find?q=WO-9901");
    ASSERT_EQ(found.status, 200U);
    EXPECT_EQ(found.json().at("kind"), "order");
    const auto after = As(jana_)->Get("/api/v1/orders/SO-9001/diagnosis").json();
    const auto license_id = after.at("lines").at(0).at("licenses_at").at("license_id").as_int64();
    auto lot = As(jana_)->Get("/api/v1/find?q=L-" + std::to_string(license_id));
    ASSERT_EQ(lot.status, 200U) << lot.body;
    EXPECT_EQ(lot.json().at("license").at("smart_account").at("name"), "Kunde GmbH");
    EXPECT_EQ(As(luc_)->Get("/api/v1/find?q=L-" + std::to_string(license_id)).status, 404U);
    EXPECT_EQ(As(jana_)->Get("/api/v1/find?q=nothing-here").problem_code(), "nothing_found");
    ExpectCheckClean();
}

TEST_F(OrdersApi, CheckFailsOnACorruptedCopy) {
    ASSERT_EQ(Ingest("SO-9501", "WO-9951", {"jana@kunde.example"}, 1).status, 201U);
    ASSERT_EQ(Assign(jana_, "SO-9501", kunde_).status, 200U);
    ASSERT_EQ(Ship("SO-9501", {1}).status, 200U);
    ExpectCheckClean();
    server_->Stop();
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE((*db)
                    ->Run(storage::TxMode::kWrite,
                          [](storage::Transaction& tx) -> Status {
                              ENT_TRY(tx.Exec("UPDATE license_lots SET quantity = quantity + 1"));
                              return Ok();
                          })
                    .ok());
    auto check = RunEntitled({"check", "--database", url_});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find("lot balance equals its ledger"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace entitled::testing
