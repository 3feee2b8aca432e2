// Licenses and devices (SPEC §4): deposit → inventory → moves between VAs →
// registration tokens → devices → usage reports → shortage → delete, with
// `entitled check` clean after every step and failing on a corrupted copy.
#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class LicensesApi : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        paula_ = CreateUserWithToken("paula@partner.example", "Paula");
        stranger_ = CreateUserWithToken("eve@elsewhere.example", "Eve");
        auto r =
            As(jana_)->Post("/api/v1/smart-accounts",
                            json::value{{"name", "Kunde GmbH"}, {"domain", "kunde.example"}, {"kind", "customer"}});
        ASSERT_EQ(r.status, 201U) << r.body;
        kunde_ = r.json().at("id").as_int64();
        kunde_default_ = r.json().at("virtual_accounts").at(0).at("id").as_int64();
        auto va = As(jana_)->Post(Path("/virtual-accounts"), json::value{{"name", "Produktion"}});
        ASSERT_EQ(va.status, 201U) << va.body;
        production_ = va.json().at("id").as_int64();
    }

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    std::string Path(const std::string& rest, std::int64_t sa = 0) {
        return "/api/v1/smart-accounts/" + std::to_string(sa == 0 ? kunde_ : sa) + rest;
    }

    // An order of 10 "SW-ADV" (transactional) and 5 "SW-EA" (Enterprise Agreement), assigned and shipped.
    void DepositOrder(const std::string& so, std::int64_t sa, std::int64_t va, const std::string& token) {
        auto order = As(erp_)->Post(
            "/api/v1/orders", json::value{{"sales_order_number", so},
                                          {"web_order_number", "W" + so},
                                          {"purchaser_name", "Paula Partner Ltd"},
                                          {"end_customer_name", "Kunde GmbH"},
                                          {"contacts", json::array{"jana@kunde.example", "paula@partner.example"}},
                                          {"lines", json::array{json::object{{"line_number", 1},
                                                                             {"sku", "SW-ADV"},
                                                                             {"quantity", 10},
                                                                             {"license_type", "perpetual"},
                                                                             {"buying_model", "transactional"},
                                                                             {"smart_enabled", true}},
                                                                json::object{{"line_number", 2},
                                                                             {"sku", "SW-EA"},
                                                                             {"quantity", 5},
                                                                             {"license_type", "term"},
                                                                             {"term_months", 12},
                                                                             {"buying_model", "enterprise_agreement"},
                                                                             {"smart_enabled", true}}}}});
        ASSERT_EQ(order.status, 201U) << order.body;
        auto assigned =
            As(token)->Post("/api/v1/orders/" + so + "/assignments",
                            json::value{{"smart_account_id", sa}, {"virtual_account_id", va}, {"accept_terms", true}});
        ASSERT_EQ(assigned.status, 200U) << assigned.body;
        auto shipped =
            As(erp_)->Post("/api/v1/orders/" + so + "/shipments", json::value{{"line_numbers", json::array{1, 2}}});
        ASSERT_EQ(shipped.status, 200U) << shipped.body;
    }

    // The summary row of one product in one VA (purchased, in_use, … all 0 when absent).
    json::object Totals(std::int64_t va, const std::string& product, std::int64_t sa = 0) {
        auto r = As(jana_)->Get(Path("/license-summary?virtual_account_id=" + std::to_string(va), sa));
        EXPECT_EQ(r.status, 200U) << r.body;
        const auto body = r.json();
        for (const auto& item : body.at("items").as_array()) {
            if (item.at("product") == product.c_str()) return item.as_object();
        }
        return {{"purchased", 0}, {"in_use", 0}, {"reserved", 0}, {"available", 0}, {"shortage", 0}};
    }

    HttpResponse Move(std::int64_t from, std::int64_t to, const std::string& product, std::int64_t quantity,
                      const std::string& token = "") {
        return As(token.empty() ? jana_ : token)
            ->Post("/api/v1/virtual-accounts/" + std::to_string(from) + "/license-moves",
                   json::value{{"to_virtual_account_id", to}, {"product", product}, {"quantity", quantity}});
    }

    HttpResponse CreateToken(std::int64_t va, int max_uses, const std::string& token = "") {
        return As(token.empty() ? jana_ : token)
            ->Post("/api/v1/virtual-accounts/" + std::to_string(va) + "/tokens",
                   json::value{{"description", "Rack 4"}, {"expires_in_days", 30}, {"max_uses", max_uses}});
    }

    HttpResponse Register(const std::string& token, const std::string& serial, const std::string& product = "SW-BOX") {
        return NewClient()->Post("/api/v1/devices/register", json::value{{"token", token},
                                                                         {"name", "device " + serial},
                                                                         {"serial", serial},
                                                                         {"product", product},
                                                                         {"deployment", "cloud"}});
    }

    HttpResponse Report(const json::array& batch) {
        return NewClient()->Post("/api/v1/usage-reports", json::value(batch));
    }

    static json::object Usage(const json::object& device, const std::string& product, std::int64_t count) {
        return {{"device_id", device.at("device_id")},
                {"device_secret", device.at("device_secret")},
                {"usage", json::array{json::object{{"product", product}, {"count", count}}}}};
    }

    void ExpectCheckClean(const std::string& step) {
        auto check = RunEntitled({"check", "--database", url_});
        EXPECT_EQ(check.exit_code, 0) << "after " << step << ":\n" << check.out << check.err;
    }

    void Exec(const std::string& url, const std::string& sql) {
        auto db = storage::OpenDatabase(url);
        ASSERT_TRUE(db.ok());
        auto r = (*db)->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) { return tx.Exec(sql); });
        ASSERT_TRUE(r.ok()) << r.error().internal;
    }

    std::string erp_, jana_, paula_, stranger_;
    std::int64_t kunde_ = 0, kunde_default_ = 0, production_ = 0;
};

TEST_F(LicensesApi, DepositMoveRegisterReportShortageDeleteAndCheck) {
    DepositOrder("SO-7001", kunde_, kunde_default_, jana_);
    ExpectCheckClean("deposit");

    // The inventory: two lots with their source, and per-product totals.
    auto lots = As(jana_)->Get(Path("/licenses"));
    ASSERT_EQ(lots.status, 200U) << lots.body;
    ASSERT_EQ(lots.json().at("items").as_array().size(), 2U);
    const auto lots_json = lots.json();
    const auto& lot = lots_json.at("items").at(0);
    EXPECT_EQ(lot.at("product"), "SW-ADV");
    EXPECT_EQ(lot.at("quantity"), 10);
    EXPECT_EQ(lot.at("available"), 10);
    EXPECT_EQ(lot.at("source").at("order"), "SO-7001");
    EXPECT_EQ(lot.at("source").at("line_number"), 1);
    EXPECT_EQ(lots_json.at("items").at(1).at("buying_model"), "enterprise_agreement");
    EXPECT_FALSE(lots_json.at("items").at(1).at("ends_at").is_null());
    EXPECT_EQ(Totals(kunde_default_, "SW-ADV").at("purchased"), 10);
    EXPECT_EQ(As(stranger_)->Get(Path("/licenses")).status, 404U);

    // Moves between VAs: never more than available, never to the same VA or another account.
    auto moved = Move(kunde_default_, production_, "SW-ADV", 4);
    ASSERT_EQ(moved.status, 200U) << moved.body;
    EXPECT_EQ(moved.json().at("from").at("available"), 6);
    EXPECT_EQ(moved.json().at("to").at("purchased"), 4);
    auto too_many = Move(kunde_default_, production_, "SW-ADV", 7);
    EXPECT_EQ(too_many.status, 409U);
    EXPECT_EQ(too_many.json().at("code"), "insufficient_licenses");
    EXPECT_NE(std::string(too_many.json().at("detail").as_string()).find("6"), std::string::npos) << too_many.body;
    auto same = Move(kunde_default_, kunde_default_, "SW-ADV", 1);
    EXPECT_EQ(same.status, 422U);
    EXPECT_EQ(same.json().at("errors").at(0).at("field"), "to_virtual_account_id");
    EXPECT_EQ(Move(kunde_default_, production_, "NO-SUCH", 1).json().at("errors").at(0).at("field"), "product");
    EXPECT_EQ(Move(kunde_default_, production_, "SW-ADV", 0).json().at("errors").at(0).at("field"), "quantity");
    EXPECT_EQ(Move(kunde_default_, production_, "SW-ADV", 1, stranger_).status, 404U);
    EXPECT_EQ(Totals(kunde_default_, "SW-ADV").at("purchased"), 6);
    ExpectCheckClean("moves");

    // Registration tokens: the secret once, then only its description and status.
    auto token = CreateToken(production_, 2);
    ASSERT_EQ(token.status, 201U) << token.body;
    const std::string secret(token.json().at("token").as_string());
    auto listed = As(jana_)->Get("/api/v1/virtual-accounts/" + std::to_string(production_) + "/tokens");
    ASSERT_EQ(listed.status, 200U);
    EXPECT_FALSE(listed.json().at("items").at(0).as_object().contains("token"));
    EXPECT_EQ(listed.json().at("items").at(0).at("status"), "active");
    EXPECT_EQ(listed.body.find(secret), std::string::npos);

    // Devices: two registrations use the token up; serials are unique per account.
    auto a = Register(secret, "SN-A");
    ASSERT_EQ(a.status, 201U) << a.body;
    EXPECT_EQ(a.json().at("virtual_account_id"), production_);
    auto b = Register(secret, "SN-B");
    ASSERT_EQ(b.status, 201U) << b.body;
    auto used_up = Register(secret, "SN-C");
    EXPECT_EQ(used_up.status, 422U);
    EXPECT_EQ(used_up.json().at("errors").at(0).at("code"), "token_used_up");
    auto second = CreateToken(production_, 5);
    const std::string secret2(second.json().at("token").as_string());
    auto duplicate = Register(secret2, "SN-A");
    EXPECT_EQ(duplicate.status, 409U);
    EXPECT_EQ(duplicate.json().at("code"), "serial_taken");
    EXPECT_EQ(Register("rt_forged", "SN-D").json().at("errors").at(0).at("code"), "invalid_token");
    // Revoked and expired tokens are refused.
    const auto second_id = std::to_string(second.json().at("id").as_int64());
    EXPECT_EQ(
        As(jana_)
            ->Send("DELETE", "/api/v1/virtual-accounts/" + std::to_string(production_) + "/tokens/" + second_id, "")
            .status,
        204U);
    EXPECT_EQ(Register(secret2, "SN-E").json().at("errors").at(0).at("code"), "token_revoked");
    auto third = CreateToken(production_, 5);
    Exec(url_, "UPDATE registration_tokens SET expires_at = 0 WHERE id = " +
                   std::to_string(third.json().at("id").as_int64()));
    EXPECT_EQ(Register(std::string(third.json().at("token").as_string()), "SN-F").json().at("errors").at(0).at("code"),
              "token_expired");
    ExpectCheckClean("registrations");

    // Usage reports: a batch with a wrong secret or a bad entry changes nothing and names the entry.
    const auto dev_a = a.json().as_object();
    const auto dev_b = b.json().as_object();
    auto ok = Report({Usage(dev_a, "SW-ADV", 3), Usage(dev_b, "SW-ADV", 2)});
    ASSERT_EQ(ok.status, 200U) << ok.body;
    EXPECT_EQ(ok.json().at("accepted"), 2);
    auto forged = dev_b;
    forged["device_secret"] = "ds_forged";
    auto bad_secret = Report({Usage(dev_a, "SW-ADV", 1), Usage(forged, "SW-ADV", 1)});
    EXPECT_EQ(bad_secret.status, 401U);
    EXPECT_EQ(bad_secret.json().at("errors").at(0).at("field"), "[1].device_secret");
    auto bad_entry = Report({Usage(dev_a, "SW-ADV", 1), Usage(dev_b, "SW-ADV", -1)});
    EXPECT_EQ(bad_entry.status, 422U);
    EXPECT_EQ(bad_entry.json().at("errors").at(0).at("field"), "[1].usage[0].count");
    EXPECT_EQ(Report({Usage(dev_a, "SW-ADV", 1), Usage(dev_a, "SW-ADV", 1)}).json().at("errors").at(0).at("field"),
              "[1].device_id");
    EXPECT_EQ(NewClient()->Post("/api/v1/usage-reports", std::string(R"({"device_id":1})")).status, 422U);

    // 5 in use of 4 purchased in Produktion: a shortage of 1, nothing available, nothing to move.
    auto production = Totals(production_, "SW-ADV");
    EXPECT_EQ(production.at("in_use"), 5);
    EXPECT_EQ(production.at("available"), 0);
    EXPECT_EQ(production.at("shortage"), 1);
    EXPECT_EQ(Move(production_, kunde_default_, "SW-ADV", 1).status, 409U);
    auto devices = As(jana_)->Get(Path("/devices?virtual_account_id=" + std::to_string(production_)));
    ASSERT_EQ(devices.status, 200U);
    ASSERT_EQ(devices.json().at("items").as_array().size(), 2U);
    EXPECT_EQ(devices.json().at("items").at(0).at("usage").at(0).at("count"), 3);
    EXPECT_FALSE(devices.json().at("items").at(0).at("last_seen_at").is_null());
    EXPECT_EQ(As(jana_)->Get("/api/v1/find?q=SN-B").json().at("device").at("virtual_account").at("name"), "Produktion");
    auto csv = As(jana_)->Get(Path("/devices?format=csv"));
    EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv.body.find("SN-B"), std::string::npos);
    EXPECT_NE(As(jana_)->Get(Path("/licenses?format=csv")).body.find("SO-7001"), std::string::npos);
    ExpectCheckClean("usage");

    // Deleting a device frees its usage; its secret stops working.
    const auto b_id = std::to_string(dev_b.at("device_id").as_int64());
    EXPECT_EQ(As(stranger_)->Send("DELETE", "/api/v1/devices/" + b_id, "").status, 404U);
    EXPECT_EQ(As(jana_)->Send("DELETE", "/api/v1/devices/" + b_id, "").status, 204U);
    production = Totals(production_, "SW-ADV");
    EXPECT_EQ(production.at("in_use"), 3);
    EXPECT_EQ(production.at("shortage"), 0);
    EXPECT_EQ(production.at("available"), 1);
    EXPECT_EQ(Report({Usage(dev_b, "SW-ADV", 1)}).status, 401U);
    EXPECT_EQ(As(jana_)->Get(Path("/asset-summary")).json().at("devices"), 1);
    ExpectCheckClean("delete");

    // `entitled check` fails loudly on a corrupted copy, and the original stays clean.
    server_.reset();
    const std::string copy = CopyDatabase(url_);
    Exec(copy, "UPDATE license_lots SET quantity = quantity + 1 WHERE product = 'SW-EA'");
    Exec(copy, "UPDATE device_usage SET virtual_account_id = " + std::to_string(kunde_default_));
    auto corrupted = RunEntitled({"check", "--database", copy});
    EXPECT_EQ(corrupted.exit_code, 1);
    EXPECT_NE(corrupted.out.find("lot balance equals its ledger"), std::string::npos) << corrupted.out;
    EXPECT_NE(corrupted.out.find("a line's licenses add up to its quantity"), std::string::npos) << corrupted.out;
    EXPECT_NE(corrupted.out.find("usage belongs to live devices"), std::string::npos) << corrupted.out;
    ExpectCheckClean("corrupting a copy");
}

TEST_F(LicensesApi, HoldingLicensesAreNeverAvailableToDevicesAndMoveWithTheirLine) {
    auto holding =
        As(paula_)->Post("/api/v1/smart-accounts",
                         json::value{{"name", "Partner Holding"}, {"domain", "partner.example"}, {"kind", "holding"}});
    ASSERT_EQ(holding.status, 201U) << holding.body;
    const auto sa = holding.json().at("id").as_int64();
    const auto parked = holding.json().at("virtual_accounts").at(0).at("id").as_int64();
    auto shelf = As(paula_)->Post(Path("/virtual-accounts", sa), json::value{{"name", "Shelf"}});
    ASSERT_EQ(shelf.status, 201U) << shelf.body;
    const auto shelf_va = shelf.json().at("id").as_int64();
    DepositOrder("SO-7002", sa, parked, paula_);

    // Parked licenses are visible but devices cannot use them.
    auto token = CreateToken(parked, 1, paula_);
    auto device = Register(std::string(token.json().at("token").as_string()), "SN-H");
    ASSERT_EQ(device.status, 201U) << device.body;
    ASSERT_EQ(Report({Usage(device.json().as_object(), "SW-ADV", 2)}).status, 200U);
    auto totals = As(paula_)->Get(Path("/license-summary?virtual_account_id=" + std::to_string(parked), sa));
    const auto totals_json = totals.json();
    const auto& row = totals_json.at("items").at(0);
    EXPECT_EQ(row.at("product"), "SW-ADV");
    EXPECT_EQ(row.at("purchased"), 10);
    EXPECT_EQ(row.at("available"), 0);
    EXPECT_EQ(row.at("shortage"), 2);
    EXPECT_EQ(As(paula_)->Get(Path("/licenses", sa)).json().at("items").at(0).at("usable"), false);

    // Split the lot across the holding account's VAs, then hand the line to the
    // customer: every part follows the line into one lot there.
    ASSERT_EQ(Move(parked, shelf_va, "SW-ADV", 3, paula_).status, 200U);
    ExpectCheckClean("split in the holding account");
    auto reassigned =
        As(paula_)->Post("/api/v1/orders/SO-7002/assignments", json::value{{"smart_account_id", kunde_},
                                                                           {"virtual_account_id", production_},
                                                                           {"line_numbers", json::array{1}},
                                                                           {"accept_terms", true}});
    ASSERT_EQ(reassigned.status, 200U) << reassigned.body;
    auto here = Totals(production_, "SW-ADV");
    EXPECT_EQ(here.at("purchased"), 10);
    EXPECT_EQ(here.at("available"), 10);
    EXPECT_EQ(As(paula_)
                  ->Get(Path("/license-summary?virtual_account_id=" + std::to_string(shelf_va), sa))
                  .json()
                  .at("items")
                  .as_array()
                  .size(),
              0U);
    ExpectCheckClean("re-assignment to the customer");
}

TEST_F(LicensesApi, BadTokenDeviceAndMoveFieldsAreNamedAndNothingIsApplied) {
    auto token = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(production_) + "/tokens",
                                 json::value{{"description", ""},
                                             {"expires_in_days", 0},
                                             {"max_uses", "many"},
                                             {"export_controlled", "yes"},
                                             {"colour", "red"}});
    EXPECT_EQ(token.status, 422U);
    EXPECT_EQ(token.error_fields(), "description,expires_in_days,max_uses,export_controlled,colour");
    EXPECT_EQ(As(jana_)
                  ->Get("/api/v1/virtual-accounts/" + std::to_string(production_) + "/tokens")
                  .json()
                  .at("items")
                  .as_array()
                  .size(),
              0U);
    auto device = NewClient()->Post("/api/v1/devices/register", json::value{{"token", "rt_x"},
                                                                            {"name", ""},
                                                                            {"serial", std::string(101, 'S')},
                                                                            {"product", 5},
                                                                            {"deployment", "edge"}});
    EXPECT_EQ(device.status, 422U);
    EXPECT_EQ(device.error_fields(), "name,serial,product,deployment");
    auto move = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(kunde_default_) + "/license-moves",
                                json::value{{"to_virtual_account_id", "x"}, {"product", ""}, {"quantity", -3}});
    EXPECT_EQ(move.status, 422U);
    EXPECT_EQ(move.error_fields(), "to_virtual_account_id,product,quantity");
    EXPECT_EQ(NewClient()->Post("/api/v1/usage-reports", std::string("[{]")).status, 400U);
    EXPECT_EQ(NewClient()->Post("/api/v1/usage-reports", std::string("[]")).error_fields(), "body");
    EXPECT_EQ(As(jana_)->Get(Path("/licenses?virtual_account_id=abc")).error_fields(), "virtual_account_id");
    ExpectCheckClean("refused input");
}

}  // namespace
}  // namespace entitled::testing
