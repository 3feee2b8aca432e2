#pragma once
// The one format of every signed thing (SPEC §8, API.md "Signed document"):
//   {"format": "entitled/1", "kid", "payload", "signature"}
// `payload` is base64url (RFC 4648 §5, no padding) of the UTF-8 JSON payload
// and `signature` the base64url Ed25519 signature of exactly those payload
// bytes, so any Ed25519 implementation (libsodium, OpenSSL) verifies it.
//
// Used by the server (signing) and by the device client (verifying offline),
// so it depends on libsodium and Boost.JSON only.
//
// REQUIRES: sodium_init() called once before use.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace entitled {

inline constexpr std::string_view kSignedFormat = "entitled/1";

std::string Base64UrlEncode(std::string_view bytes);
// nullopt for anything but canonical unpadded base64url.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Raw libsodium keys: 32-byte public key, 64-byte secret key.
struct Ed25519KeyPair {
    std::string public_key;
    std::string secret_key;
};
Ed25519KeyPair GenerateEd25519KeyPair();
// The public key of a secret key (its last 32 bytes, as libsodium lays it out).
std::string PublicKeyOf(const std::string& secret_key);

// Serializes `payload` once and signs those bytes.
// REQUIRES: secret_key.size() == 64.
boost::json::object SignDocument(const boost::json::object& payload, const std::string& kid,
                                 const std::string& secret_key);

// A key a verifier trusts: raw 32-byte public key; `retired` keys no longer verify.
struct TrustedKey {
    std::string kid;
    std::string public_key;
    bool retired = false;
};

enum class SignatureCheck { kValid, kMalformed, kUnknownFormat, kUnknownKey, kRetiredKey, kBadSignature };
std::string_view SignatureCheckName(SignatureCheck c);

struct OpenedDocument {
    SignatureCheck check = SignatureCheck::kMalformed;
    std::string kid;
    boost::json::object payload;  // set only when check == kValid
};
// Checks format, kid and signature of a document against `keys`; the payload
// is parsed only after its signature verified.
OpenedDocument OpenDocument(const boost::json::value& document, const std::vector<TrustedKey>& keys);

}  // namespace entitled
