// The shared signed-document code as the client relies on it, and its interoperability with OpenSSL.
#include "common/signed_document.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "test_support.hpp"

namespace entitled {
namespace {

using device::fixtures::NewKey;
using device::fixtures::ScratchDir;

TEST(Base64Url, RoundTripsEveryByteAndLength) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    for (size_t n = 0; n <= all.size(); ++n) {
        const auto bytes = all.substr(0, n);
        const auto text = Base64UrlEncode(bytes);
        EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
        EXPECT_EQ(Base64UrlDecode(text), bytes) << n;
    }
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Url, DecodeRejectsPadding) {
    EXPECT_EQ(Base64UrlDecode("YQ"), "a");
    EXPECT_EQ(Base64UrlDecode("YQ=="), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("YWI="), std::nullopt);
}

TEST(Base64Url, DecodeRejectsNonCanonicalTrailingBits) {
    // "YR" carries the bits of "a" plus four more that are not zero; only "YQ" encodes "a".
    EXPECT_EQ(Base64UrlDecode("YR"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("YWJ"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("YWI"), "ab");
}

TEST(Base64Url, DecodeRejectsOtherAlphabetsWhitespaceAndImpossibleLengths) {
    EXPECT_EQ(Base64UrlDecode("-_8"), "\xfb\xff");
    EXPECT_EQ(Base64UrlDecode("+/8"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("YQ\n"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode(" YQ"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("Y"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode("YWJjZ"), std::nullopt);
    EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(SignDocument, SignsTheSerializedPayload) {
    const auto key = NewKey("k1");
    const boost::json::object payload{{"type", "lease"}, {"n", 1}};
    const auto doc = SignDocument(payload, "k1", key.pair.secret_key);
    EXPECT_EQ(doc.at("format").as_string(), kSignedFormat);
    EXPECT_EQ(doc.at("kid").as_string(), "k1");
    EXPECT_EQ(Base64UrlDecode(doc.at("payload").as_string()), boost::json::serialize(payload));
    EXPECT_EQ(Base64UrlDecode(doc.at("signature").as_string()).value_or("").size(), crypto_sign_BYTES);
    const auto opened = OpenDocument(doc, {{"k1", key.pair.public_key, false}});
    EXPECT_EQ(opened.check, SignatureCheck::kValid);
    EXPECT_EQ(opened.payload, payload);
    EXPECT_EQ(PublicKeyOf(key.pair.secret_key), key.pair.public_key);
}

// SPEC §8: any Ed25519 implementation verifies a signed document. OpenSSL is
// a second, independent one: it must accept what SignDocument signs and refuse
// the same signature over one changed byte.
class OpenSslInterop : public ::testing::Test {
  protected:
    ScratchDir dir_;

    static void Write(const std::string& path, std::string_view bytes) {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        ASSERT_TRUE(out.good()) << path;
    }

    // An SPKI PEM of a raw Ed25519 public key (RFC 8410): a fixed DER prefix, then the 32 key bytes.
    static std::string PublicKeyPem(const std::string& raw) {
        const std::string der = std::string("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12) + raw;
        std::string b64(sodium_base64_encoded_len(der.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
        sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          sodium_base64_VARIANT_ORIGINAL);
        b64.resize(b64.size() - 1);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    // OpenSSL's exit status for verifying `signature` over `payload`.
    int OpenSslVerify(const std::string& public_key, std::string_view payload, std::string_view signature) {
        Write(dir_.File("pub.pem"), PublicKeyPem(public_key));
        Write(dir_.File("payload.bin"), payload);
        Write(dir_.File("sig.bin"), signature);
        const std::string command = "openssl pkeyutl -verify -pubin -inkey '" + dir_.File("pub.pem") +
                                    "' -rawin -in '" + dir_.File("payload.bin") + "' -sigfile '" +
                                    dir_.File("sig.bin") + "' >'" + dir_.File("openssl.log") + "' 2>&1";
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

TEST_F(OpenSslInterop, OpenSslVerifiesASignedDocument) {
    const auto key = NewKey("k1");
    const auto doc =
        SignDocument({{"type", "authorization"}, {"device", {{"serial", "SN-1"}}}}, "k1", key.pair.secret_key);
    const auto payload = Base64UrlDecode(doc.at("payload").as_string()).value();
    const auto signature = Base64UrlDecode(doc.at("signature").as_string()).value();
    EXPECT_EQ(OpenSslVerify(key.pair.public_key, payload, signature), 0);
}

TEST_F(OpenSslInterop, OpenSslRefusesATamperedPayload) {
    const auto key = NewKey("k1");
    const auto doc = SignDocument({{"type", "authorization"}, {"count", 5}}, "k1", key.pair.secret_key);
    auto payload = Base64UrlDecode(doc.at("payload").as_string()).value();
    const auto signature = Base64UrlDecode(doc.at("signature").as_string()).value();
    payload[payload.find('5')] = '9';
    EXPECT_NE(OpenSslVerify(key.pair.public_key, payload, signature), 0);
    // And with another key's public half, the untouched payload is refused too.
    const auto other = NewKey("k2");
    EXPECT_NE(OpenSslVerify(other.pair.public_key, Base64UrlDecode(doc.at("payload").as_string()).value(), signature),
              0);
}

}  // namespace
}  // namespace entitled
