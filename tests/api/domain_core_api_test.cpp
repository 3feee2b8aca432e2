// The paths that reached one effect under different rules (issue "Domain
// core"), tried over HTTP on the demo world, each followed by a clean
// `entitled check`: parked licenses re-assigned into a pending account, a
// re-assignment moving licenses devices use, a transfer read by id by
// someone no list shows it to, a case linked to any transfer, a Virtual
// Account that could not be deleted after its device was.
#include <gtest/gtest.h>

#include "api_fixture.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class DomainCoreApi : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        server_.reset();
        auto demo = RunEntitled({"demo", "--database", url_});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        StartServer();
        for (const char* who :
             {"paula@partner.example", "jana@kunde.example", "luc@client.example", "support@vendor.example"}) {
            auto token = RunEntitled({"token", "add", "--database", url_, "--email", who, "--name", "tests"});
            ASSERT_EQ(token.exit_code, 0) << token.err;
            std::string t = token.out;
            while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
            tokens_[who] = t;
        }
    }

    std::unique_ptr<HttpClient> As(const std::string& email) {
        auto c = NewClient();
        c->SetBearer(tokens_.at(email));
        return c;
    }

    // The id of an account the caller finds by name, and of one of its VAs (by name, "DEFAULT" when not given).
    std::pair<std::int64_t, std::int64_t> Place(const std::string& account, const std::string& va) {
        auto found = As("jana@kunde.example")->Get("/api/v1/smart-accounts?by=name&q=" + Escape(account));
        EXPECT_EQ(found.status, 200U) << found.body;
        std::int64_t id = 0;
        const auto accounts = found.json();
        for (const auto& a : accounts.at("items").as_array()) {
            if (a.at("name") == account.c_str()) id = a.at("id").as_int64();
        }
        auto vas = As("jana@kunde.example")
                       ->Get("/api/v1/smart-accounts/" + std::to_string(id) + "/virtual-accounts?for_assignment=true");
        EXPECT_EQ(vas.status, 200U) << vas.body;
        const auto items = vas.json();
        for (const auto& v : items.at("items").as_array()) {
            if (v.at("name") == va.c_str()) return {id, v.at("id").as_int64()};
        }
        ADD_FAILURE() << "no VA " << va << " in " << account;
        return {id, 0};
    }

    static std::string Escape(const std::string& s) {
        std::string out;
        for (char c : s) out += c == ' ' ? std::string("%20") : std::string(1, c);
        return out;
    }

    HttpResponse Assign(const std::string& who, const std::string& order,
                        const std::pair<std::int64_t, std::int64_t>& to, json::array lines = {},
                        const std::string& case_number = "") {
        json::object body{{"smart_account_id", to.first}, {"virtual_account_id", to.second}, {"accept_terms", true}};
        if (!lines.empty()) body["line_numbers"] = std::move(lines);
        if (!case_number.empty()) body["case_number"] = case_number;
        return As(who)->Post("/api/v1/orders/" + order + "/assignments", json::value(body));
    }

    std::string LineAccount(const std::string& order, int line) {
        const auto o = As("support@vendor.example")->Get("/api/v1/orders/" + order).json();
        for (const auto& l : o.at("lines").as_array()) {
            if (l.at("line_number").as_int64() == line) {
                const auto& va = l.at("virtual_account");
                return va.is_null() ? ""
                                    : std::string(l.at("smart_account").at("name").as_string()) + "/" +
                                          std::string(va.at("name").as_string());
            }
        }
        return "?";
    }

    void ExpectCheckClean(const std::string& step) {
        auto check = RunEntitled({"check", "--database", url_});
        EXPECT_EQ(check.exit_code, 0) << "after " << step << ":\n" << check.out << check.err;
    }

    std::map<std::string, std::string> tokens_;
};

TEST_F(DomainCoreApi, ParkedLicensesAreNotReassignedIntoAPendingAccount) {
    const auto pending = Place("Neukunde AG", "DEFAULT");
    auto refused = Assign("paula@partner.example", "SO-1003", pending);
    EXPECT_EQ(refused.status, 409U) << refused.body;
    EXPECT_EQ(refused.problem_code(), "smart_account_not_active");
    EXPECT_NE(refused.json().at("detail").as_string().find("Neukunde AG"), std::string::npos) << refused.body;
    auto by_support = Assign("support@vendor.example", "SO-1003", pending, {}, "CS-100001");
    EXPECT_EQ(by_support.status, 409U) << by_support.body;
    EXPECT_EQ(LineAccount("SO-1003", 1), "Partner Holding (Paula)/DEFAULT") << "nothing moved";
    ExpectCheckClean("refused re-assignment");
    // An order not yet deposited may wait there, on Smart Account hold.
    auto waiting = Assign("paula@partner.example", "SO-1001", pending, json::array{1});
    EXPECT_EQ(waiting.status, 200U) << waiting.body;
    ExpectCheckClean("assignment to a pending account");
}

TEST_F(DomainCoreApi, ReassigningWithinACustomerAccountObeysTheLicenseMoveRules) {
    const auto labor = Place("Kunde GmbH", "Labor");
    const auto produktion = Place("Kunde GmbH", "Produktion");
    // Paula, a contact of SO-1001 and no member of Kunde GmbH, assigns its line 1 there.
    ASSERT_EQ(Assign("paula@partner.example", "SO-1001", labor, json::array{1}).status, 200U);
    // A device in Labor uses all 10 of its licenses.
    auto token = As("jana@kunde.example")
                     ->Post("/api/v1/virtual-accounts/" + std::to_string(labor.second) + "/tokens",
                            json::value{{"description", "test"}, {"expires_in_days", 1}, {"max_uses", 1}});
    ASSERT_EQ(token.status, 201U) << token.body;
    auto device = NewClient()->Post("/api/v1/devices/register", json::value{{"token", token.json().at("token")},
                                                                            {"name", "lab-sw-99"},
                                                                            {"serial", "FCW0000T001"},
                                                                            {"product", "C9300-48P"},
                                                                            {"deployment", "cloud"}});
    ASSERT_EQ(device.status, 201U) << device.body;
    auto usage =
        NewClient()->Post("/api/v1/usage-reports",
                          json::value(json::array{json::object{
                              {"device_id", device.json().at("device_id")},
                              {"device_secret", device.json().at("device_secret")},
                              {"usage", json::array{json::object{{"product", "C9300-DNA-E-3Y"}, {"count", 10}}}}}}));
    ASSERT_EQ(usage.status, 200U) << usage.body;

    auto by_contact = Assign("paula@partner.example", "SO-1001", produktion, json::array{1});
    EXPECT_EQ(by_contact.status, 403U) << by_contact.body;
    EXPECT_EQ(by_contact.problem_code(), "license_move_forbidden");
    auto by_admin = Assign("jana@kunde.example", "SO-1001", produktion, json::array{1});
    EXPECT_EQ(by_admin.status, 409U) << by_admin.body;
    EXPECT_EQ(by_admin.problem_code(), "insufficient_licenses");
    // The license-move endpoint answers the same move the same way.
    auto moved =
        As("jana@kunde.example")
            ->Post("/api/v1/virtual-accounts/" + std::to_string(labor.second) + "/license-moves",
                   json::value{
                       {"to_virtual_account_id", produktion.second}, {"product", "C9300-DNA-E-3Y"}, {"quantity", 10}});
    EXPECT_EQ(moved.status, 409U) << moved.body;
    EXPECT_EQ(LineAccount("SO-1001", 1), "Kunde GmbH/Labor");
    ExpectCheckClean("refused moves");
}

TEST_F(DomainCoreApi, ATransferIsReadByIdOnlyByWhomItsListsShowIt) {
    auto jana = As("jana@kunde.example")->Get("/api/v1/transfers?role=requester");
    ASSERT_EQ(jana.status, 200U);
    const auto mine = jana.json();
    ASSERT_FALSE(mine.at("items").as_array().empty());
    for (const auto& t : mine.at("items").as_array()) {
        const std::string number(t.at("id").as_string());
        // Luc is a va_viewer of Produktion in the source account; the Berlin transfer names nobody he is.
        bool listed = false;
        for (const char* role : {"requester", "transferee"}) {
            const auto list = As("luc@client.example")->Get(std::string("/api/v1/transfers?role=") + role).json();
            for (const auto& item : list.at("items").as_array()) listed = listed || item.at("id") == number.c_str();
        }
        auto read = As("luc@client.example")->Get("/api/v1/transfers/" + number);
        EXPECT_EQ(read.status, listed ? 200U : 404U) << number << " " << read.body;
        if (!listed) {
            EXPECT_EQ(read.body.find("+49"), std::string::npos) << "no requester phone";
        }
    }
}

TEST_F(DomainCoreApi, ACaseLinksOnlyATransferTheOpenerCanSee) {
    auto jana = As("jana@kunde.example")->Get("/api/v1/transfers?role=requester");
    const std::string number(jana.json().at("items").at(0).at("id").as_string());
    for (const std::string& bad : {std::string("garbage"), number}) {
        auto refused = As("paula@partner.example")
                           ->Post("/api/v1/cases", json::value{{"category", "software_licensing"},
                                                               {"subject", "S"},
                                                               {"description", "D"},
                                                               {"transfer_id", bad}});
        EXPECT_EQ(refused.status, 422U) << bad << " " << refused.body;
        EXPECT_EQ(refused.error_fields(), "transfer_id");
    }
    auto opened = As("jana@kunde.example")
                      ->Post("/api/v1/cases", json::value{{"category", "software_licensing"},
                                                          {"subject", "S"},
                                                          {"description", "D"},
                                                          {"transfer_id", number}});
    EXPECT_EQ(opened.status, 201U) << opened.body;
}

TEST_F(DomainCoreApi, AVirtualAccountWhoseDeviceWasDeletedCanBeDeleted) {
    const auto kunde = Place("Kunde GmbH", "DEFAULT");
    auto va = As("jana@kunde.example")
                  ->Post("/api/v1/smart-accounts/" + std::to_string(kunde.first) + "/virtual-accounts",
                         json::value{{"name", "Testfeld"}, {"description", ""}});
    ASSERT_EQ(va.status, 201U) << va.body;
    const std::string va_id = std::to_string(va.json().at("id").as_int64());
    auto token = As("jana@kunde.example")
                     ->Post("/api/v1/virtual-accounts/" + va_id + "/tokens",
                            json::value{{"description", "t"}, {"expires_in_days", 1}, {"max_uses", 1}});
    ASSERT_EQ(token.status, 201U);
    auto device = NewClient()->Post("/api/v1/devices/register", json::value{{"token", token.json().at("token")},
                                                                            {"name", "sw"},
                                                                            {"serial", "FCW0000T002"},
                                                                            {"product", "C9200-24P"},
                                                                            {"deployment", "cloud"}});
    ASSERT_EQ(device.status, 201U) << device.body;
    EXPECT_EQ(As("jana@kunde.example")->Send("DELETE", "/api/v1/virtual-accounts/" + va_id, "").status, 409U);
    auto gone = As("jana@kunde.example")
                    ->Send("DELETE", "/api/v1/devices/" + std::to_string(device.json().at("device_id").as_int64()), "");
    ASSERT_EQ(gone.status, 204U) << gone.body;
    auto deleted = As("jana@kunde.example")->Send("DELETE", "/api/v1/virtual-accounts/" + va_id, "");
    EXPECT_EQ(deleted.status, 204U) << deleted.body;
    ExpectCheckClean("deleted virtual account");
}

}  // namespace
}  // namespace entitled::testing
