#include "domain/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace entitled::domain {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const size_t at = kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string Escape(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

}  // namespace

std::string Base32Encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == ' ' || c == '=') continue;
        const int v = Base32Value(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

std::int64_t TotpStep(Micros now) { return now / kMicrosPerSecond / kTotpPeriodSeconds; }

std::string TotpCode(std::string_view secret, std::int64_t step, int digits) {
    std::array<unsigned char, 8> counter{};
    for (int i = 7; i >= 0; --i) {
        counter[static_cast<size_t>(i)] = static_cast<unsigned char>(step & 0xff);
        step >>= 8;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_len = 0;
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter.data(), counter.size(), mac.data(),
         &mac_len);
    // RFC 4226 §5.3 dynamic truncation.
    const unsigned offset = mac[mac_len - 1] & 0x0f;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) modulus *= 10;
    std::string code = std::to_string(binary % modulus);
    return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, Micros now,
                                      std::optional<std::int64_t> last_used_step) {
    if (code.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
    const std::int64_t current = TotpStep(now);
    std::optional<std::int64_t> matched;
    // Every candidate is computed and compared in constant time, so timing does not tell which one matched.
    for (std::int64_t step = current - 1; step <= current + 1; ++step) {
        const std::string expected = TotpCode(secret, step);
        const bool same = sodium_memcmp(expected.data(), code.data(), expected.size()) == 0;
        if (same && (!last_used_step || step > *last_used_step) && !matched) matched = step;
    }
    return matched;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view base32_secret) {
    return "otpauth://totp/" + Escape(issuer) + ":" + Escape(account) + "?secret=" + std::string(base32_secret) +
           "&issuer=" + Escape(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
           "&period=" + std::to_string(kTotpPeriodSeconds);
}

}  // namespace entitled::domain
