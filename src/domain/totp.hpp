#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1,
// 6 digits, 30-second steps — what every authenticator app understands.
// Secrets travel as unpadded RFC 4648 base32, as in otpauth:// URIs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace entitled::domain {

constexpr int kTotpDigits = 6;
constexpr std::int64_t kTotpPeriodSeconds = 30;
constexpr size_t kTotpSecretBytes = 20;  // RFC 4226 §4: 160 bits

std::string Base32Encode(std::string_view bytes);
// Case-insensitive; ignores spaces and '=' padding; nullopt on any other character.
std::optional<std::string> Base32Decode(std::string_view text);

// The time step a moment falls in.
std::int64_t TotpStep(Micros now);
// The code for a step, zero-padded to `digits`.
std::string TotpCode(std::string_view secret, std::int64_t step, int digits = kTotpDigits);

// The step a code matches, looking one step either side of now for clock
// drift, and only at steps after `last_used_step` so a code works once.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, Micros now,
                                      std::optional<std::int64_t> last_used_step);

// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view base32_secret);

}  // namespace entitled::domain
