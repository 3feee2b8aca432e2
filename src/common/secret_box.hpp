#pragma once
// Secrets the server must read back later (TOTP seeds) are stored sealed
// with a key that lives outside the database, in the key directory, so a
// copy of the database or of a backup alone does not reveal them.
// XSalsa20-Poly1305 (libsodium's crypto_secretbox) with a random nonce per
// value; a value that was altered does not open.
//
// REQUIRES: InitCrypto() called once before use.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace entitled {

class SecretBox {
  public:
    // The key in `dir`/secrets.key, created (directory 0700, file 0600) when
    // missing. A key file of the wrong size stops the start, naming it.
    static Result<std::shared_ptr<const SecretBox>> LoadOrCreate(const std::filesystem::path& dir);
    // A key that lives only in this process: for tests and tools that keep nothing.
    static std::shared_ptr<const SecretBox> Ephemeral();

    // "sealed:v1:" + base64(nonce ‖ MAC ‖ ciphertext).
    std::string Seal(std::string_view plain) const;
    // The plain value; a value stored before sealing existed (no prefix) is
    // returned as it is; nullopt when it was altered or sealed with another key.
    std::optional<std::string> Open(std::string_view stored) const;
    static bool IsSealed(std::string_view stored);

    explicit SecretBox(std::string key) : key_(std::move(key)) {}

  private:
    std::string key_;
};

}  // namespace entitled
