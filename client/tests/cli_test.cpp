// The entitled-device command line: in-process against the fake server, and the built binary for exit codes.
#include "device_cli.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace entitled::device {
namespace {

using fixtures::At;
using fixtures::FakeServer;
using fixtures::object;
using fixtures::ScratchDir;

Time DeviceNow() { return At("2026-12-01T10:01:00Z"); }

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

class DeviceCliTest : public ::testing::Test {
  protected:
    ScratchDir dir_;
    FakeServer server_;
    std::string state_ = dir_.File("state.json");

    CliRun Cli(const std::vector<std::string>& args) {
        std::ostringstream out;
        std::ostringstream err;
        CliEnvironment env{[this] { return server_.Transport(); }, &DeviceNow};
        const int code = RunDeviceCli(args, out, err, env);
        return {code, out.str(), err.str()};
    }

    void RegisterDevice() {
        const auto r = Cli({"register", "--server", "http://fake", "--token", "tok", "--name", "edge", "--serial",
                            "SN-1", "--product", "ROUTER", "--state", state_});
        ASSERT_EQ(r.code, 0) << r.err;
    }

    std::string WriteJson(std::string_view name, const boost::json::value& json) {
        auto path = dir_.File(name);
        std::ofstream(path) << boost::json::serialize(json);
        return path;
    }
};

TEST_F(DeviceCliTest, RegisterPrintsTheDeviceIdAndWritesAPrivateState) {
    const auto r = Cli({"register", "--server=http://fake", "--token", "tok", "--name", "edge", "--serial", "SN-1",
                        "--product", "ROUTER", "--deployment", "on_prem", "--state", state_});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "42\n");
    struct stat st {};
    ASSERT_EQ(::stat(state_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777U, 0600U);
    const auto state = LoadState(state_);
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state.value().device_id, "42");
    EXPECT_EQ(state.value().server, "http://fake");
    EXPECT_EQ(state.value().deployment, "on_prem");
    EXPECT_EQ(state.value().keys.size(), 1U);
}

TEST_F(DeviceCliTest, CheckInPrintsStatusAndEachProduct) {
    RegisterDevice();
    const auto r = Cli({"check-in", "--state", state_, "--usage", "ROUTER-DNA=3", "--usage", "ROUTER-SEC=2"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "status: authorized\n"
              "ROUTER-DNA: count 5, shortage 0\n"
              "ROUTER-SEC: count 2, shortage 0\n"
              "authorization valid until 2026-12-03T11:00:00Z, grace until 2027-03-01T10:00:00Z\n"
              "next check-in at 2026-12-02T10:00:00Z\n");
    EXPECT_EQ(server_.LastBody("/check-in").at("usage").as_array().size(), 2U);
    EXPECT_FALSE(LoadState(state_).value().authorization.is_null());
}

TEST_F(DeviceCliTest, OutOfComplianceExitsZeroAndSaysSo) {
    RegisterDevice();
    server_.status = "out_of_compliance";
    const auto r = Cli({"check-in", "--state", state_, "--usage", "ROUTER-SEC=3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("status: out_of_compliance (OUT OF COMPLIANCE, short of ROUTER-SEC 1)\n")) << r.out;
}

TEST_F(DeviceCliTest, CheckInThatDoesNotVerifyFailsAndStoresNothing) {
    RegisterDevice();
    server_.signed_serial = "SN-2";
    const auto r = Cli({"check-in", "--state", state_});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "entitled-device: the authorization the server sent does not verify: other_device\n");
    EXPECT_TRUE(LoadState(state_).value().authorization.is_null());
}

TEST_F(DeviceCliTest, LeaseAcquireHeartbeatRelease) {
    RegisterDevice();
    auto r = Cli({"lease", "acquire", "--state", state_, "--product", "FLOAT-CAD", "--count", "2"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "lease 7 (FLOAT-CAD x2) expires at 2026-12-01T10:15:00Z\n");
    EXPECT_EQ(LoadState(state_).value().leases.size(), 1U);
    server_.lease_expires_at = "2026-12-01T10:16:00Z";
    r = Cli({"lease", "heartbeat", "--state", state_, "--id", "7"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "lease 7 (FLOAT-CAD x2) expires at 2026-12-01T10:16:00Z\n");
    r = Cli({"lease", "release", "--state", state_, "--id", "7"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "released lease 7\n");
    EXPECT_TRUE(LoadState(state_).value().leases.empty());
}

TEST_F(DeviceCliTest, NoLicenseAvailableIsAOneLineFailure) {
    RegisterDevice();
    server_.intercept = [](const HttpRequest& r) -> std::optional<HttpResponse> {
        if (!r.url.ends_with("/api/v1/leases")) return std::nullopt;
        return FakeServer::Problem(409, "no_license_available", "No seat.",
                                   object{{"available", 0}, {"retry_after", 30}});
    };
    const auto r = Cli({"lease", "acquire", "--state", state_, "--product", "FLOAT-CAD"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "entitled-device: no license available: 0 available, retry after 30 s\n");
    EXPECT_EQ(server_.LastBody("/api/v1/leases").at("count"), boost::json::value(1));
}

TEST_F(DeviceCliTest, HeartbeatOfAnExpiredLeaseFailsAndDropsIt) {
    RegisterDevice();
    ASSERT_EQ(Cli({"lease", "acquire", "--state", state_, "--product", "FLOAT-CAD"}).code, 0);
    server_.intercept = [](const HttpRequest&) -> std::optional<HttpResponse> {
        return FakeServer::Problem(409, "lease_expired", "This lease has expired.");
    };
    const auto r = Cli({"lease", "heartbeat", "--state", state_, "--id", "7"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("lease_expired"), std::string::npos) << r.err;
    EXPECT_TRUE(LoadState(state_).value().leases.empty());
}

TEST_F(DeviceCliTest, VerifyChecksTheStoredDocumentsOffline) {
    RegisterDevice();
    ASSERT_EQ(Cli({"check-in", "--state", state_}).code, 0);
    ASSERT_EQ(Cli({"lease", "acquire", "--state", state_, "--product", "FLOAT-CAD", "--count", "2"}).code, 0);
    server_.requests.clear();
    auto r = Cli({"verify", "--state", state_, "--at", "2026-12-01T10:05:00Z"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "valid: authorization (authorized) until 2026-12-03T11:00:00Z\n"
              "valid: lease 7 (FLOAT-CAD x2) until 2026-12-01T10:15:00Z\n");
    // Past the lease's end, before the authorization's: one of the two fails.
    r = Cli({"verify", "--state", state_, "--at", "2026-12-02T00:00:00Z"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "valid: authorization (authorized) until 2026-12-03T11:00:00Z\n");
    EXPECT_EQ(r.err, "invalid: expired (lease 7)\n");
    r = Cli({"verify", "--state", state_, "--at", "2026-12-10T00:00:00.5Z"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.starts_with("invalid: expired (in grace until 2027-03-01T10:00:00Z)\n")) << r.err;
    EXPECT_TRUE(server_.requests.empty());  // never the network
}

TEST_F(DeviceCliTest, VerifyAFileWithGivenKeys) {
    RegisterDevice();
    const auto doc = WriteJson("auth.json", server_.key.Sign(fixtures::AuthorizationPayload("SN-1", 42)));
    auto r = Cli({"verify", "--state", state_, "--file", doc, "--at", "2026-12-02T00:00:00Z"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "valid: authorization (authorized) until 2026-12-03T11:00:00Z\n");
    const auto retired = WriteJson("keys.json", KeysToJson({server_.key.Published("2026-12-01T00:00:00Z")}));
    r = Cli({"verify", "--state", state_, "--file", doc, "--keys", retired, "--at", "2026-12-02T00:00:00Z"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "invalid: retired_key\n");
    const auto other = WriteJson("other.json", server_.key.Sign(fixtures::AuthorizationPayload("SN-2", 43)));
    r = Cli({"verify", "--state", state_, "--file", other, "--at", "2026-12-02T00:00:00Z"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "invalid: other_device\n");
    r = Cli({"verify", "--state", state_, "--file", doc, "--at", "2026-11-30T00:00:00Z"});
    EXPECT_EQ(r.err, "invalid: not_yet_valid\n");
    const auto garbage = dir_.File("garbage.json");
    std::ofstream(garbage) << "{ not json";
    r = Cli({"verify", "--state", state_, "--file", garbage});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "invalid: malformed\n");
    EXPECT_EQ(server_.Count("GET", "/api/v1/licensing/keys"), 1U);  // the one of the registration
}

TEST_F(DeviceCliTest, BadUsageExitsTwoWithTheUsage) {
    const std::vector<std::vector<std::string>> bad = {
        {},
        {"--state", state_},
        {"check-in"},
        {"fly", "--state", state_},
        {"lease", "--state", state_},
        {"lease", "borrow", "--state", state_},
        {"check-in", "--state", state_, "--product", "X"},
        {"check-in", "--state", state_, "--usage", "X"},
        {"check-in", "--state", state_, "--usage", "X=-1"},
        {"lease", "acquire", "--state", state_, "--product", "X", "--count", "0"},
        {"lease", "acquire", "--state", state_},
        {"lease", "heartbeat", "--state", state_, "--id", "1", "--id", "2"},
        {"verify", "--state", state_, "--at", "yesterday"},
        {"register", "--state", state_, "--server", "http://fake", "--token", "t", "--name", "n", "--serial", "s",
         "--product", "p", "--deployment", "mars"},
        {"register", "--state", state_, "--token", "t", "--name", "n", "--serial", "s", "--product", "p"},
        {"verify", "--state"},
        {"verify", "extra", "--state", state_},
    };
    for (const auto& args : bad) {
        const auto r = Cli(args);
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        EXPECT_EQ(r.code, 2) << joined;
        EXPECT_NE(r.err.find("usage: entitled-device"), std::string::npos) << joined;
    }
    EXPECT_TRUE(server_.requests.empty());
    EXPECT_FALSE(std::filesystem::exists(state_));
}

TEST_F(DeviceCliTest, CommandsOfAnUnregisteredStateFail) {
    auto r = Cli({"check-in", "--state", state_, "--server", "http://fake"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "entitled-device: the state " + state_ + " holds no device: register it first\n");
    EXPECT_FALSE(std::filesystem::exists(state_));
    r = Cli({"verify", "--state", state_});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(server_.requests.empty());
}

// The built binary: exit codes and streams as a shell sees them.
int Shell(const std::string& command, std::string* output) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return -1;
    char buf[512];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output->append(buf, n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(DeviceCliBinary, ExitCodesAndOfflineVerify) {
    const std::string binary = ENTITLED_DEVICE_BINARY;
    std::string out;
    EXPECT_EQ(Shell(binary, &out), 2);
    EXPECT_NE(out.find("usage: entitled-device"), std::string::npos);
    out.clear();
    EXPECT_EQ(Shell(binary + " --help", &out), 0);

    ScratchDir dir;
    const auto key = fixtures::NewKey("k1");
    DeviceState state;
    state.device_id = "42";
    state.device_secret = "s";
    state.serial = "SN-1";
    state.keys = {key.Published()};
    ASSERT_TRUE(SaveState(dir.File("state.json"), state).ok());
    std::ofstream(dir.File("doc.json")) << boost::json::serialize(key.Sign(fixtures::LeasePayload("SN-1", 42, 7)));
    const std::string verify =
        binary + " verify --state '" + dir.File("state.json") + "' --file '" + dir.File("doc.json") + "' --at ";
    out.clear();
    EXPECT_EQ(Shell(verify + "2026-12-01T10:05:00Z", &out), 0);
    EXPECT_EQ(out, "valid: lease 7 (FLOAT-CAD x2) until 2026-12-01T10:15:00Z\n");
    out.clear();
    EXPECT_EQ(Shell(verify + "2026-12-01T10:15:00.000001Z", &out), 1);
    EXPECT_EQ(out, "invalid: expired\n");
    // A network command against a closed port: curl's message, exit 1.
    out.clear();
    EXPECT_EQ(Shell(binary + " check-in --server http://127.0.0.1:1 --state '" + dir.File("state.json") + "'", &out),
              1);
    EXPECT_TRUE(out.starts_with("entitled-device: http://127.0.0.1:1/api/v1/devices/check-in: ")) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

}  // namespace
}  // namespace entitled::device
