// Support cases (SPEC §6): the lifecycle, mail to the opener, the support
// queue, and on-behalf actions that must cite an existing case.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.hpp"
#include "smtp_listener.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

class CasesApi : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        luc_ = CreateUserWithToken("luc@client.example", "Luc", {"--locale", "fr"});
        support_ =
            CreateUserWithToken("sup@vendor.example", "Sam Support", {"--internal", "--flag", "licensing_support"});
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
    }

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    void Order(const std::string& so) {
        auto r = As(erp_)->Post(
            "/api/v1/orders",
            json::parse(R"({"sales_order_number":")" + so + R"(","web_order_number":"W)" + so +
                        R"(","purchaser_name":"P","end_customer_name":"E","contacts":["jana@kunde.example"],
            "lines":[{"line_number":1,"sku":"S","quantity":3,"license_type":"perpetual","buying_model":"transactional","smart_enabled":true}]})"));
        ASSERT_EQ(r.status, 201U) << r.body;
    }

    json::object OpenCase(const std::string& token, json::object extra = {}) {
        json::object body{
            {"category", "software_licensing"}, {"subject", "Licenses missing"}, {"description", "Please help."}};
        for (auto& kv : extra) body[kv.key()] = kv.value();
        auto r = As(token)->Post("/api/v1/cases", json::value(body));
        EXPECT_EQ(r.status, 201U) << r.body;
        return r.json().as_object();
    }

    std::string jana_, luc_, support_, erp_;
};

TEST_F(CasesApi, LifecycleWithMailToTheOpenerInTheirLanguage) {
    SmtpListener smtp;
    StartServer({"--smtp", smtp.url(), "--jobs-interval-ms", "50"});
    Order("SO-C1");
    const auto c = OpenCase(jana_, {{"order_number", "WSO-C1"}});
    EXPECT_EQ(std::string(c.at("number").as_string()).rfind("CS-", 0), 0U);
    EXPECT_EQ(c.at("status"), "open");
    EXPECT_EQ(c.at("order_number"), "SO-C1");
    const std::string id = std::to_string(c.at("id").as_int64());
    // The opener sees their case; someone else does not.
    EXPECT_EQ(As(jana_)->Get("/api/v1/cases").json().at("items").as_array().size(), 1U);
    EXPECT_EQ(As(luc_)->Get("/api/v1/cases/" + id).status, 404U);
    EXPECT_EQ(As(luc_)->Get("/api/v1/cases").json().at("items").as_array().size(), 0U);
    // Support's queue, filtered.
    EXPECT_EQ(As(support_)->Get("/api/v1/cases?status=open").json().at("items").as_array().size(), 1U);
    EXPECT_EQ(As(support_)->Get("/api/v1/cases?status=closed").json().at("items").as_array().size(), 0U);
    EXPECT_EQ(As(support_)->Get("/api/v1/cases?order_number=SO-C1").json().at("items").as_array().size(), 1U);
    // A reply from support is mailed to the opener, in German.
    ASSERT_EQ(
        As(support_)->Post("/api/v1/cases/" + id + "/comments", json::value{{"body", "Assigned it for you."}}).status,
        201U);
    ASSERT_TRUE(smtp.WaitForRecipient("jana@kunde.example", seconds(20)));
    bool reply = false;
    const auto deadline = std::chrono::steady_clock::now() + seconds(20);
    while (!reply && std::chrono::steady_clock::now() < deadline) {
        for (const auto& m : smtp.mails()) {
            reply =
                reply || (m.to.at(0) == "jana@kunde.example" && m.Subject().find("geantwortet") != std::string::npos &&
                          m.Text().find("Assigned it for you.") != std::string::npos);
        }
        if (!reply) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(reply);
    ASSERT_EQ(As(jana_)->Post("/api/v1/cases/" + id + "/comments", json::value{{"body", "Danke!"}}).status, 201U);
    auto thread = As(jana_)->Get("/api/v1/cases/" + id).json();
    ASSERT_EQ(thread.at("comments").as_array().size(), 2U);
    EXPECT_EQ(thread.at("comments").at(0).at("author_is_support"), true);
    EXPECT_EQ(thread.at("comments").at(1).at("author_is_support"), false);
    // Only support changes the status; closing mails the opener and stops comments.
    EXPECT_EQ(As(jana_)->Send("PATCH", "/api/v1/cases/" + id, R"({"status":"closed"})").status, 403U);
    auto closed = As(support_)->Send("PATCH", "/api/v1/cases/" + id, R"({"status":"closed"})");
    ASSERT_EQ(closed.status, 200U) << closed.body;
    EXPECT_EQ(closed.json().at("status"), "closed");
    auto after = As(jana_)->Post("/api/v1/cases/" + id + "/comments", json::value{{"body", "noch was"}});
    EXPECT_EQ(after.status, 409U);
    EXPECT_EQ(after.problem_code(), "case_closed");
    auto admin = As(admin_token_);
    const auto mails = admin->Get("/api/v1/admin/outbox?to=jana@kunde.example").json();
    bool status_mail = false;
    for (const auto& m : mails.at("items").as_array()) status_mail |= m.at("template") == "case_status";
    EXPECT_TRUE(status_mail);
}

TEST_F(CasesApi, BadInputIsNamedAndLinksMustBeVisible) {
    Order("SO-C2");
    auto bad = As(luc_)->Post("/api/v1/cases",
                              json::value{{"category", "hardware"}, {"subject", ""}, {"order_number", "SO-C2"}});
    EXPECT_EQ(bad.status, 422U);
    EXPECT_EQ(bad.error_fields(), "category,subject,description");
    auto hidden = As(luc_)->Post(
        "/api/v1/cases",
        json::value{
            {"category", "software_licensing"}, {"subject", "x"}, {"description", "y"}, {"order_number", "SO-C2"}});
    EXPECT_EQ(hidden.status, 422U);
    EXPECT_EQ(hidden.error_fields(), "order_number") << "luc is no contact of SO-C2";
    EXPECT_EQ(As(jana_)->Send("PATCH", "/api/v1/cases/999999", R"({"status":"closed"})").status, 404U);
    EXPECT_EQ(As(support_)->Send("PATCH", "/api/v1/cases/1", R"({"status":"solved"})").error_fields(), "status");
}

TEST_F(CasesApi, SupportActsOnBehalfOnlyCitingAnExistingCase) {
    Order("SO-C3");
    auto account =
        As(jana_)->Post("/api/v1/smart-accounts",
                        json::value{{"name", "Kunde GmbH"}, {"domain", "kunde.example"}, {"kind", "customer"}});
    ASSERT_EQ(account.status, 201U);
    const auto sa = account.json().at("id").as_int64();
    const auto va = account.json().at("virtual_accounts").at(0).at("id").as_int64();
    auto assign = [&](const std::string& case_number) {
        json::object body{{"smart_account_id", sa}, {"virtual_account_id", va}, {"accept_terms", true}};
        if (!case_number.empty()) body["case_number"] = case_number;
        return As(support_)->Post("/api/v1/orders/SO-C3/assignments", json::value(body));
    };
    EXPECT_EQ(assign("").problem_code(), "case_number_required");
    auto forged = assign("CS-999999");
    EXPECT_EQ(forged.status, 422U);
    EXPECT_EQ(forged.error_fields(), "case_number");
    EXPECT_EQ(forged.json().at("errors").at(0).at("message"), "There is no case CS-999999.");
    const auto c = OpenCase(jana_, {{"order_number", "SO-C3"}});
    const std::string number(c.at("number").as_string());
    auto ok = assign(number);
    ASSERT_EQ(ok.status, 200U) << ok.body;
    // The customer sees who acted and under which case in the order's history.
    auto history = As(jana_)->Get("/api/v1/orders/SO-C3/history").json().at("items");
    EXPECT_EQ(history.at(1).at("action"), "order.assign");
    EXPECT_EQ(history.at(1).at("case_number").as_string(), number);
    EXPECT_EQ(history.at(1).at("actor"), "sup@vendor.example");
    // A closed case no longer authorises anything.
    ASSERT_EQ(As(support_)
                  ->Send("PATCH", "/api/v1/cases/" + std::to_string(c.at("id").as_int64()), R"({"status":"closed"})")
                  .status,
              200U);
    EXPECT_EQ(assign(number).error_fields(), "case_number");
}

}  // namespace
}  // namespace entitled::testing
