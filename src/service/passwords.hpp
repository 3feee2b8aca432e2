#pragma once
// Password hashing with argon2id (libsodium's crypto_pwhash_str), at the
// "interactive" cost: about 64 MiB and tens of milliseconds per hash, which is
// why callers hash before opening a transaction, never inside one.

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace entitled::service {

Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// The list of common passwords refused whatever their length: John the
// Ripper's password.lst from Debian's john-data package (installed by
// scripts/install-deps.sh); ENTITLED_COMMON_PASSWORDS names another file.
inline constexpr const char* kCommonPasswordsFile = "/usr/share/john/password.lst";

// 8 to 128 characters and not a common password (compared case-insensitively);
// the FieldError names `field`.
std::optional<FieldError> CheckPasswordPolicy(std::string_view password, const std::string& field);

}  // namespace entitled::service
