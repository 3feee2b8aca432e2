#include "service/passwords.hpp"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <unordered_set>

#include "common/log.hpp"
#include "domain/user.hpp"

namespace entitled::service {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Loaded once, on first use; lines starting "#!" are comments (John the Ripper's format).
const std::unordered_set<std::string>& CommonPasswords() {
    static const std::unordered_set<std::string> list = [] {
        std::unordered_set<std::string> words;
        const char* env = std::getenv("ENTITLED_COMMON_PASSWORDS");
        const std::string path = env != nullptr ? env : kCommonPasswordsFile;
        std::ifstream in(path);
        if (!in) {
            Log(LogLevel::kWarn, "common_passwords_missing", {{"path", path}});
            return words;
        }
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line.rfind("#!", 0) == 0) continue;
            words.insert(Lower(line));
        }
        return words;
    }();
    return list;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        Error e = MakeError(Problem::kInternal);
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
    if (CommonPasswords().count(Lower(password)) > 0) {
        return FieldError{field, "common_password", "field.common_password", {}};
    }
    return std::nullopt;
}

}  // namespace entitled::service
