#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "entitled/device_client.hpp"
#include "test_support.hpp"

namespace entitled::device {
namespace {

using fixtures::LeasePayload;
using fixtures::NewKey;
using fixtures::ScratchDir;

unsigned ModeOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return st.st_mode & 0777U;
}

DeviceState FullState() {
    const auto k1 = NewKey("k1");
    const auto k0 = NewKey("k0");
    DeviceState s;
    s.server = "http://127.0.0.1:8080";
    s.device_id = "42";
    s.device_secret = "device-secret-1";
    s.name = "edge router";
    s.serial = "SN-1";
    s.product = "ROUTER";
    s.deployment = "on_prem";
    s.keys = {k0.Published("2026-06-01T00:00:00Z"), k1.Published()};
    s.authorization = k1.Sign(fixtures::AuthorizationPayload("SN-1", 42));
    s.leases.push_back({"7", "FLOAT-CAD", 2, "2026-12-01T10:15:00Z", k1.Sign(LeasePayload("SN-1", 42, 7))});
    return s;
}

TEST(DeviceStateFile, MissingFileIsAnUnregisteredState) {
    ScratchDir dir;
    const auto loaded = LoadState(dir.File("state.json"));
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(loaded.value().registered());
    EXPECT_TRUE(loaded.value().keys.empty());
    EXPECT_TRUE(loaded.value().authorization.is_null());
}

TEST(DeviceStateFile, RoundTripsEveryField) {
    ScratchDir dir;
    const auto path = dir.File("state.json");
    const auto saved = FullState();
    ASSERT_TRUE(SaveState(path, saved).ok());
    const auto loaded = LoadState(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const auto& s = loaded.value();
    EXPECT_EQ(s.server, saved.server);
    EXPECT_EQ(s.device_id, "42");
    EXPECT_EQ(s.device_secret, saved.device_secret);
    EXPECT_EQ(s.name, saved.name);
    EXPECT_EQ(s.serial, saved.serial);
    EXPECT_EQ(s.product, saved.product);
    EXPECT_EQ(s.deployment, "on_prem");
    ASSERT_EQ(s.keys.size(), 2U);
    EXPECT_EQ(s.keys[0].kid, "k0");
    EXPECT_EQ(s.keys[0].public_key, saved.keys[0].public_key);
    EXPECT_EQ(s.keys[0].retired_at, "2026-06-01T00:00:00Z");
    EXPECT_EQ(s.keys[1].retired_at, std::nullopt);
    EXPECT_EQ(s.authorization, saved.authorization);
    ASSERT_EQ(s.leases.size(), 1U);
    EXPECT_EQ(s.leases[0].id, "7");
    EXPECT_EQ(s.leases[0].product, "FLOAT-CAD");
    EXPECT_EQ(s.leases[0].count, 2);
    EXPECT_EQ(s.leases[0].expires_at, "2026-12-01T10:15:00Z");
    EXPECT_EQ(s.leases[0].document, saved.leases[0].document);
    // What was stored still verifies after the round trip.
    EXPECT_EQ(
        VerifyDocument(s.authorization, s.keys, {s.device_id, s.serial}, fixtures::At("2026-12-02T00:00:00Z")).verdict,
        Verdict::kValid);
}

TEST(DeviceStateFile, IsWrittenWithMode0600WhateverTheUmask) {
    ScratchDir dir;
    const auto path = dir.File("state.json");
    const mode_t old = ::umask(0);
    const auto saved = SaveState(path, FullState());
    ::umask(old);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(ModeOf(path), 0600U);
}

TEST(DeviceStateFile, ReplacingAReadableFileMakesIt0600) {
    ScratchDir dir;
    const auto path = dir.File("state.json");
    { std::ofstream(path) << "{}"; }
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    ASSERT_TRUE(SaveState(path, FullState()).ok());
    EXPECT_EQ(ModeOf(path), 0600U);
    EXPECT_TRUE(LoadState(path).ok());
}

TEST(DeviceStateFile, SaveLeavesNoTemporaryFileBehind) {
    ScratchDir dir;
    ASSERT_TRUE(SaveState(dir.File("state.json"), FullState()).ok());
    ASSERT_TRUE(SaveState(dir.File("state.json"), FullState()).ok());
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        names.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(names, std::vector<std::string>{"state.json"});
}

TEST(DeviceStateFile, SaveIntoAMissingDirectoryIsAnError) {
    ScratchDir dir;
    const auto saved = SaveState(dir.File("nowhere/state.json"), FullState());
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::kState);
}

TEST(DeviceStateFile, UnreadableContentIsAnErrorNotAnEmptyState) {
    ScratchDir dir;
    const auto path = dir.File("state.json");
    for (const std::string content :
         {"not json", "[]", R"({"device_id": "1"})",
          R"({"format": "entitled-device-state/1", "keys": [{"kid": "k", "alg": "Ed25519", "public_key": "AAAA"}]})"}) {
        { std::ofstream(path) << content; }
        const auto loaded = LoadState(path);
        ASSERT_FALSE(loaded.ok()) << content;
        EXPECT_EQ(loaded.error().code, ErrorCode::kState);
        EXPECT_NE(loaded.error().message.find(path), std::string::npos);
    }
}

TEST(PublishedKeys, ParseReadsRetirementAndSkipsOtherAlgorithms) {
    const auto k1 = NewKey("k1");
    auto json = KeysToJson({k1.Published("2026-06-01T00:00:00Z")});
    json["keys"].as_array().push_back(
        boost::json::object{{"kid", "pq1"}, {"alg", "ML-DSA-65"}, {"public_key", "AAAA"}, {"retired_at", nullptr}});
    const auto keys = ParseKeys(json);
    ASSERT_TRUE(keys.ok()) << keys.error().message;
    ASSERT_EQ(keys.value().size(), 1U);
    EXPECT_EQ(keys.value()[0].public_key, k1.pair.public_key);
    EXPECT_EQ(keys.value()[0].retired_at, "2026-06-01T00:00:00Z");
}

TEST(PublishedKeys, ParseRejectsAKeyThatIsNotA32ByteBase64UrlKey) {
    for (const std::string_view key : {"AAAA", "not base64!", ""}) {
        const boost::json::object json{
            {"keys", boost::json::array{boost::json::object{{"kid", "k1"}, {"alg", "Ed25519"}, {"public_key", key}}}}};
        const auto parsed = ParseKeys(json);
        ASSERT_FALSE(parsed.ok()) << key;
        EXPECT_EQ(parsed.error().code, ErrorCode::kInput);
    }
    EXPECT_FALSE(ParseKeys(boost::json::value(nullptr)).ok());
}

}  // namespace
}  // namespace entitled::device
