#include <gtest/gtest.h>

#include "entitled/device_client.hpp"
#include "test_support.hpp"

namespace entitled::device {
namespace {

using namespace fixtures;  // NOLINT(google-build-using-namespace): the test helpers
using ::testing::Test;

class VerifyDocumentTest : public Test {
  protected:
    SigningKey key_ = NewKey("k1");
    std::vector<PublicKey> keys_{key_.Published()};
    DeviceIdentity device_{"42", "SN-1"};
    Time during_ = At("2026-12-02T00:00:00Z");

    Verification Check(const value& document, Time now, std::string_view type = {}) const {
        return VerifyDocument(document, keys_, device_, now, type);
    }
    object Authorization() const { return key_.Sign(AuthorizationPayload("SN-1", 42)); }
};

TEST_F(VerifyDocumentTest, ValidAuthorizationVerifies) {
    const auto v = Check(Authorization(), during_);
    EXPECT_EQ(v.verdict, Verdict::kValid);
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.type, "authorization");
    EXPECT_EQ(v.kid, "k1");
    EXPECT_EQ(v.issued_at, kIssued);
    EXPECT_EQ(v.not_after, kNotAfter);
    EXPECT_EQ(v.payload.at("status").as_string(), "authorized");
    EXPECT_EQ(VerdictName(v.verdict), "valid");
}

TEST_F(VerifyDocumentTest, ValidLeaseVerifiesAsExpectedType) {
    const auto v = Check(key_.Sign(LeasePayload("SN-1", 42, 7)), At("2026-12-01T10:05:00Z"), "lease");
    EXPECT_EQ(v.verdict, Verdict::kValid);
    EXPECT_EQ(v.not_after, kLeaseExpires);
}

TEST_F(VerifyDocumentTest, TamperedPayloadByteIsBadSignature) {
    auto doc = Authorization();
    auto bytes = Base64UrlDecode(doc.at("payload").as_string()).value();
    // One byte: the count 5 of ROUTER-DNA becomes 9, still well-formed JSON.
    const auto at = bytes.find("\"count\":5");
    ASSERT_NE(at, std::string::npos);
    bytes[at + 8] = '9';
    doc["payload"] = Base64UrlEncode(bytes);
    const auto v = Check(doc, during_);
    EXPECT_EQ(v.verdict, Verdict::kBadSignature);
    EXPECT_EQ(VerdictName(v.verdict), "bad_signature");
    EXPECT_TRUE(v.payload.empty());  // an unverified payload is never handed out
}

TEST_F(VerifyDocumentTest, SignatureOfAnotherKeyUnderATrustedKidIsBadSignature) {
    const auto impostor = NewKey("k1");
    EXPECT_EQ(Check(impostor.Sign(AuthorizationPayload("SN-1", 42)), during_).verdict, Verdict::kBadSignature);
}

TEST_F(VerifyDocumentTest, UnknownKidIsUnknownKey) {
    const auto other = NewKey("k2");
    const auto v = Check(other.Sign(AuthorizationPayload("SN-1", 42)), during_);
    EXPECT_EQ(v.verdict, Verdict::kUnknownKey);
    EXPECT_EQ(v.kid, "k2");
    EXPECT_EQ(VerdictName(v.verdict), "unknown_key");
}

TEST_F(VerifyDocumentTest, RetiredKeyIsRetiredKey) {
    keys_ = {key_.Published("2026-11-30T00:00:00Z")};
    const auto v = Check(Authorization(), during_);
    EXPECT_EQ(v.verdict, Verdict::kRetiredKey);
    EXPECT_EQ(VerdictName(v.verdict), "retired_key");
}

TEST_F(VerifyDocumentTest, UnknownFormatIsUnknownFormat) {
    auto doc = Authorization();
    doc["format"] = "entitled/2";
    EXPECT_EQ(Check(doc, during_).verdict, Verdict::kUnknownFormat);
}

TEST_F(VerifyDocumentTest, NotASignedDocumentIsMalformed) {
    EXPECT_EQ(Check(value(nullptr), during_).verdict, Verdict::kMalformed);
    EXPECT_EQ(Check(value("text"), during_).verdict, Verdict::kMalformed);
    auto no_signature = Authorization();
    no_signature.erase("signature");
    EXPECT_EQ(Check(no_signature, during_).verdict, Verdict::kMalformed);
    auto padded = Authorization();
    padded["signature"] = std::string(padded.at("signature").as_string()) + "==";
    EXPECT_EQ(Check(padded, during_).verdict, Verdict::kMalformed);
}

TEST_F(VerifyDocumentTest, SignedPayloadWithoutDeviceOrTimesIsMalformed) {
    auto no_device = AuthorizationPayload("SN-1", 42);
    no_device.erase("device");
    EXPECT_EQ(Check(key_.Sign(no_device), during_).verdict, Verdict::kMalformed);
    auto bad_time = AuthorizationPayload("SN-1", 42);
    bad_time["not_after"] = "next tuesday";
    EXPECT_EQ(Check(key_.Sign(bad_time), during_).verdict, Verdict::kMalformed);
}

TEST_F(VerifyDocumentTest, UnknownOrMissingTypeIsWrongType) {
    auto coupon = AuthorizationPayload("SN-1", 42);
    coupon["type"] = "coupon";
    EXPECT_EQ(Check(key_.Sign(coupon), during_).verdict, Verdict::kWrongType);
    auto untyped = AuthorizationPayload("SN-1", 42);
    untyped.erase("type");
    EXPECT_EQ(Check(key_.Sign(untyped), during_).verdict, Verdict::kWrongType);
    EXPECT_EQ(VerdictName(Verdict::kWrongType), "wrong_type");
}

TEST_F(VerifyDocumentTest, LeaseWhereAnAuthorizationIsExpectedIsWrongType) {
    const auto lease = key_.Sign(LeasePayload("SN-1", 42, 7));
    const auto v = Check(lease, At("2026-12-01T10:05:00Z"), "authorization");
    EXPECT_EQ(v.verdict, Verdict::kWrongType);
    EXPECT_EQ(v.type, "lease");
}

TEST_F(VerifyDocumentTest, OtherSerialIsOtherDevice) {
    const auto v = Check(key_.Sign(AuthorizationPayload("SN-2", 42)), during_);
    EXPECT_EQ(v.verdict, Verdict::kOtherDevice);
    EXPECT_EQ(VerdictName(v.verdict), "other_device");
}

TEST_F(VerifyDocumentTest, OtherDeviceIdIsOtherDevice) {
    EXPECT_EQ(Check(key_.Sign(AuthorizationPayload("SN-1", 43)), during_).verdict, Verdict::kOtherDevice);
    EXPECT_EQ(Check(key_.Sign(AuthorizationPayload("SN-1", "42x")), during_).verdict, Verdict::kOtherDevice);
}

TEST_F(VerifyDocumentTest, DocumentWithoutDeviceIdBindsBySerialAlone) {
    EXPECT_EQ(Check(key_.Sign(AuthorizationPayload("SN-1", nullptr)), during_).verdict, Verdict::kValid);
}

TEST_F(VerifyDocumentTest, StringDeviceIdMatchesTheSameId) {
    EXPECT_EQ(Check(key_.Sign(AuthorizationPayload("SN-1", "42")), during_).verdict, Verdict::kValid);
}

TEST_F(VerifyDocumentTest, PastNotAfterIsExpiredButInGrace) {
    const auto v = Check(Authorization(), At("2026-12-03T11:00:01Z"));
    EXPECT_EQ(v.verdict, Verdict::kExpired);
    EXPECT_EQ(VerdictName(v.verdict), "expired");
    EXPECT_TRUE(v.in_grace);
    EXPECT_EQ(v.grace_until, kGrace);
}

TEST_F(VerifyDocumentTest, PastGraceIsExpiredWithoutGrace) {
    const auto v = Check(Authorization(), At("2027-03-01T10:00:01Z"));
    EXPECT_EQ(v.verdict, Verdict::kExpired);
    EXPECT_FALSE(v.in_grace);
}

TEST_F(VerifyDocumentTest, ExpiredLeaseHasNoGrace) {
    const auto v = Check(key_.Sign(LeasePayload("SN-1", 42, 7)), At("2026-12-01T10:15:01Z"));
    EXPECT_EQ(v.verdict, Verdict::kExpired);
    EXPECT_FALSE(v.in_grace);
}

TEST_F(VerifyDocumentTest, BeforeIssuedAtIsNotYetValid) {
    const auto v = Check(Authorization(), At("2026-12-01T09:59:59Z"));
    EXPECT_EQ(v.verdict, Verdict::kNotYetValid);
    EXPECT_EQ(VerdictName(v.verdict), "not_yet_valid");
}

TEST_F(VerifyDocumentTest, WindowIncludesBothEnds) {
    EXPECT_EQ(Check(Authorization(), At(kIssued)).verdict, Verdict::kValid);
    EXPECT_EQ(Check(Authorization(), At(kNotAfter)).verdict, Verdict::kValid);
}

TEST_F(VerifyDocumentTest, FractionalSecondsCountToTheMicrosecond) {
    auto payload = AuthorizationPayload("SN-1", 42);
    payload["not_after"] = "2026-12-03T11:00:00.123456Z";
    const auto doc = key_.Sign(payload);
    EXPECT_EQ(Check(doc, At("2026-12-03T11:00:00.123456Z")).verdict, Verdict::kValid);
    EXPECT_EQ(Check(doc, At("2026-12-03T11:00:00.123457Z")).verdict, Verdict::kExpired);
}

TEST_F(VerifyDocumentTest, ClockSkewWidensTheWindow) {
    const auto early = At("2026-12-01T09:58:00Z");
    EXPECT_EQ(VerifyDocument(Authorization(), keys_, device_, early, {}, std::chrono::minutes(5)).verdict,
              Verdict::kValid);
    EXPECT_EQ(VerifyDocument(Authorization(), keys_, device_, early).verdict, Verdict::kNotYetValid);
}

TEST_F(VerifyDocumentTest, ChecksRunInOrder) {
    // Another device's expired document: the binding fails first.
    EXPECT_EQ(Check(key_.Sign(AuthorizationPayload("SN-2", 42)), At("2028-01-01T00:00:00Z")).verdict,
              Verdict::kOtherDevice);
    // A wrong type for another device: the type fails first.
    auto coupon = AuthorizationPayload("SN-2", 42);
    coupon["type"] = "coupon";
    EXPECT_EQ(Check(key_.Sign(coupon), during_).verdict, Verdict::kWrongType);
    // An unknown key for an expired document of another device: the signature fails first.
    EXPECT_EQ(Check(NewKey("k9").Sign(coupon), At("2028-01-01T00:00:00Z")).verdict, Verdict::kUnknownKey);
}

}  // namespace
}  // namespace entitled::device
