// The Asset Transfer Manager (SPEC §5, seed 000): every path of the status
// table, reservations and their release, partial failure, races for one
// asset, a kill in the middle — each followed by a clean `entitled check`.
// The server's own job rounds are switched off; the tests step the
// automatic statuses with `entitled jobs run`, so each status is observable.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

// The tests take the automatic steps themselves (entitled jobs run), one round at a time.
const std::vector<std::string> kNoJobRounds = {"--jobs-interval-ms", "3600000", "--jobs-wake", "false"};

class TransfersApi : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        StartServer(kNoJobRounds);
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        luc_ = CreateUserWithToken("luc@client.example", "Luc", {"--locale", "fr"});
        officer_ = CreateUserWithToken("officer@vendor.example", "Olga", {"--internal", "--flag", "compliance"});
        stranger_ = CreateUserWithToken("eve@elsewhere.example", "Eve");
        kunde_ = CreateAccount(jana_, "Kunde GmbH", "kunde.example", "Kunde GmbH", "DE");
        berlin_ = CreateAccount(jana_, "Kunde GmbH Berlin", "kunde-berlin.example", "Kunde GmbH", "DE");
        client_ = CreateAccount(luc_, "Client SARL", "client.example", "Client SARL", "FR");
        auto added = As(luc_)->Post("/api/v1/smart-accounts/" + std::to_string(client_.id) + "/members",
                                    json::value{{"email", "jana@kunde.example"}, {"role", "sa_admin"}});
        ASSERT_EQ(added.status, 201U) << added.body;
        Deposit();
        RegisterDevices();
    }

    struct Account {
        std::int64_t id = 0;
        std::int64_t va = 0;
    };

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    Account CreateAccount(const std::string& token, const std::string& name, const std::string& domain,
                          const std::string& entity, const std::string& country) {
        auto r = As(token)->Post("/api/v1/smart-accounts",
                                 json::value{{"name", name},
                                             {"domain", domain},
                                             {"kind", "customer"},
                                             {"legal_entity", json::object{{"name", entity}, {"country", country}}}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return {r.json().at("id").as_int64(), r.json().at("virtual_accounts").at(0).at("id").as_int64()};
    }

    // SO-8001 into Kunde GmbH: 10 "SW-ADV" (transactional) and 5 "SW-EA" (Enterprise Agreement).
    void Deposit() {
        auto order = As(erp_)->Post(
            "/api/v1/orders", json::value{{"sales_order_number", "SO-8001"},
                                          {"web_order_number", "WO-8001"},
                                          {"purchaser_name", "Kunde GmbH"},
                                          {"end_customer_name", "Kunde GmbH"},
                                          {"contacts", json::array{"jana@kunde.example"}},
                                          {"lines", json::array{json::object{{"line_number", 1},
                                                                             {"sku", "SW-ADV"},
                                                                             {"quantity", 10},
                                                                             {"license_type", "perpetual"},
                                                                             {"buying_model", "transactional"},
                                                                             {"smart_enabled", true}},
                                                                json::object{{"line_number", 2},
                                                                             {"sku", "SW-EA"},
                                                                             {"quantity", 5},
                                                                             {"license_type", "perpetual"},
                                                                             {"buying_model", "enterprise_agreement"},
                                                                             {"smart_enabled", true}}}}});
        ASSERT_EQ(order.status, 201U) << order.body;
        ASSERT_EQ(As(jana_)
                      ->Post("/api/v1/orders/SO-8001/assignments", json::value{{"smart_account_id", kunde_.id},
                                                                               {"virtual_account_id", kunde_.va},
                                                                               {"accept_terms", true}})
                      .status,
                  200U);
        ASSERT_EQ(
            As(erp_)->Post("/api/v1/orders/SO-8001/shipments", json::value{{"line_numbers", json::array{1, 2}}}).status,
            200U);
        auto lots = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_.id) + "/licenses").json();
        adv_lot_ = lots.at("items").at(0).at("id").as_int64();
        ea_lot_ = lots.at("items").at(1).at("id").as_int64();
    }

    // A cloud switch using 2 SW-ADV and an on-prem appliance.
    void RegisterDevices() {
        auto token = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(kunde_.va) + "/tokens",
                                     json::value{{"description", "t"}, {"expires_in_days", 5}, {"max_uses", 5}});
        const std::string secret(token.json().at("token").as_string());
        auto reg = [&](const std::string& serial, const std::string& deployment) {
            auto r = NewClient()->Post("/api/v1/devices/register", json::value{{"token", secret},
                                                                               {"name", "dev " + serial},
                                                                               {"serial", serial},
                                                                               {"product", "SW-BOX"},
                                                                               {"deployment", deployment}});
            EXPECT_EQ(r.status, 201U) << r.body;
            return r.json().as_object();
        };
        auto cloud = reg("SN-C1", "cloud");
        cloud_device_ = cloud.at("device_id").as_int64();
        on_prem_device_ = reg("SN-P1", "on_prem").at("device_id").as_int64();
        auto report = NewClient()->Post(
            "/api/v1/usage-reports", json::value(json::array{json::object{
                                         {"device_id", cloud_device_},
                                         {"device_secret", cloud.at("device_secret")},
                                         {"usage", json::array{json::object{{"product", "SW-ADV"}, {"count", 2}}}}}}));
        ASSERT_EQ(report.status, 200U) << report.body;
    }

    json::object Request(const Account& to, bool same_entity, std::int64_t quantity, json::array devices = {},
                         const std::string& token = "", unsigned expected = 201) {
        json::object body{{"source_smart_account_id", kunde_.id},
                          {"destination_smart_account_id", to.id},
                          {"destination_virtual_account_id", to.va},
                          {"same_legal_entity", same_entity},
                          {"licenses", json::array{json::object{{"license_id", adv_lot_}, {"quantity", quantity}}}},
                          {"devices", devices},
                          {"justification", "Consolidating sites"},
                          {"requester", json::object{{"name", "Jana"}, {"phone", "+49 711 1"}, {"company", "Kunde"}}},
                          {"accept_terms", true}};
        if (!same_entity) body["transferee_email"] = "luc@client.example";
        auto r = As(token.empty() ? jana_ : token)->Post("/api/v1/transfers", json::value(body));
        EXPECT_EQ(r.status, expected) << r.body;
        return r.json().as_object();
    }

    void Jobs() {
        auto run = RunEntitled({"jobs", "run", "--database", url_});
        ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    }

    json::object Get(const std::string& number, const std::string& token = "") {
        auto r = As(token.empty() ? jana_ : token)->Get("/api/v1/transfers/" + number);
        EXPECT_EQ(r.status, 200U) << r.body;
        return r.json().as_object();
    }

    std::string Status(const std::string& number) { return std::string(Get(number).at("status").as_string()); }

    HttpResponse Act(const std::string& number, const std::string& action, const std::string& token = "",
                     json::object body = {}) {
        return As(token.empty() ? jana_ : token)
            ->Post("/api/v1/transfers/" + number + "/" + action, json::value(std::move(body)));
    }

    // Creates a transfer and steps it to pending_submission, then submits it.
    std::string Submitted(const Account& to, bool same_entity, std::int64_t quantity, json::array devices = {}) {
        const std::string number(Request(to, same_entity, quantity, std::move(devices)).at("id").as_string());
        Jobs();
        EXPECT_EQ(Status(number), "validation_completed");
        Jobs();
        EXPECT_EQ(Status(number), "pending_submission");
        auto submitted = Act(number, "submit");
        EXPECT_EQ(submitted.status, 200U) << submitted.body;
        return number;
    }

    std::int64_t Reserved(std::int64_t lot) {
        auto db = storage::OpenDatabase(url_);
        auto r = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
            return tx.QueryOne("SELECT reserved FROM license_lots WHERE id = ?", {lot});
        });
        return (*r)->Int(0);
    }

    std::int64_t Purchased(const Account& a, const std::string& product) {
        auto r = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(a.id) + "/asset-summary");
        const auto body = r.json();
        for (const auto& l : body.at("licenses").as_array()) {
            if (l.at("product") == product.c_str()) return l.at("purchased").as_int64();
        }
        return 0;
    }

    std::vector<std::string> HistoryOf(const std::string& number) {
        std::vector<std::string> out;
        const auto t = Get(number);
        for (const auto& h : t.at("history").as_array()) out.emplace_back(h.at("status").as_string());
        return out;
    }

    std::string Outbox(const std::string& to) {
        return As(admin_token_)->Get("/api/v1/admin/outbox?limit=500&to=" + to).body;
    }

    void ExpectCheckClean(const std::string& step) {
        auto check = RunEntitled({"check", "--database", url_});
        EXPECT_EQ(check.exit_code, 0) << "after " << step << ":\n" << check.out << check.err;
    }

    std::string erp_, jana_, luc_, officer_, stranger_;
    Account kunde_, berlin_, client_;
    std::int64_t adv_lot_ = 0, ea_lot_ = 0, cloud_device_ = 0, on_prem_device_ = 0;
};

TEST_F(TransfersApi, EligibleAssetsGiveTheReasonForEachIneligibleOne) {
    auto r = As(jana_)->Get("/api/v1/transfers/eligible-assets?source_smart_account_id=" + std::to_string(kunde_.id));
    ASSERT_EQ(r.status, 200U) << r.body;
    const auto body = r.json();
    const auto& adv = body.at("licenses").at(0);
    EXPECT_EQ(adv.at("eligible"), true);
    EXPECT_EQ(adv.at("in_use"), 2);
    EXPECT_EQ(adv.at("transferable"), 8);
    EXPECT_EQ(body.at("licenses").at(1).at("eligible"), false);
    EXPECT_EQ(body.at("licenses").at(1).at("reason"), "enterprise_agreement");
    EXPECT_EQ(body.at("devices").at(0).at("eligible"), true);
    EXPECT_EQ(body.at("devices").at(1).at("reason"), "on_prem");
    EXPECT_EQ(As(stranger_)
                  ->Get("/api/v1/transfers/eligible-assets?source_smart_account_id=" + std::to_string(kunde_.id))
                  .status,
              404U);

    // Ineligible assets are refused field by field, and nothing is reserved.
    json::object body_ea{{"source_smart_account_id", kunde_.id},
                         {"destination_smart_account_id", berlin_.id},
                         {"destination_virtual_account_id", berlin_.va},
                         {"same_legal_entity", true},
                         {"licenses", json::array{json::object{{"license_id", ea_lot_}, {"quantity", 1}},
                                                  json::object{{"license_id", adv_lot_}, {"quantity", 9}}}},
                         {"devices", json::array{on_prem_device_}},
                         {"justification", "x"},
                         {"requester", json::object{{"name", "J"}, {"phone", ""}, {"company", "K"}}},
                         {"accept_terms", false}};
    auto refused = As(jana_)->Post("/api/v1/transfers", json::value(body_ea));
    EXPECT_EQ(refused.status, 422U);
    EXPECT_NE(refused.body.find("requester.phone"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("accept_terms"), std::string::npos) << refused.body;
    body_ea["accept_terms"] = true;
    body_ea["requester"] = json::object{{"name", "J"}, {"phone", "+49 1"}, {"company", "K"}};
    refused = As(jana_)->Post("/api/v1/transfers", json::value(body_ea));
    ASSERT_EQ(refused.status, 422U) << refused.body;
    const auto errors = refused.json().at("errors");
    EXPECT_EQ(errors.at(0).at("field"), "devices[0]");
    EXPECT_EQ(errors.at(0).at("code"), "on_prem");
    EXPECT_EQ(errors.at(1).at("field"), "licenses[0].license_id");
    EXPECT_EQ(errors.at(1).at("code"), "enterprise_agreement");
    EXPECT_EQ(errors.at(2).at("field"), "licenses[1].quantity");
    EXPECT_EQ(errors.at(2).at("code"), "in_use");
    // Only an active customer account, with a VA of its own, and a transferee who belongs there.
    auto to_self = Request(kunde_, true, 1, {}, "", 422);
    EXPECT_EQ(to_self.at("errors").at(0).at("field"), "destination_smart_account_id");
    auto no_member =
        As(jana_)->Post("/api/v1/transfers",
                        json::value{{"source_smart_account_id", kunde_.id},
                                    {"destination_smart_account_id", berlin_.id},
                                    {"destination_virtual_account_id", berlin_.va},
                                    {"same_legal_entity", false},
                                    {"transferee_email", "eve@elsewhere.example"},
                                    {"licenses", json::array{json::object{{"license_id", adv_lot_}, {"quantity", 1}}}},
                                    {"justification", "x"},
                                    {"requester", json::object{{"name", "J"}, {"phone", "+49 1"}, {"company", "K"}}},
                                    {"accept_terms", true}});
    EXPECT_EQ(no_member.json().at("errors").at(0).at("field"), "transferee_email");
    // The requester must administer both accounts.
    Request(client_, false, 1, {}, luc_, 404);
    EXPECT_EQ(Reserved(adv_lot_), 0);
    ExpectCheckClean("refusals");
}

TEST_F(TransfersApi, SameLegalEntityGoesStraightToCompletion) {
    auto created = Request(berlin_, true, 5, json::array{cloud_device_});
    const std::string number(created.at("id").as_string());
    EXPECT_TRUE(std::regex_match(number, std::regex("AT-\\d{4}-000001"))) << number;
    EXPECT_EQ(created.at("status"), "validation_initiated");
    EXPECT_EQ(Reserved(adv_lot_), 5);
    EXPECT_NE(Outbox("jana@kunde.example").find(number), std::string::npos);
    // Reserved: the second transfer may not take the same device, nor more than is left.
    auto eligible =
        As(jana_)->Get("/api/v1/transfers/eligible-assets?source_smart_account_id=" + std::to_string(kunde_.id)).json();
    EXPECT_EQ(eligible.at("devices").at(0).at("reason"), "in_open_transfer");
    EXPECT_EQ(eligible.at("licenses").at(0).at("transferable"), 3);
    Request(berlin_, true, 1, json::array{cloud_device_}, "", 422);
    ExpectCheckClean("request");

    Jobs();
    Jobs();
    ASSERT_EQ(Status(number), "pending_submission");
    EXPECT_TRUE(Allows(Get(number), "submit"));
    EXPECT_EQ(Act(number, "submit", luc_).status, 404U);
    ASSERT_EQ(Act(number, "submit").status, 200U);
    auto again = Act(number, "submit");
    EXPECT_EQ(again.status, 409U);
    EXPECT_EQ(again.json().at("code"), "illegal_transition");
    EXPECT_NE(std::string(again.json().at("detail").as_string()).find("submitted"), std::string::npos) << again.body;
    EXPECT_EQ(Act(number, "cancel").status, 409U);
    Jobs();
    EXPECT_EQ(Status(number), "compliance_screening");
    Jobs();
    EXPECT_EQ(Status(number), "transfer_initiated");
    ExpectCheckClean("transfer initiated");
    Jobs();
    const auto done = Get(number);
    EXPECT_EQ(done.at("status"), "transfer_completed");
    for (const auto& a : done.at("assets").as_array()) EXPECT_EQ(a.at("outcome"), "moved") << a;
    EXPECT_EQ(HistoryOf(number), (std::vector<std::string>{"validation_initiated", "validation_completed",
                                                           "pending_submission", "submitted", "compliance_screening",
                                                           "transfer_initiated", "transfer_completed"}));
    EXPECT_EQ(Purchased(berlin_, "SW-ADV"), 5);
    EXPECT_EQ(Purchased(kunde_, "SW-ADV"), 5);
    EXPECT_EQ(Reserved(adv_lot_), 0);
    auto devices = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(berlin_.id) + "/devices").json();
    EXPECT_EQ(devices.at("items").at(0).at("serial"), "SN-C1");
    // The device's usage now counts against the licenses that came with it.
    auto summary = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(berlin_.id) + "/asset-summary").json();
    EXPECT_EQ(summary.at("licenses").at(0).at("in_use"), 2);
    EXPECT_EQ(summary.at("licenses").at(0).at("shortage"), 0);
    // Numbers are sequential within the year.
    const std::string second(Request(berlin_, true, 1).at("id").as_string());
    EXPECT_EQ(second, number.substr(0, 8) + "000002");
    const auto mails = Outbox("jana@kunde.example");
    EXPECT_NE(mails.find("Transfer abgeschlossen"), std::string::npos) << "German status mail";
    ExpectCheckClean("completion");
}

TEST_F(TransfersApi, DifferentLegalEntityConsentAndComplianceDecide) {
    // The transferee rejects: everything goes back, the transferor learns why.
    std::string number = Submitted(client_, false, 3);
    Jobs();
    ASSERT_EQ(Status(number), "awaiting_transferee_consent");
    EXPECT_NE(Outbox("luc@client.example").find(number), std::string::npos) << "the transferee is asked";
    EXPECT_TRUE(Allows(Get(number, luc_), "consent"));
    EXPECT_EQ(Act(number, "consent", stranger_, {{"decision", "approve"}}).status, 404U);
    // Jana administers Client SARL too, but she asked: only the named transferee decides.
    EXPECT_FALSE(Allows(Get(number), "consent"));
    EXPECT_EQ(Act(number, "consent", jana_, {{"decision", "approve"}}).status, 403U);
    EXPECT_EQ(As(jana_)->Get("/api/v1/transfers?role=transferee").json().at("items").as_array().size(), 0U);
    auto no_comment = Act(number, "consent", luc_, {{"decision", "reject"}});
    EXPECT_EQ(no_comment.status, 422U);
    EXPECT_EQ(no_comment.json().at("errors").at(0).at("field"), "comment");
    auto rejected = Act(number, "consent", luc_, {{"decision", "reject"}, {"comment", "Nous n'en avons pas besoin"}});
    ASSERT_EQ(rejected.status, 200U) << rejected.body;
    EXPECT_EQ(rejected.json().at("status"), "cancelled");
    EXPECT_EQ(rejected.json().at("assets").at(0).at("outcome"), "released");
    EXPECT_EQ(Reserved(adv_lot_), 0);
    EXPECT_NE(Outbox("jana@kunde.example").find("Nous n'en avons pas besoin"), std::string::npos);
    ExpectCheckClean("transferee rejection");

    // The transferee approves, a compliance officer rejects with a reason.
    number = Submitted(client_, false, 3);
    Jobs();
    ASSERT_EQ(Act(number, "consent", luc_, {{"decision", "approve"}, {"comment", "ok"}}).status, 200U);
    EXPECT_EQ(Status(number), "compliance_screening");
    EXPECT_EQ(Act(number, "screening", officer_, {{"decision", "approve"}}).status, 409U)
        << "the automatic rules run first";
    Jobs();
    EXPECT_EQ(Status(number), "compliance_screening") << "a different legal entity waits for an officer";
    EXPECT_NE(Outbox("officer@vendor.example").find(number), std::string::npos);
    EXPECT_TRUE(Allows(Get(number, officer_), "screen"));
    auto queue = As(officer_)->Get("/api/v1/transfers?role=compliance&status=compliance_screening").json();
    EXPECT_EQ(queue.at("items").at(0).at("id"), number.c_str());
    EXPECT_EQ(As(jana_)->Get("/api/v1/transfers?role=compliance").status, 403U);
    EXPECT_EQ(Act(number, "screening", jana_, {{"decision", "approve"}}).status, 403U);
    EXPECT_EQ(Act(number, "screening", officer_, {{"decision", "reject"}}).json().at("errors").at(0).at("field"),
              "reason");
    auto screened = Act(number, "screening", officer_, {{"decision", "reject"}, {"reason", "Denied party match"}});
    ASSERT_EQ(screened.status, 200U) << screened.body;
    EXPECT_EQ(screened.json().at("status"), "compliance_screening_rejected");
    EXPECT_EQ(Reserved(adv_lot_), 0);
    EXPECT_NE(Outbox("jana@kunde.example").find("Denied party match"), std::string::npos);
    ExpectCheckClean("compliance rejection");

    // Both approve: the licenses arrive.
    number = Submitted(client_, false, 3);
    Jobs();
    ASSERT_EQ(Act(number, "consent", luc_, {{"decision", "approve"}, {"comment", "merci"}}).status, 200U);
    Jobs();
    ASSERT_EQ(Act(number, "screening", officer_, {{"decision", "approve"}, {"reason", "cleared"}}).status, 200U);
    EXPECT_EQ(Status(number), "transfer_initiated");
    Jobs();
    EXPECT_EQ(Status(number), "transfer_completed");
    EXPECT_EQ(Purchased(client_, "SW-ADV"), 3);
    auto mine = As(luc_)->Get("/api/v1/transfers?role=transferee").json();
    EXPECT_EQ(mine.at("items").as_array().size(), 3U);
    ExpectCheckClean("compliance approval");
}

TEST_F(TransfersApi, AutomaticRulesRefuseExportHoldsAndFalseSameEntityClaims) {
    // Client SARL is another legal entity: claiming "same legal entity" is refused by the rules.
    std::string number = Submitted(client_, true, 2);
    Jobs();
    Jobs();
    auto t = Get(number);
    EXPECT_EQ(t.at("status"), "compliance_screening_rejected");
    EXPECT_NE(t.at("history").as_array().back().at("note").as_string().find("legal entit"), std::string::npos);
    EXPECT_EQ(Reserved(adv_lot_), 0);
    // An export hold on the source order stops the transfer.
    number = Submitted(berlin_, true, 2);
    ASSERT_EQ(
        As(erp_)->Send("PUT", "/api/v1/orders/SO-8001/export-hold", R"({"on":true,"reason":"embargo check"})").status,
        200U);
    Jobs();
    Jobs();
    t = Get(number);
    EXPECT_EQ(t.at("status"), "compliance_screening_rejected");
    EXPECT_NE(t.at("history").as_array().back().at("note").as_string().find("SO-8001"), std::string::npos);
    ExpectCheckClean("automatic rules");
}

TEST_F(TransfersApi, CancellationInBothCancellableStatusesReleasesEverything) {
    std::string number(Request(berlin_, true, 4, json::array{cloud_device_}).at("id").as_string());
    EXPECT_EQ(Act(number, "cancel").status, 409U) << "not while validation runs";
    Jobs();
    ASSERT_EQ(Status(number), "validation_completed");
    auto cancelled = Act(number, "cancel");
    ASSERT_EQ(cancelled.status, 200U) << cancelled.body;
    EXPECT_EQ(cancelled.json().at("status"), "cancelled");
    EXPECT_EQ(Reserved(adv_lot_), 0);
    ExpectCheckClean("cancel in validation_completed");

    number = Request(berlin_, true, 4, json::array{cloud_device_}).at("id").as_string();
    Jobs();
    Jobs();
    ASSERT_EQ(Status(number), "pending_submission");
    EXPECT_EQ(Act(number, "cancel", luc_).status, 404U);
    ASSERT_EQ(Act(number, "cancel").status, 200U);
    EXPECT_EQ(Act(number, "submit").status, 409U);
    EXPECT_EQ(Reserved(adv_lot_), 0);
    // Everything is where it was and can be transferred again.
    auto eligible =
        As(jana_)->Get("/api/v1/transfers/eligible-assets?source_smart_account_id=" + std::to_string(kunde_.id)).json();
    EXPECT_EQ(eligible.at("licenses").at(0).at("transferable"), 8);
    EXPECT_EQ(eligible.at("devices").at(0).at("eligible"), true);
    EXPECT_EQ(Purchased(berlin_, "SW-ADV"), 0);
    ExpectCheckClean("cancel in pending_submission");
}

TEST_F(TransfersApi, AnAssetRemovedBeforeExecutionFailsAndTheRestMoves) {
    const std::string number = Submitted(berlin_, true, 3, json::array{cloud_device_});
    Jobs();
    Jobs();
    ASSERT_EQ(Status(number), "transfer_initiated");
    ASSERT_EQ(As(jana_)->Send("DELETE", "/api/v1/devices/" + std::to_string(cloud_device_), "").status, 204U);
    Jobs();
    const auto t = Get(number);
    EXPECT_EQ(t.at("status"), "transfer_completed_with_failure");
    EXPECT_EQ(t.at("assets").at(0).at("outcome"), "moved");
    EXPECT_EQ(t.at("assets").at(1).at("outcome"), "failed");
    EXPECT_EQ(t.at("assets").at(1).at("reason"), "device_deleted");
    EXPECT_EQ(Purchased(berlin_, "SW-ADV"), 3);
    ExpectCheckClean("partial failure");
}

TEST_F(TransfersApi, TwoTransfersRacingForOneAssetExactlyOneGetsIt) {
    // Eight requests at once for the same device and 6 of the 8 free licenses.
    std::vector<std::thread> threads;
    std::vector<unsigned> statuses(8);
    for (size_t i = 0; i < statuses.size(); ++i) {
        threads.emplace_back([&, i] {
            auto c = NewClient();
            c->SetBearer(jana_);
            statuses[i] =
                c->Post("/api/v1/transfers",
                        json::value{{"source_smart_account_id", kunde_.id},
                                    {"destination_smart_account_id", berlin_.id},
                                    {"destination_virtual_account_id", berlin_.va},
                                    {"same_legal_entity", true},
                                    {"licenses", json::array{json::object{{"license_id", adv_lot_}, {"quantity", 6}}}},
                                    {"devices", json::array{cloud_device_}},
                                    {"justification", "race"},
                                    {"requester", json::object{{"name", "J"}, {"phone", "+49 1"}, {"company", "K"}}},
                                    {"accept_terms", true}})
                    .status;
        });
    }
    for (auto& t : threads) t.join();
    int won = 0;
    for (auto s : statuses) {
        EXPECT_TRUE(s == 201U || s == 409U || s == 422U) << s;
        won += s == 201U ? 1 : 0;
    }
    EXPECT_EQ(won, 1);
    EXPECT_EQ(Reserved(adv_lot_), 6);
    ExpectCheckClean("race");
}

TEST_F(TransfersApi, AKilledServerResumesTheTransferWithNothingLostOrDuplicated) {
    const std::string number = Submitted(berlin_, true, 5, json::array{cloud_device_});
    // Kill the server while the job rounds run fast, at whatever point the transfer has reached.
    StartServer({"--jobs-interval-ms", "20"});
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    server_->Kill();
    ExpectCheckClean("kill");
    StartServer({"--jobs-interval-ms", "20"});
    for (int i = 0; i < 200 && Status(number) != "transfer_completed"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(Status(number), "transfer_completed");
    EXPECT_EQ(Purchased(berlin_, "SW-ADV"), 5);
    EXPECT_EQ(Purchased(kunde_, "SW-ADV"), 5);
    EXPECT_EQ(Reserved(adv_lot_), 0);
    auto history = HistoryOf(number);
    EXPECT_EQ(std::count(history.begin(), history.end(), "transfer_completed"), 1);
    ExpectCheckClean("restart");
}

}  // namespace
}  // namespace entitled::testing

namespace entitled::testing {
namespace {

TEST_F(TransfersApi, TransferredLicensesStayWhenTheirOrderLineIsReassignedLater) {
    const auto paula = CreateUserWithToken("paula@partner.example", "Paula");
    const auto holding = [&] {
        auto r = As(paula)->Post("/api/v1/smart-accounts",
                                 json::value{{"name", "Partner Holding"},
                                             {"domain", "partner.example"},
                                             {"kind", "holding"},
                                             {"legal_entity", json::object{{"name", "Paula Ltd"}, {"country", "GB"}}}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return Account{r.json().at("id").as_int64(), r.json().at("virtual_accounts").at(0).at("id").as_int64()};
    }();
    const auto own = CreateAccount(paula, "Paula Ltd", "paula.example", "Paula Ltd", "GB");
    auto order = As(erp_)->Post("/api/v1/orders",
                                json::value{{"sales_order_number", "SO-8002"},
                                            {"web_order_number", "WO-8002"},
                                            {"purchaser_name", "Paula Ltd"},
                                            {"end_customer_name", "(unknown)"},
                                            {"contacts", json::array{"paula@partner.example"}},
                                            {"lines", json::array{json::object{{"line_number", 1},
                                                                               {"sku", "SW-H"},
                                                                               {"quantity", 10},
                                                                               {"license_type", "perpetual"},
                                                                               {"buying_model", "transactional"},
                                                                               {"smart_enabled", true}}}}});
    ASSERT_EQ(order.status, 201U) << order.body;
    ASSERT_EQ(As(paula)
                  ->Post("/api/v1/orders/SO-8002/assignments", json::value{{"smart_account_id", holding.id},
                                                                           {"virtual_account_id", holding.va},
                                                                           {"accept_terms", true}})
                  .status,
              200U);
    ASSERT_EQ(As(erp_)->Post("/api/v1/orders/SO-8002/shipments", json::value{{"line_numbers", json::array{1}}}).status,
              200U);
    const auto lot = As(paula)
                         ->Get("/api/v1/smart-accounts/" + std::to_string(holding.id) + "/licenses")
                         .json()
                         .at("items")
                         .at(0)
                         .at("id")
                         .as_int64();
    auto created = As(paula)->Post(
        "/api/v1/transfers",
        json::value{{"source_smart_account_id", holding.id},
                    {"destination_smart_account_id", own.id},
                    {"destination_virtual_account_id", own.va},
                    {"same_legal_entity", true},
                    {"licenses", json::array{json::object{{"license_id", lot}, {"quantity", 4}}}},
                    {"justification", "for our own use"},
                    {"requester", json::object{{"name", "Paula"}, {"phone", "+44 1"}, {"company", "Paula Ltd"}}},
                    {"accept_terms", true}});
    ASSERT_EQ(created.status, 201U) << created.body;
    const std::string number(created.json().at("id").as_string());
    Jobs();
    Jobs();
    ASSERT_EQ(As(paula)->Post("/api/v1/transfers/" + number + "/submit", json::value(json::object{})).status, 200U);
    for (int i = 0; i < 3; ++i) Jobs();
    ASSERT_EQ(Get(number, paula).at("status"), "transfer_completed");
    // Paula now hands the order to Kunde GmbH: only what is still in the holding account goes along.
    ASSERT_EQ(As(paula)
                  ->Post("/api/v1/orders/SO-8002/assignments", json::value{{"smart_account_id", kunde_.id},
                                                                           {"virtual_account_id", kunde_.va},
                                                                           {"accept_terms", true}})
                  .status,
              200U);
    EXPECT_EQ(Purchased(kunde_, "SW-H"), 6);
    auto own_summary = As(paula)->Get("/api/v1/smart-accounts/" + std::to_string(own.id) + "/asset-summary").json();
    EXPECT_EQ(own_summary.at("licenses").at(0).at("purchased"), 4);
    EXPECT_EQ(own_summary.at("licenses").at(0).at("available"), 4) << "usable once in a customer account";
    ExpectCheckClean("re-assignment after a transfer");
}

}  // namespace
}  // namespace entitled::testing
