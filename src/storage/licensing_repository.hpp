#pragma once
// SQL for product-side licensing (SPEC §8): the public halves of the signing
// keys, and the leases of floating pools.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/leases.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct SigningKeyRow {
    std::string kid;
    std::string public_key;  // base64url
    Micros created_at = 0;
    std::optional<Micros> retired_at;
};

class SigningKeyRepository {
  public:
    explicit SigningKeyRepository(Transaction& tx) : tx_(tx) {}

    // False when the kid is already there (another instance inserted it).
    Result<bool> Insert(const SigningKeyRow& key);
    // Newest first.
    Result<std::vector<SigningKeyRow>> All();
    // The key that signs: the newest not retired.
    Result<std::optional<std::string>> CurrentKid();
    // False when there is no such key or it was retired already.
    Result<bool> Retire(const std::string& kid, Micros now);

  private:
    Transaction& tx_;
};

struct LeaseScope {
    std::int64_t smart_account_id = 0;
    std::optional<std::set<std::int64_t>> virtual_accounts;  // nullopt: all of the account's
};

class LeaseRepository {
  public:
    explicit LeaseRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> Insert(const domain::Lease& lease);
    Result<std::optional<domain::Lease>> Find(std::int64_t id);
    // Seats held of the pool at `now`, and when the first of those leases expires.
    struct Held {
        std::int64_t seats = 0;
        std::optional<Micros> earliest_expiry;
    };
    Result<Held> HeldOf(std::int64_t virtual_account_id, const std::string& product, Micros now);
    Status Renew(std::int64_t id, Micros now, Micros expires_at);
    Status End(std::int64_t id, Micros at, domain::LeaseEnd why);
    // Active leases in scope by id after `after_id`, with their devices' names.
    Result<std::vector<domain::Lease>> Active(const LeaseScope& scope, Micros now, std::int64_t after_id, int limit);
    // Open leases past their expiry (for the job that records their end), by id.
    Result<std::vector<domain::Lease>> Lapsed(Micros now, int limit);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
