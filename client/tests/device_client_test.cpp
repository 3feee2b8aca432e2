#include "entitled/device_client.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace entitled::device {
namespace {

using fixtures::At;
using fixtures::FakeServer;
using fixtures::NewKey;
using fixtures::object;

// The device's clock: a minute after the fake server issued its documents.
Time DeviceNow() { return At("2026-12-01T10:01:00Z"); }

class DeviceClientTest : public ::testing::Test {
  protected:
    FakeServer server_;

    DeviceClient Fresh() { return DeviceClient(DeviceState{}, server_.Transport(), &DeviceNow); }

    DeviceClient Registered() {
        auto client = Fresh();
        const auto registered = client.Register("http://fake/", Registration{"tok", "edge", "SN-1", "ROUTER"});
        EXPECT_TRUE(registered.ok()) << registered.error().message;
        server_.requests.clear();
        return client;
    }
};

TEST_F(DeviceClientTest, RegisterStoresTheDeviceAndFetchesTheKeys) {
    auto client = Fresh();
    const auto registered = client.Register("http://fake/", Registration{"tok", "edge", "SN-1", "ROUTER", "on_prem"});
    ASSERT_TRUE(registered.ok()) << registered.error().message;
    const auto body = server_.LastBody("/api/v1/devices/register");
    EXPECT_EQ(
        body,
        (object{
            {"token", "tok"}, {"name", "edge"}, {"serial", "SN-1"}, {"product", "ROUTER"}, {"deployment", "on_prem"}}));
    EXPECT_EQ(server_.requests.at(0).url, "http://fake/api/v1/devices/register");
    EXPECT_EQ(server_.Count("GET", "/api/v1/licensing/keys"), 1U);
    const auto& s = client.state();
    EXPECT_EQ(s.device_id, "42");
    EXPECT_EQ(s.device_secret, FakeServer::kSecret);
    EXPECT_EQ(s.serial, "SN-1");
    EXPECT_EQ(s.server, "http://fake/");
    ASSERT_EQ(s.keys.size(), 1U);
    EXPECT_EQ(s.keys[0].public_key, server_.key.pair.public_key);
}

TEST_F(DeviceClientTest, RegisterRefusesAStateThatHoldsADevice) {
    auto client = Registered();
    const auto again = client.Register("http://fake", Registration{"tok", "edge", "SN-9", "ROUTER"});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kState);
    EXPECT_TRUE(server_.requests.empty());
    EXPECT_EQ(client.state().serial, "SN-1");
}

TEST_F(DeviceClientTest, RegisterKeepsTheDeviceWhenFetchingKeysFails) {
    server_.intercept = [](const HttpRequest& r) -> std::optional<HttpResponse> {
        if (r.url.ends_with("/licensing/keys")) return FakeServer::Problem(503, "unavailable", "down for a moment");
        return std::nullopt;
    };
    auto client = Fresh();
    const auto registered = client.Register("http://fake", Registration{"tok", "edge", "SN-1", "ROUTER"});
    ASSERT_FALSE(registered.ok());
    EXPECT_TRUE(client.state().registered());  // the secret is not lost
}

TEST_F(DeviceClientTest, CheckInSendsUsageAndStoresTheVerifiedAuthorization) {
    auto client = Registered();
    const auto result = client.CheckIn({{"ROUTER-DNA", 3}, {"ROUTER-SEC", 2}});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const auto body = server_.LastBody("/api/v1/devices/check-in");
    // The server reads device_id as an integer.
    EXPECT_EQ(body.at("device_id"), boost::json::value(42));
    EXPECT_EQ(body.at("device_secret").as_string(), FakeServer::kSecret);
    EXPECT_EQ(body.at("usage"), (boost::json::array{object{{"product", "ROUTER-DNA"}, {"count", 3}},
                                                    object{{"product", "ROUTER-SEC"}, {"count", 2}}}));
    const auto& r = result.value();
    EXPECT_EQ(r.status, "authorized");
    ASSERT_EQ(r.entitlements.size(), 2U);
    EXPECT_EQ(r.entitlements[0].product, "ROUTER-DNA");
    EXPECT_EQ(r.entitlements[0].count, 5);
    EXPECT_EQ(r.not_after, fixtures::kNotAfter);
    EXPECT_EQ(r.grace_until, fixtures::kGrace);
    EXPECT_EQ(r.next_check_in_at, "2026-12-02T10:00:00Z");
    EXPECT_FALSE(client.state().authorization.is_null());
    EXPECT_TRUE(client.Verify(client.state().authorization, DeviceNow(), "authorization").ok());
}

TEST_F(DeviceClientTest, OutOfComplianceIsAnAnswerNotAFailure) {
    server_.status = "out_of_compliance";
    auto client = Registered();
    const auto result = client.CheckIn({{"ROUTER-SEC", 3}});
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.value().status, "out_of_compliance");
    EXPECT_EQ(result.value().entitlements.at(1).shortage, 1);
}

TEST_F(DeviceClientTest, CheckInRefusesAnAuthorizationForAnotherDevice) {
    auto client = Registered();
    server_.signed_serial = "SN-2";
    const auto result = client.CheckIn({});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidDocument);
    EXPECT_NE(result.error().message.find("other_device"), std::string::npos);
    EXPECT_TRUE(client.state().authorization.is_null());
}

TEST_F(DeviceClientTest, CheckInRefusesAForgedAuthorizationAndKeepsTheOldOne) {
    auto client = Registered();
    ASSERT_TRUE(client.CheckIn({}).ok());
    const auto stored = client.state().authorization;
    server_.key = NewKey("k1");  // signs under the trusted kid with a key nobody published
    server_.status = "out_of_compliance";
    const auto result = client.CheckIn({});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidDocument);
    EXPECT_NE(result.error().message.find("bad_signature"), std::string::npos);
    EXPECT_EQ(client.state().authorization, stored);
    EXPECT_EQ(server_.Count("GET", "/api/v1/licensing/keys"), 0U);  // a known kid: no refresh
}

TEST_F(DeviceClientTest, CheckInFetchesTheKeysWhenTheKidIsNew) {
    auto client = Registered();
    const auto rotated = NewKey("k2");
    server_.published = {server_.key.Published("2026-12-01T09:00:00Z"), rotated.Published()};
    server_.key = rotated;
    const auto result = client.CheckIn({});
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(server_.Count("GET", "/api/v1/licensing/keys"), 1U);
    ASSERT_EQ(client.state().keys.size(), 2U);
    EXPECT_TRUE(client.state().keys[0].retired_at.has_value());
}

TEST_F(DeviceClientTest, CheckInBeforeRegisteringSendsNothing) {
    auto client = Fresh();
    const auto result = client.CheckIn({});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kState);
    EXPECT_TRUE(server_.requests.empty());
}

TEST_F(DeviceClientTest, AcquireLeaseStoresTheVerifiedLease) {
    auto client = Registered();
    const auto lease = client.AcquireLease("FLOAT-CAD", 2);
    ASSERT_TRUE(lease.ok()) << lease.error().message;
    EXPECT_EQ(
        server_.LastBody("/api/v1/leases"),
        (object{{"device_id", 42}, {"device_secret", FakeServer::kSecret}, {"product", "FLOAT-CAD"}, {"count", 2}}));
    EXPECT_EQ(lease.value().id, "7");
    EXPECT_EQ(lease.value().product, "FLOAT-CAD");
    EXPECT_EQ(lease.value().count, 2);
    EXPECT_EQ(lease.value().expires_at, fixtures::kLeaseExpires);
    ASSERT_EQ(client.state().leases.size(), 1U);
    EXPECT_TRUE(client.Verify(client.state().leases[0].document, DeviceNow(), "lease").ok());
}

TEST_F(DeviceClientTest, NoLicenseAvailableCarriesAvailableAndRetryAfter) {
    server_.intercept = [](const HttpRequest& r) -> std::optional<HttpResponse> {
        if (r.method != "POST" || !r.url.ends_with("/api/v1/leases")) return std::nullopt;
        return FakeServer::Problem(409, "no_license_available", "No seat is free.",
                                   object{{"available", 1}, {"retry_after", 120}});
    };
    auto client = Registered();
    const auto lease = client.AcquireLease("FLOAT-CAD", 2);
    ASSERT_FALSE(lease.ok());
    EXPECT_EQ(lease.error().code, ErrorCode::kNoLicenseAvailable);
    EXPECT_EQ(lease.error().http_status, 409);
    EXPECT_EQ(lease.error().available, 1);
    EXPECT_EQ(lease.error().retry_after_seconds, 120);
    EXPECT_EQ(lease.error().message, "no license available: 1 available, retry after 120 s");
    EXPECT_TRUE(client.state().leases.empty());
}

TEST_F(DeviceClientTest, AcquireRefusesALeaseDocumentForAnotherLease) {
    server_.intercept = [this](const HttpRequest& r) -> std::optional<HttpResponse> {
        if (r.method != "POST" || !r.url.ends_with("/api/v1/leases")) return std::nullopt;
        const auto doc = server_.key.Sign(fixtures::LeasePayload("SN-1", 42, 8));
        return HttpResponse{201, boost::json::serialize(object{{"id", 7}, {"lease", doc}})};
    };
    auto client = Registered();
    const auto lease = client.AcquireLease("FLOAT-CAD", 2);
    ASSERT_FALSE(lease.ok());
    EXPECT_EQ(lease.error().code, ErrorCode::kInvalidDocument);
    EXPECT_TRUE(client.state().leases.empty());
}

TEST_F(DeviceClientTest, HeartbeatReplacesTheStoredLease) {
    auto client = Registered();
    ASSERT_TRUE(client.AcquireLease("FLOAT-CAD", 2).ok());
    server_.lease_expires_at = "2026-12-01T10:16:00Z";
    const auto renewed = client.HeartbeatLease("7");
    ASSERT_TRUE(renewed.ok()) << renewed.error().message;
    EXPECT_EQ(server_.requests.back().url, "http://fake/api/v1/leases/7/heartbeat");
    EXPECT_EQ(server_.LastBody("/heartbeat"), (object{{"device_secret", FakeServer::kSecret}}));
    ASSERT_EQ(client.state().leases.size(), 1U);
    EXPECT_EQ(client.state().leases[0].expires_at, "2026-12-01T10:16:00Z");
}

TEST_F(DeviceClientTest, HeartbeatOfAnExpiredLeaseDropsIt) {
    auto client = Registered();
    ASSERT_TRUE(client.AcquireLease("FLOAT-CAD", 2).ok());
    server_.intercept = [](const HttpRequest& r) -> std::optional<HttpResponse> {
        if (!r.url.ends_with("/heartbeat")) return std::nullopt;
        return FakeServer::Problem(409, "lease_expired", "This lease has expired.");
    };
    const auto renewed = client.HeartbeatLease("7");
    ASSERT_FALSE(renewed.ok());
    EXPECT_EQ(renewed.error().code, ErrorCode::kLeaseExpired);
    EXPECT_EQ(renewed.error().problem_code, "lease_expired");
    EXPECT_TRUE(client.state().leases.empty());
}

TEST_F(DeviceClientTest, HeartbeatRefusedOtherwiseKeepsTheLease) {
    auto client = Registered();
    ASSERT_TRUE(client.AcquireLease("FLOAT-CAD", 2).ok());
    server_.intercept = [](const HttpRequest&) -> std::optional<HttpResponse> {
        return FakeServer::Problem(503, "unavailable", "Try again.");
    };
    EXPECT_FALSE(client.HeartbeatLease("7").ok());
    EXPECT_EQ(client.state().leases.size(), 1U);
}

TEST_F(DeviceClientTest, ReleaseSendsTheSecretInADeleteBodyAndDropsTheLease) {
    auto client = Registered();
    ASSERT_TRUE(client.AcquireLease("FLOAT-CAD", 2).ok());
    ASSERT_TRUE(client.ReleaseLease("7").ok());
    EXPECT_EQ(server_.requests.back().method, "DELETE");
    EXPECT_EQ(server_.requests.back().url, "http://fake/api/v1/leases/7");
    EXPECT_EQ(server_.LastBody("/api/v1/leases/7"), (object{{"device_secret", FakeServer::kSecret}}));
    EXPECT_TRUE(client.state().leases.empty());
}

TEST_F(DeviceClientTest, LeaseIdsCannotChangeThePath) {
    auto client = Registered();
    EXPECT_TRUE(client.ReleaseLease("7/../../devices/9").ok());
    EXPECT_EQ(server_.requests.back().url, "http://fake/api/v1/leases/7%2F..%2F..%2Fdevices%2F9");
}

TEST_F(DeviceClientTest, ServerErrorsCarryDetailCodeAndStatus) {
    server_.intercept = [](const HttpRequest&) -> std::optional<HttpResponse> {
        return FakeServer::Problem(401, "device_unauthenticated", "The device secret is wrong.");
    };
    auto client = DeviceClient(DeviceState{"http://fake", "42", "wrong"}, server_.Transport(), &DeviceNow);
    const auto result = client.CheckIn({});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kServer);
    EXPECT_EQ(result.error().http_status, 401);
    EXPECT_EQ(result.error().problem_code, "device_unauthenticated");
    EXPECT_EQ(result.error().message, "The device secret is wrong. (device_unauthenticated, HTTP 401)");
}

TEST_F(DeviceClientTest, SuccessThatIsNotJsonIsABadResponse) {
    server_.intercept = [](const HttpRequest&) -> std::optional<HttpResponse> {
        return HttpResponse{200, "<html>proxy login</html>"};
    };
    auto client = Fresh();
    const auto registered = client.Register("http://fake", Registration{"tok", "edge", "SN-1", "ROUTER"});
    ASSERT_FALSE(registered.ok());
    EXPECT_EQ(registered.error().code, ErrorCode::kBadResponse);
    EXPECT_FALSE(client.state().registered());
}

TEST_F(DeviceClientTest, UseServerOverridesTheStoredOneWithoutStoringIt) {
    auto client = Registered();
    client.UseServer("http://elsewhere:9000");
    ASSERT_TRUE(client.CheckIn({}).ok());
    EXPECT_EQ(server_.requests.back().url, "http://elsewhere:9000/api/v1/devices/check-in");
    EXPECT_EQ(client.state().server, "http://fake/");
}

TEST(CurlTransport, ReportsAConnectionFailureAsANetworkError) {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    auto client = DeviceClient(DeviceState{"http://127.0.0.1:1"}, MakeCurlTransport());
    const auto keys = client.FetchKeys();
    ASSERT_FALSE(keys.ok());
    EXPECT_EQ(keys.error().code, ErrorCode::kNetwork);
    EXPECT_NE(keys.error().message.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace entitled::device
