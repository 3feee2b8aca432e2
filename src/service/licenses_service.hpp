#pragma once
// License inventory (SPEC §4): lots per Smart Account and Virtual Account
// with what devices use of them, per-product totals with shortages, and
// moves between the Virtual Accounts of one account.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/ledger.hpp"
#include "service/actor.hpp"
#include "storage/db.hpp"
#include "storage/license_repository.hpp"

namespace entitled::service {

struct ProductLine {
    std::int64_t virtual_account_id = 0;
    std::string virtual_account_name;
    std::string product;
    domain::ProductTotals totals;
    domain::LicenseModel license_model = domain::LicenseModel::kDevice;
};

struct LicenseItem {
    storage::LotListing listing;
    std::int64_t in_use = 0;
    std::int64_t available = 0;
    bool expired = false;
};

struct LicensePage {
    std::vector<LicenseItem> items;
    bool more = false;
};

// The VAs of `sa` the caller may see assets of, narrowed to `va` when given
// (nullopt: all of them). Checks kViewAssets.
Result<std::optional<std::set<std::int64_t>>> AssetScope(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                         std::optional<std::int64_t> va);

// What devices' usage (device pool) or leases (floating pool) may consume of
// a pool: unexpired lots in an account whose licenses are usable, less what is reserved.
Result<std::int64_t> ConsumableOf(storage::LicenseRepository& repo, const domain::PoolKey& pool, Micros now);

// Per pool (VA, product, model); products devices use without any license appear with purchased 0.
Result<std::vector<ProductLine>> SummarizeLicenses(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                   std::optional<std::int64_t> va, Micros now);
// The same, added up over the VAs in scope, per product and model (the account's "Show Counts").
std::vector<ProductLine> PerProduct(const std::vector<ProductLine>& lines);

// What devices or leases use of each lot: `lots` ordered by pool and id (as
// LicenseRepository::All returns them), `in_use` per pool. Expired lots get nothing.
std::map<std::int64_t, std::int64_t> InUseByLot(const std::vector<domain::Lot>& lots,
                                                const std::map<domain::PoolKey, std::int64_t>& in_use, Micros now);

Result<LicensePage> ListLicenses(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                 std::optional<std::int64_t> va, const std::optional<std::string>& product,
                                 std::int64_t after_id, int limit, Micros now);

struct LicenseMove {
    std::int64_t from_virtual_account_id = 0;
    std::int64_t to_virtual_account_id = 0;
    std::string product;
    std::int64_t quantity = 0;
    domain::LicenseModel license_model = domain::LicenseModel::kDevice;
};
struct MoveOutcome {
    ProductLine from;
    ProductLine to;
};
// Moves licenses of one product between two VAs of one account, never more
// than is available (409 insufficient_licenses otherwise).
Result<MoveOutcome> MoveLicenses(storage::Transaction& tx, const Actor& actor, const LicenseMove& move, Micros now);

}  // namespace entitled::service
