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
// Length rules; the FieldError names `field`.
std::optional<FieldError> CheckPasswordPolicy(std::string_view password, const std::string& field);

}  // namespace entitled::service
