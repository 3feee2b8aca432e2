#pragma once
// Random identifiers and secrets from libsodium's CSPRNG, and the one-way
// hash used to store secrets (API tokens, links) so a database leak does not
// leak them.
//
// REQUIRES: InitCrypto() called once before use (cli/main.cpp does it).

#include <string>
#include <string_view>

namespace entitled {

bool InitCrypto();
// `bytes` raw random bytes.
std::string RandomBytes(size_t bytes);
// `bytes` random bytes as lower-case hex.
std::string RandomHex(size_t bytes);
// `bytes` random bytes as unpadded base64url: for secrets handed to people.
std::string RandomToken(size_t bytes);
// SHA-256 of `secret`, hex: what is stored in place of a secret.
std::string HashSecret(std::string_view secret);

}  // namespace entitled
