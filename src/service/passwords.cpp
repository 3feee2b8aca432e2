#include "service/passwords.hpp"

#include <sodium.h>

#include "domain/user.hpp"

namespace entitled::service {

Result<std::string> HashPassword(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        Error e = MakeError(ErrorCode::kInternal, "internal", "internal");
        e.internal = "crypto_pwhash_str failed (out of memory?)";
        return e;
    }
    return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
    const std::string h(hash);
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::optional<FieldError> CheckPasswordPolicy(std::string_view password, const std::string& field) {
    const size_t n = domain::Utf8Length(password);
    if (n < domain::kMinPasswordLength) {
        return FieldError{field, "too_short", "field.too_short", {{"min", std::to_string(domain::kMinPasswordLength)}}};
    }
    if (n > domain::kMaxPasswordLength) {
        return FieldError{field, "too_long", "field.too_long", {{"max", std::to_string(domain::kMaxPasswordLength)}}};
    }
    return std::nullopt;
}

}  // namespace entitled::service
