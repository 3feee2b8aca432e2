#pragma once
// SQL for license lots and their ledger entries. A lot's `quantity` and
// `reserved` are the running balance of its entries, written in the same
// transaction as each entry (service/ledger.cpp does both).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/licenses.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

// A lot as listed: with where it came from and the name of its VA.
struct LotListing {
    domain::Lot lot;
    std::optional<std::string> order_number;
    std::optional<int> line_number;
    std::string virtual_account_name;
};

struct UsageTotal {
    domain::PoolKey pool;
    std::int64_t in_use = 0;
};

// Which lots a listing covers: one account, optionally one VA or a set of VAs, optionally one product.
struct LotScope {
    std::int64_t smart_account_id = 0;
    std::optional<std::set<std::int64_t>> virtual_accounts;  // nullopt: all of the account's
    std::optional<std::string> product;
};

class LicenseRepository {
  public:
    explicit LicenseRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertLot(const domain::Lot& lot, Micros now);
    Result<std::optional<domain::Lot>> FindLot(std::int64_t lot_id);
    // The lot a deposit of this order line created.
    Result<std::optional<domain::Lot>> LotOfLine(std::int64_t line_id);
    // The root lot and every lot split off it, oldest first.
    Result<std::vector<domain::Lot>> Family(std::int64_t root_id);
    Result<std::optional<domain::Lot>> FamilyLotIn(std::int64_t root_id, std::int64_t virtual_account_id);
    // The pool's lots, oldest first: the order in which devices or leases consume them.
    Result<std::vector<domain::Lot>> LotsOf(const domain::PoolKey& pool);
    // Holds the pool's lots until the transaction ends (checkouts of floating seats queue on it).
    Status LockPool(const domain::PoolKey& pool);

    Status SetBalance(std::int64_t lot_id, std::int64_t quantity, std::int64_t reserved);
    Status Relocate(std::int64_t lot_id, std::int64_t sa, std::int64_t va, bool usable);
    Status AddEntry(std::int64_t lot_id, const std::string& kind, std::int64_t quantity, std::int64_t sa,
                    std::int64_t va, Micros now, const std::string& reference);

    // Non-empty lots in scope, by id, after `after_id`.
    Result<std::vector<LotListing>> List(const LotScope& scope, std::int64_t after_id, int limit);
    // Every non-empty lot in scope, ordered by VA, product, model and id (for totals).
    Result<std::vector<domain::Lot>> All(const LotScope& scope);
    // What is in use per pool in scope: devices' usage of the device pools, leases held at `now` of the floating ones.
    Result<std::vector<UsageTotal>> InUse(const LotScope& scope, Micros now);
    Result<std::int64_t> InUseOf(const domain::PoolKey& pool, Micros now);

  private:
    Transaction& tx_;
};

// " AND <column> IN (?, …)" for a set of VAs, appending the ids to `params`; "" for nullopt.
std::string VirtualAccountFilter(const std::optional<std::set<std::int64_t>>& vas, const std::string& column,
                                 Params& params);

}  // namespace entitled::storage
