#pragma once
// The Ed25519 keys that sign what devices verify (SPEC §8). The private
// halves are files in the key directory (signing-<kid>.key, libsodium's 64
// bytes, mode 0600), never in the database or a backup of it; the database
// holds the public halves, so every instance on one database publishes the
// same keys and signs with the same one — give them the same key directory.
//
// The key that signs is the newest one not retired, read in the signing
// transaction: a rotation by `entitled keys rotate` or another instance takes
// effect at once. Older keys keep verifying until retired.
//
// Thread-safe: one per process, shared by the request workers.

#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include <boost/json.hpp>

#include "storage/db.hpp"
#include "storage/licensing_repository.hpp"

namespace entitled::service {

class SigningKeys {
  public:
    explicit SigningKeys(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Makes a key when the database has none that signs (first start).
    // Returns the kid of the key that signs when its private half is not in
    // this key directory (this instance cannot sign: a misconfiguration to
    // report; the server still starts, its check-ins and leases fail).
    Result<std::optional<std::string>> EnsureKey(storage::Database& db, Micros now);
    // A new key that signs from now on; returns its kid.
    Result<std::string> Rotate(storage::Database& db, Micros now);
    // Whether the private half of `kid` is in the key directory.
    bool HasPrivateKey(const std::string& kid) const;
    // `payload` as a signed document, by the key that signs.
    Result<boost::json::object> Sign(storage::Transaction& tx, const boost::json::object& payload) const;

    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path FileOf(const std::string& kid) const;
    Result<std::string> SecretOf(const std::string& kid) const;
    Result<std::string> Create(Micros now) const;

    std::filesystem::path dir_;
    mutable std::mutex mu_;
    mutable std::map<std::string, std::string> secrets_;  // kid → secret key, read once
};

// The published keys: {keys: [{kid, alg, public_key, created_at, retired_at}]}.
Result<std::vector<storage::SigningKeyRow>> PublishedKeys(storage::Transaction& tx);
// Retires a key (it no longer verifies); refuses the last one that signs.
Status RetireKey(storage::Transaction& tx, const std::string& kid, Micros now);

}  // namespace entitled::service
