#include "service/signing_keys.hpp"

#include <sodium.h>

#include "common/key_files.hpp"
#include "common/random.hpp"
#include "common/signed_document.hpp"

namespace entitled::service {
namespace {

// "ed25519-20261203-3fa9c1": sortable by day, unique by the random part.
std::string NewKid(Micros now) {
    std::string day = FormatRfc3339(now).substr(0, 10);
    std::erase(day, '-');
    return "ed25519-" + day + "-" + RandomHex(3);
}

}  // namespace

std::filesystem::path SigningKeys::FileOf(const std::string& kid) const { return dir_ / ("signing-" + kid + ".key"); }

bool SigningKeys::HasPrivateKey(const std::string& kid) const {
    std::error_code ec;
    return std::filesystem::exists(FileOf(kid), ec);
}

Result<std::string> SigningKeys::Create(Micros now) const {
    ENT_TRY(PrepareKeyDir(dir_));
    const std::string kid = NewKid(now);
    const auto pair = GenerateEd25519KeyPair();
    ENT_ASSIGN_OR_RETURN(bool created, CreateKeyFile(FileOf(kid), pair.secret_key));
    if (!created) return KeyFileError(FileOf(kid), "exists already");
    return kid;
}

Result<std::optional<std::string>> SigningKeys::EnsureKey(storage::Database& db, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto current, db.Run(storage::TxMode::kRead, [](storage::Transaction& tx) {
        return storage::SigningKeyRepository(tx).CurrentKid();
    }));
    if (!current) {
        ENT_TRY(Rotate(db, now));
        return std::optional<std::string>();
    }
    if (!HasPrivateKey(*current)) return current;
    ENT_TRY(SecretOf(*current));
    return std::optional<std::string>();
}

Result<std::string> SigningKeys::Rotate(storage::Database& db, Micros now) {
    // The private half first: a key the database publishes can always sign.
    ENT_ASSIGN_OR_RETURN(auto kid, Create(now));
    ENT_ASSIGN_OR_RETURN(auto secret, SecretOf(kid));
    const storage::SigningKeyRow row{kid, Base64UrlEncode(PublicKeyOf(secret)), now, std::nullopt};
    ENT_TRY(db.Run(storage::TxMode::kWrite,
                   [&](storage::Transaction& tx) { return storage::SigningKeyRepository(tx).Insert(row); }));
    return kid;
}

Result<std::string> SigningKeys::SecretOf(const std::string& kid) const {
    {
        std::lock_guard lock(mu_);
        if (const auto it = secrets_.find(kid); it != secrets_.end()) return it->second;
    }
    ENT_ASSIGN_OR_RETURN(auto secret, ReadKeyFile(FileOf(kid), crypto_sign_SECRETKEYBYTES));
    std::lock_guard lock(mu_);
    secrets_.emplace(kid, secret);
    return secret;
}

Result<boost::json::object> SigningKeys::Sign(storage::Transaction& tx, const boost::json::object& payload) const {
    ENT_ASSIGN_OR_RETURN(auto kid, storage::SigningKeyRepository(tx).CurrentKid());
    if (!kid) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "no signing key: every key is retired (entitled keys rotate)";
        return e;
    }
    auto secret = SecretOf(*kid);  // read from the key directory once, then from memory
    if (!secret.ok() && !HasPrivateKey(*kid)) {
        return KeyFileError(FileOf(*kid),
                            "missing: the key that signs is not in this key directory (every instance "
                            "on one database needs the same --key-dir)");
    }
    if (!secret.ok()) return std::move(secret).error();
    return SignDocument(payload, *kid, *secret);
}

Result<std::vector<storage::SigningKeyRow>> PublishedKeys(storage::Transaction& tx) {
    return storage::SigningKeyRepository(tx).All();
}

Status RetireKey(storage::Transaction& tx, const std::string& kid, Micros now) {
    storage::SigningKeyRepository keys(tx);
    ENT_ASSIGN_OR_RETURN(auto current, keys.CurrentKid());
    ENT_ASSIGN_OR_RETURN(auto all, keys.All());
    int signing = 0;
    for (const auto& k : all) signing += k.retired_at ? 0 : 1;
    if (current == kid && signing == 1) return MakeError(Problem::kLastSigningKey).With("kid", kid);
    ENT_ASSIGN_OR_RETURN(bool retired, keys.Retire(kid, now));
    if (!retired) return NotFound();
    return Ok();
}

}  // namespace entitled::service
