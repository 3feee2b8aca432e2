#include "common/random.hpp"

#include <sodium.h>

#include <vector>

namespace entitled {

bool InitCrypto() { return sodium_init() >= 0; }

std::string RandomBytes(size_t bytes) {
    std::string out(bytes, '\0');
    randombytes_buf(out.data(), out.size());
    return out;
}

std::string RandomHex(size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), buf.data(), buf.size());
    out.resize(bytes * 2);
    return out;
}

std::string RandomToken(size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    const size_t len = sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(len - 1);  // drop the terminating NUL
    return out;
}

std::string HashSecret(std::string_view secret) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    std::string out(sizeof digest * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest, sizeof digest);
    out.resize(sizeof digest * 2);
    return out;
}

}  // namespace entitled
