#include "common/signed_document.hpp"

#include <sodium.h>

#include <algorithm>

namespace entitled {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

const boost::json::string* StringMember(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v != nullptr ? v->if_string() : nullptr;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), kVariant);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, &end, kVariant) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(len);
    // libsodium accepts trailing bits that are not zero; a canonical encoding re-encodes to itself.
    if (Base64UrlEncode(out) != text) return std::nullopt;
    return out;
}

Ed25519KeyPair GenerateEd25519KeyPair() {
    Ed25519KeyPair k;
    k.public_key.resize(crypto_sign_PUBLICKEYBYTES);
    k.secret_key.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(k.public_key.data()),
                        reinterpret_cast<unsigned char*>(k.secret_key.data()));
    return k;
}

std::string PublicKeyOf(const std::string& secret_key) {
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return {};
    return secret_key.substr(crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES);
}

boost::json::object SignDocument(const boost::json::object& payload, const std::string& kid,
                                 const std::string& secret_key) {
    const std::string bytes = boost::json::serialize(payload);
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, Bytes(bytes), bytes.size(), Bytes(secret_key));
    return {
        {"format", kSignedFormat},
        {"kid", kid},
        {"payload", Base64UrlEncode(bytes)},
        {"signature", Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(signature), sizeof signature))}};
}

std::string_view SignatureCheckName(SignatureCheck c) {
    switch (c) {
        case SignatureCheck::kValid:
            return "valid";
        case SignatureCheck::kMalformed:
            return "malformed";
        case SignatureCheck::kUnknownFormat:
            return "unknown_format";
        case SignatureCheck::kUnknownKey:
            return "unknown_key";
        case SignatureCheck::kRetiredKey:
            return "retired_key";
        case SignatureCheck::kBadSignature:
            return "bad_signature";
    }
    return "malformed";
}

OpenedDocument OpenDocument(const boost::json::value& document, const std::vector<TrustedKey>& keys) {
    OpenedDocument out;
    const auto* doc = document.if_object();
    if (doc == nullptr) return out;
    const auto* format = StringMember(*doc, "format");
    const auto* kid = StringMember(*doc, "kid");
    const auto* payload = StringMember(*doc, "payload");
    const auto* signature = StringMember(*doc, "signature");
    if (format == nullptr || kid == nullptr || payload == nullptr || signature == nullptr) return out;
    out.kid = std::string(*kid);
    if (*format != kSignedFormat) {
        out.check = SignatureCheck::kUnknownFormat;
        return out;
    }
    const auto key = std::find_if(keys.begin(), keys.end(), [&](const TrustedKey& k) { return k.kid == *kid; });
    if (key == keys.end() || key->public_key.size() != crypto_sign_PUBLICKEYBYTES) {
        out.check = SignatureCheck::kUnknownKey;
        return out;
    }
    if (key->retired) {
        out.check = SignatureCheck::kRetiredKey;
        return out;
    }
    const auto bytes = Base64UrlDecode(*payload);
    const auto sig = Base64UrlDecode(*signature);
    if (!bytes || !sig) return out;
    if (sig->size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(Bytes(*sig), Bytes(*bytes), bytes->size(), Bytes(key->public_key)) != 0) {
        out.check = SignatureCheck::kBadSignature;
        return out;
    }
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*bytes, ec);
    if (ec || !parsed.is_object()) return out;  // signed, but not a payload: malformed
    out.payload = std::move(parsed.as_object());
    out.check = SignatureCheck::kValid;
    return out;
}

}  // namespace entitled
