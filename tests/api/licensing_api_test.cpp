// Product-side licensing (SPEC §8): published keys, check-ins with signed
// authorizations, floating leases that never exceed their pool — on both
// engines, with `entitled check` after the scenarios, and the real device
// client (entitled-device) as the device.
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "api_fixture.hpp"
#include "common/clock.hpp"
#include "common/signed_document.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class LicensingApi : public ApiTest {
  protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        ApiTest::SetUp();
        erp_ = CreateUserWithToken("erp@vendor.example", "ERP", {"--internal", "--flag", "order_integration"});
        jana_ = CreateUserWithToken("jana@kunde.example", "Jana", {"--locale", "de"});
        auto r =
            As(jana_)->Post("/api/v1/smart-accounts",
                            json::value{{"name", "Kunde GmbH"}, {"domain", "kunde.example"}, {"kind", "customer"}});
        ASSERT_EQ(r.status, 201U) << r.body;
        kunde_ = r.json().at("id").as_int64();
        va_ = r.json().at("virtual_accounts").at(0).at("id").as_int64();
    }

    std::unique_ptr<HttpClient> As(const std::string& token) {
        auto c = NewClient();
        c->SetBearer(token);
        return c;
    }

    // Deposits `quantity` of `sku` into the account's DEFAULT VA as device or floating licenses.
    void Deposit(const std::string& so, const std::string& sku, std::int64_t quantity, const std::string& model) {
        auto order = As(erp_)->Post("/api/v1/orders",
                                    json::value{{"sales_order_number", so},
                                                {"web_order_number", "W" + so},
                                                {"purchaser_name", "Kunde GmbH"},
                                                {"end_customer_name", "Kunde GmbH"},
                                                {"contacts", json::array{"jana@kunde.example"}},
                                                {"lines", json::array{json::object{{"line_number", 1},
                                                                                   {"sku", sku},
                                                                                   {"quantity", quantity},
                                                                                   {"license_type", "perpetual"},
                                                                                   {"buying_model", "transactional"},
                                                                                   {"smart_enabled", true},
                                                                                   {"license_model", model}}}}});
        ASSERT_EQ(order.status, 201U) << order.body;
        auto assigned = As(jana_)->Post(
            "/api/v1/orders/" + so + "/assignments",
            json::value{{"smart_account_id", kunde_}, {"virtual_account_id", va_}, {"accept_terms", true}});
        ASSERT_EQ(assigned.status, 200U) << assigned.body;
        auto shipped =
            As(erp_)->Post("/api/v1/orders/" + so + "/shipments", json::value{{"line_numbers", json::array{1}}});
        ASSERT_EQ(shipped.status, 200U) << shipped.body;
    }

    std::string NewToken(int max_uses = 100) {
        auto r = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(va_) + "/tokens",
                                 json::value{{"description", "lab"}, {"expires_in_days", 30}, {"max_uses", max_uses}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return std::string(r.json().at("token").as_string());
    }

    struct DeviceCredentials {
        std::int64_t id = 0;
        std::string secret;
    };
    DeviceCredentials Register(const std::string& token, const std::string& serial) {
        auto r = client().Post("/api/v1/devices/register", json::value{{"token", token},
                                                                       {"name", "Router " + serial},
                                                                       {"serial", serial},
                                                                       {"product", "C9300"},
                                                                       {"deployment", "on_prem"}});
        EXPECT_EQ(r.status, 201U) << r.body;
        return {r.json().at("device_id").as_int64(), std::string(r.json().at("device_secret").as_string())};
    }

    HttpResponse CheckIn(const DeviceCredentials& d, const std::string& product, std::int64_t count) {
        return NewClient()->Post(
            "/api/v1/devices/check-in",
            json::value{{"device_id", d.id},
                        {"device_secret", d.secret},
                        {"usage", json::array{json::object{{"product", product}, {"count", count}}}}});
    }

    HttpResponse Lease(HttpClient& c, const DeviceCredentials& d, const std::string& product, std::int64_t count) {
        return c.Post(
            "/api/v1/leases",
            json::value{{"device_id", d.id}, {"device_secret", d.secret}, {"product", product}, {"count", count}});
    }

    json::object Published() {
        auto r = NewClient()->Get("/api/v1/licensing/keys");  // no sign-in
        EXPECT_EQ(r.status, 200U) << r.body;
        return r.json().as_object();
    }

    std::vector<TrustedKey> Trusted() {
        std::vector<TrustedKey> out;
        const auto published = Published();
        for (const auto& k : published.at("keys").as_array()) {
            out.push_back({std::string(k.at("kid").as_string()),
                           Base64UrlDecode(k.at("public_key").as_string()).value_or(""),
                           !k.at("retired_at").is_null()});
        }
        return out;
    }

    // The payload of a signed document, after its signature verified against the published keys.
    json::object Payload(const json::value& document) {
        const auto opened = OpenDocument(document, Trusted());
        EXPECT_EQ(opened.check, SignatureCheck::kValid) << SignatureCheckName(opened.check);
        return opened.payload;
    }

    std::int64_t ActiveLeaseSeats() {
        auto r = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/leases?limit=500");
        EXPECT_EQ(r.status, 200U) << r.body;
        std::int64_t seats = 0;
        const auto body = r.json();
        for (const auto& l : body.at("items").as_array()) seats += l.at("count").as_int64();
        return seats;
    }

    json::object SummaryLine(const std::string& product, const std::string& model) {
        auto r = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/license-summary");
        EXPECT_EQ(r.status, 200U) << r.body;
        const auto body = r.json();
        for (const auto& item : body.at("items").as_array()) {
            if (item.at("product") == product.c_str() && item.at("license_model") == model.c_str()) {
                return item.as_object();
            }
        }
        return {};
    }

    void ExpectCheckClean() {
        auto check = RunEntitled({"check", "--database", url_});
        EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    }

    std::string erp_, jana_;
    std::int64_t kunde_ = 0, va_ = 0;
};

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

TEST_F(LicensingApi, AServerDocumentVerifiesWithOpensslAgainstThePublishedKey) {
    Deposit("SO-1", "SW-ADV", 10, "device");
    const auto device = Register(NewToken(), "FCW0001");
    auto r = CheckIn(device, "SW-ADV", 3);
    ASSERT_EQ(r.status, 200U) << r.body;
    const auto body = r.json();
    const auto& doc = body.at("authorization").as_object();
    EXPECT_EQ(doc.at("format"), "entitled/1");

    std::string public_key;
    const auto published = Published();
    for (const auto& k : published.at("keys").as_array()) {
        EXPECT_EQ(k.at("alg"), "Ed25519");
        if (k.at("kid") == doc.at("kid")) public_key = *Base64UrlDecode(k.at("public_key").as_string());
    }
    ASSERT_EQ(public_key.size(), 32U) << "the signing key is published";
    // OpenSSL reads a raw Ed25519 key as SubjectPublicKeyInfo: a fixed DER prefix, then the 32 bytes.
    const std::string der = std::string("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12) + public_key;
    const std::string dir = TempDir();
    const auto pem_der = WriteFile(dir, "key.der", der);
    ASSERT_EQ(std::system(("openssl pkey -pubin -inform DER -in " + pem_der + " -out " + dir + "/key.pem").c_str()), 0);
    const auto payload = WriteFile(dir, "payload", *Base64UrlDecode(doc.at("payload").as_string()));
    const auto signature = WriteFile(dir, "sig", *Base64UrlDecode(doc.at("signature").as_string()));
    const std::string verify =
        "openssl pkeyutl -verify -pubin -inkey " + dir + "/key.pem -rawin -in " + payload + " -sigfile " + signature;
    EXPECT_EQ(std::system((verify + " >/dev/null").c_str()), 0) << "OpenSSL verifies the server's signature";
    WriteFile(dir, "payload", *Base64UrlDecode(doc.at("payload").as_string()) + " ");
    EXPECT_NE(std::system((verify + " >/dev/null 2>&1").c_str()), 0) << "and refuses an altered payload";

    const auto p = Payload(doc);
    EXPECT_EQ(p.at("type"), "authorization");
    EXPECT_EQ(p.at("device").at("id").as_int64(), device.id);
    EXPECT_EQ(p.at("device").at("serial"), "FCW0001");
    EXPECT_EQ(p.at("smart_account_id").as_int64(), kunde_);
    EXPECT_EQ(p.at("entitlements").at(0).at("count").as_int64(), 3);
    EXPECT_TRUE(p.contains("not_after") && p.contains("grace_until") && p.contains("issued_at"));
}

TEST_F(LicensingApi, DevicesAreAuthorizedInRegistrationOrderAndTheRestIsShortage) {
    Deposit("SO-1", "SW-ADV", 10, "device");
    const auto token = NewToken();
    const auto first = Register(token, "FCW0001");
    const auto second = Register(token, "FCW0002");
    // The second checks in first: the first device's usage still comes before it.
    ASSERT_EQ(CheckIn(first, "SW-ADV", 6).status, 200U);
    auto late = CheckIn(second, "SW-ADV", 6);
    ASSERT_EQ(late.status, 200U) << late.body;
    EXPECT_EQ(late.json().at("status"), "out_of_compliance");
    const auto p = Payload(late.json().at("authorization"));
    EXPECT_EQ(p.at("status"), "out_of_compliance");
    EXPECT_EQ(p.at("entitlements").at(0).at("count").as_int64(), 4);
    EXPECT_EQ(p.at("entitlements").at(0).at("shortage").as_int64(), 2);
    auto again = CheckIn(first, "SW-ADV", 6);
    EXPECT_EQ(again.json().at("status"), "authorized") << "the older device keeps its licenses";

    auto devices = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/devices");
    ASSERT_EQ(devices.status, 200U);
    const auto listed = devices.json();
    for (const auto& d : listed.at("items").as_array()) {
        EXPECT_FALSE(d.at("last_check_in_at").is_null());
        EXPECT_FALSE(d.at("not_reporting").as_bool());
        EXPECT_EQ(d.at("authorization_status"), d.at("id").as_int64() == first.id ? "authorized" : "out_of_compliance");
    }
    // The shortage the device was told of is the account's too.
    EXPECT_EQ(SummaryLine("SW-ADV", "device").at("shortage").as_int64(), 2);
    auto events = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/events?limit=200");
    EXPECT_NE(events.body.find("device.compliance"), std::string::npos) << "compliance changes are in the event log";
    ExpectCheckClean();
}

TEST_F(LicensingApi, BadInputIsNamedAndAWrongSecretIsRefused) {
    const auto device = Register(NewToken(), "FCW0001");
    auto c = NewClient();
    auto missing = c->Post("/api/v1/devices/check-in", json::value{{"device_id", device.id}, {"usage", json::array{}}});
    EXPECT_EQ(missing.status, 422U);
    EXPECT_EQ(missing.error_fields(), "device_secret");
    auto negative = c->Post("/api/v1/devices/check-in",
                            json::value{{"device_id", device.id},
                                        {"device_secret", device.secret},
                                        {"usage", json::array{json::object{{"product", "SW"}, {"count", -1}}}}});
    EXPECT_EQ(negative.status, 422U);
    EXPECT_EQ(negative.error_fields(), "usage[0].count");
    auto wrong =
        c->Post("/api/v1/devices/check-in",
                json::value{{"device_id", device.id}, {"device_secret", "ds_wrong"}, {"usage", json::array{}}});
    EXPECT_EQ(wrong.status, 401U);
    EXPECT_EQ(wrong.problem_code(), "device_unauthorized");
    EXPECT_EQ(wrong.error_fields(), "device_secret");
    auto zero = Lease(*c, device, "SW-FLOAT", 0);
    EXPECT_EQ(zero.status, 422U);
    EXPECT_EQ(zero.error_fields(), "count");
    auto unknown = c->Post(
        "/api/v1/leases",
        json::value{{"device_id", device.id}, {"device_secret", device.secret}, {"product", "SW-FLOAT"}, {"seats", 1}});
    EXPECT_EQ(unknown.status, 422U);
    EXPECT_EQ(unknown.error_fields(), "seats");
    auto no_lease = c->Post("/api/v1/leases/999999/heartbeat", json::value{{"device_secret", device.secret}});
    EXPECT_EQ(no_lease.status, 404U);
    auto no_secret = c->Post("/api/v1/leases/999999/heartbeat", json::value{{"secret", device.secret}});
    EXPECT_EQ(no_secret.status, 422U);
    EXPECT_EQ(no_secret.error_fields(), "device_secret,secret");
    auto wrong_type = c->Send("DELETE", "/api/v1/leases/999999", R"({"device_secret":7})");
    EXPECT_EQ(wrong_type.status, 422U);
    EXPECT_EQ(wrong_type.error_fields(), "device_secret");
    auto pool = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(va_) + "/license-moves",
                                json::value{{"to_virtual_account_id", va_},
                                            {"product", "SW"},
                                            {"quantity", 1},
                                            {"license_model", "shared"}});
    EXPECT_EQ(pool.status, 422U);
    EXPECT_NE(pool.error_fields().find("license_model"), std::string::npos) << pool.body;
    auto model = As(erp_)->Post("/api/v1/orders",
                                json::value{{"sales_order_number", "SO-9"},
                                            {"web_order_number", "WSO-9"},
                                            {"purchaser_name", "P"},
                                            {"end_customer_name", "C"},
                                            {"contacts", json::array{}},
                                            {"lines", json::array{json::object{{"line_number", 1},
                                                                               {"sku", "X"},
                                                                               {"quantity", 1},
                                                                               {"license_type", "perpetual"},
                                                                               {"buying_model", "transactional"},
                                                                               {"smart_enabled", true},
                                                                               {"license_model", "concurrent"}}}}});
    EXPECT_EQ(model.status, 422U);
    EXPECT_EQ(model.error_fields(), "lines[0].license_model");
}

// Seats of a floating pool go to leases only, never beyond the pool, and come back on release.
TEST_F(LicensingApi, FloatingSeatsAreLeasedNeverBeyondThePoolAndReturnOnRelease) {
    Deposit("SO-1", "SW-FLOAT", 3, "floating");
    const auto device = Register(NewToken(), "FCW0001");
    auto c = NewClient();
    // A device's usage report never consumes floating licenses.
    ASSERT_EQ(CheckIn(device, "SW-FLOAT", 2).json().at("status"), "out_of_compliance");
    EXPECT_EQ(SummaryLine("SW-FLOAT", "floating").at("available").as_int64(), 3);

    auto two = Lease(*c, device, "SW-FLOAT", 2);
    ASSERT_EQ(two.status, 201U) << two.body;
    const auto p = Payload(two.json().at("lease"));
    EXPECT_EQ(p.at("type"), "lease");
    EXPECT_EQ(p.at("lease_id").as_int64(), two.json().at("id").as_int64());
    EXPECT_EQ(p.at("entitlements").at(0).at("count").as_int64(), 2);
    auto too_many = Lease(*c, device, "SW-FLOAT", 2);
    EXPECT_EQ(too_many.status, 409U);
    EXPECT_EQ(too_many.problem_code(), "no_license_available");
    EXPECT_EQ(too_many.json().at("available").as_int64(), 1);
    EXPECT_GE(too_many.json().at("retry_after").as_int64(), 1);
    EXPECT_EQ(too_many.header("retry-after"), std::to_string(too_many.json().at("retry_after").as_int64()));
    const auto line = SummaryLine("SW-FLOAT", "floating");
    EXPECT_EQ(line.at("in_use").as_int64(), 2) << "leases are what is in use of a floating pool";
    EXPECT_EQ(line.at("available").as_int64(), 1);
    // Leased seats cannot be moved away.
    auto other = As(jana_)->Post("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/virtual-accounts",
                                 json::value{{"name", "Labor"}});
    ASSERT_EQ(other.status, 201U) << other.body;
    auto move = As(jana_)->Post("/api/v1/virtual-accounts/" + std::to_string(va_) + "/license-moves",
                                json::value{{"to_virtual_account_id", other.json().at("id")},
                                            {"product", "SW-FLOAT"},
                                            {"quantity", 2},
                                            {"license_model", "floating"}});
    EXPECT_EQ(move.status, 409U) << move.body;
    EXPECT_EQ(move.problem_code(), "insufficient_licenses");

    const std::string lease = "/api/v1/leases/" + std::to_string(two.json().at("id").as_int64());
    auto beat = c->Post(lease + "/heartbeat", json::value{{"device_secret", device.secret}});
    ASSERT_EQ(beat.status, 200U) << beat.body;
    EXPECT_GE(beat.json().at("expires_at").as_string(), two.json().at("expires_at").as_string());
    auto foreign = c->Send("DELETE", lease, R"({"device_secret":"ds_someone_else"})");
    EXPECT_EQ(foreign.status, 401U);
    EXPECT_EQ(ActiveLeaseSeats(), 2);
    auto released = c->Send("DELETE", lease, json::serialize(json::value{{"device_secret", device.secret}}));
    EXPECT_EQ(released.status, 204U) << released.body;
    EXPECT_EQ(ActiveLeaseSeats(), 0);
    auto after = c->Post(lease + "/heartbeat", json::value{{"device_secret", device.secret}});
    EXPECT_EQ(after.status, 409U);
    EXPECT_EQ(after.problem_code(), "lease_expired");
    EXPECT_EQ(Lease(*c, device, "SW-FLOAT", 3).status, 201U) << "released seats are free again";
    ExpectCheckClean();
}

// 64 devices ask at once for one seat of a pool of 10 (on PostgreSQL, through two instances).
TEST_F(LicensingApi, ConcurrentCheckoutsNeverExceedThePool) {
    Deposit("SO-1", "SW-FLOAT", 10, "floating");
    const auto token = NewToken(64);
    std::vector<DeviceCredentials> devices;
    for (int i = 0; i < 64; ++i) devices.push_back(Register(token, "SN" + std::to_string(i)));
    std::unique_ptr<ServerProcess> second;
    if (UsingPostgres()) second = std::make_unique<ServerProcess>(url_);
    std::atomic<int> granted{0}, refused{0}, other{0};
    std::mutex unexpected_mutex;
    std::string unexpected;
    std::vector<std::thread> threads;
    for (int i = 0; i < 64; ++i) {
        threads.emplace_back([&, i] {
            HttpClient c(second && i % 2 == 1 ? second->port() : server_->port());
            auto r = Lease(c, devices[i], "SW-FLOAT", 1);
            // A server shedding load answers 503 before doing anything; a device tries again.
            for (int attempt = 0; r.status == 503U && attempt < 20; ++attempt) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                r = Lease(c, devices[i], "SW-FLOAT", 1);
            }
            if (r.status == 201U) {
                ++granted;
            } else if (r.status == 409U && r.problem_code() == "no_license_available") {
                ++refused;
            } else {
                ++other;
                std::lock_guard lock(unexpected_mutex);
                unexpected += std::to_string(r.status) + " " + r.body + "\n";
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(granted.load(), 10);
    EXPECT_EQ(refused.load(), 54);
    EXPECT_EQ(other.load(), 0) << "no other answer: " << unexpected;
    EXPECT_EQ(ActiveLeaseSeats(), 10);
    ExpectCheckClean();
}

// A holder that dies stops its heartbeats: its seat returns after the lease time, by itself.
TEST_F(LicensingApi, AKilledHoldersSeatReturnsAfterTheLeaseTime) {
    StartServer({"--lease-seconds", "1"});
    Deposit("SO-1", "SW-FLOAT", 1, "floating");
    const auto token = NewToken();
    const auto holder = Register(token, "FCW0001");
    const auto waiting = Register(token, "FCW0002");
    auto c = NewClient();
    auto held = Lease(*c, holder, "SW-FLOAT", 1);
    ASSERT_EQ(held.status, 201U) << held.body;
    EXPECT_EQ(Lease(*c, waiting, "SW-FLOAT", 1).status, 409U);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto taken = Lease(*c, waiting, "SW-FLOAT", 1);
    EXPECT_EQ(taken.status, 201U) << taken.body;
    auto late = c->Post("/api/v1/leases/" + std::to_string(held.json().at("id").as_int64()) + "/heartbeat",
                        json::value{{"device_secret", holder.secret}});
    EXPECT_EQ(late.status, 409U);
    EXPECT_EQ(late.problem_code(), "lease_expired");
    // Its end reaches the event log (by the server's own round or this one, whichever comes first).
    auto jobs = RunEntitled({"jobs", "run", "--database", url_});
    EXPECT_EQ(jobs.exit_code, 0) << jobs.err;
    auto events = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/events?limit=200");
    EXPECT_NE(events.body.find("lease.expire"), std::string::npos) << events.body;
    ExpectCheckClean();
}

TEST_F(LicensingApi, RotatedKeysSignWhileOldOnesVerifyUntilRetired) {
    Deposit("SO-1", "SW-ADV", 10, "device");
    const auto device = Register(NewToken(), "FCW0001");
    auto first = CheckIn(device, "SW-ADV", 1);
    const std::string old_kid(first.json().at("authorization").at("kid").as_string());
    auto rotated = RunEntitled({"keys", "rotate", "--database", url_});
    ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
    auto second = CheckIn(device, "SW-ADV", 1);
    const std::string new_kid(second.json().at("authorization").at("kid").as_string());
    EXPECT_NE(new_kid, old_kid) << "the new key signs at once, without a restart";
    EXPECT_EQ(Trusted().size(), 2U);
    EXPECT_EQ(OpenDocument(first.json().at("authorization"), Trusted()).check, SignatureCheck::kValid)
        << "the old key still verifies";
    auto listed = RunEntitled({"keys", "list", "--database", url_});
    EXPECT_NE(listed.out.find(new_kid + "\t"), std::string::npos) << listed.out;
    auto retired = RunEntitled({"keys", "retire", "--database", url_, "--kid", old_kid});
    ASSERT_EQ(retired.exit_code, 0) << retired.err;
    EXPECT_EQ(OpenDocument(first.json().at("authorization"), Trusted()).check, SignatureCheck::kRetiredKey);
    auto last = RunEntitled({"keys", "retire", "--database", url_, "--kid", new_kid});
    EXPECT_EQ(last.exit_code, 1) << "the only key that signs is not retired";
    EXPECT_NE(last.err.find("Rotate"), std::string::npos) << last.err;
}

TEST_F(LicensingApi, SilentDevicesGiveBackTheirUsageAfterTheGracePeriod) {
    Deposit("SO-1", "SW-ADV", 10, "device");
    const auto device = Register(NewToken(), "FCW0001");
    ASSERT_EQ(CheckIn(device, "SW-ADV", 4).status, 200U);
    EXPECT_EQ(SummaryLine("SW-ADV", "device").at("in_use").as_int64(), 4);
    auto soon = RunEntitled(
        {"jobs", "run", "--database", url_, "--at", FormatRfc3339(SystemClock().Now() + 89 * kMicrosPerDay)});
    EXPECT_NE(soon.out.find("silent_devices: 0"), std::string::npos) << soon.out;
    auto later = RunEntitled(
        {"jobs", "run", "--database", url_, "--at", FormatRfc3339(SystemClock().Now() + 91 * kMicrosPerDay)});
    EXPECT_NE(later.out.find("silent_devices: 1"), std::string::npos) << later.out;
    EXPECT_EQ(SummaryLine("SW-ADV", "device").at("in_use").as_int64(), 0) << "its usage is released";
    auto events = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/events?limit=200");
    EXPECT_NE(events.body.find("device.usage_release"), std::string::npos);
    // Jana administers the account and reads German: one mail, listing the device.
    auto outbox = As(admin_token_)->Get("/api/v1/admin/outbox?limit=50");
    ASSERT_EQ(outbox.status, 200U) << outbox.body;
    EXPECT_NE(outbox.body.find("Ger\u00e4te von Kunde GmbH melden sich nicht mehr"), std::string::npos)
        << outbox.body;
    EXPECT_NE(outbox.body.find("FCW0001"), std::string::npos);
    ExpectCheckClean();
}

// The device's life with the real client: register, check in, verify offline, lease, release.
TEST_F(LicensingApi, TheDeviceClientRegistersChecksInVerifiesAndLeases) {
    Deposit("SO-1", "SW-ADV", 10, "device");
    Deposit("SO-2", "SW-FLOAT", 2, "floating");
    const std::string state = TempDir() + "/device.json";
    const std::string server = "http://127.0.0.1:" + std::to_string(server_->port());
    auto reg = RunDevice({"register", "--server", server, "--token", NewToken(), "--name", "Router 1", "--serial",
                          "FCW0001", "--product", "C9300", "--state", state});
    ASSERT_EQ(reg.exit_code, 0) << reg.out << reg.err;
    auto in = RunDevice({"check-in", "--state", state, "--usage", "SW-ADV=3"});
    ASSERT_EQ(in.exit_code, 0) << in.out << in.err;
    EXPECT_NE(in.out.find("authorized"), std::string::npos) << in.out;
    EXPECT_EQ(SummaryLine("SW-ADV", "device").at("in_use").as_int64(), 3);
    auto verified = RunDevice({"verify", "--state", state});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    auto far = RunDevice({"verify", "--state", state, "--at", FormatRfc3339(SystemClock().Now() + 30 * kMicrosPerDay)});
    EXPECT_EQ(far.exit_code, 1) << "an authorization past not_after is refused";
    EXPECT_NE((far.out + far.err).find("expired"), std::string::npos) << far.out << far.err;

    auto leased = RunDevice({"lease", "acquire", "--state", state, "--product", "SW-FLOAT", "--count", "2"});
    ASSERT_EQ(leased.exit_code, 0) << leased.out << leased.err;
    EXPECT_EQ(ActiveLeaseSeats(), 2);
    auto none = RunDevice({"lease", "acquire", "--state", state, "--product", "SW-FLOAT"});
    EXPECT_EQ(none.exit_code, 1) << none.out;
    EXPECT_NE((none.out + none.err).find("no license available"), std::string::npos) << none.out << none.err;
    auto leases = As(jana_)->Get("/api/v1/smart-accounts/" + std::to_string(kunde_) + "/leases");
    const auto id = std::to_string(leases.json().at("items").at(0).at("id").as_int64());
    EXPECT_EQ(leases.json().at("items").at(0).at("device_serial"), "FCW0001");
    EXPECT_EQ(RunDevice({"lease", "heartbeat", "--state", state, "--id", id}).exit_code, 0);
    EXPECT_EQ(RunDevice({"lease", "release", "--state", state, "--id", id}).exit_code, 0);
    EXPECT_EQ(ActiveLeaseSeats(), 0);
    ExpectCheckClean();
}

}  // namespace
}  // namespace entitled::testing
