#pragma once
// License lots (SPEC §4): what a deposit creates and moves split off. A lot's
// `quantity` and `reserved` are the running balance of its ledger entries
// (ledger.hpp has the rules); `usable` is false in holding accounts, whose
// licenses devices may not consume.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "common/clock.hpp"
#include "domain/accounts.hpp"

namespace entitled::domain {

enum class LicenseType { kPerpetual, kTerm };
enum class BuyingModel { kTransactional, kEnterpriseAgreement };
// Device licenses are consumed by the usage devices report; floating
// (concurrent) ones only by leases a device checks out (SPEC §8).
enum class LicenseModel { kDevice, kFloating };

std::string_view LicenseTypeName(LicenseType t);
std::optional<LicenseType> ParseLicenseType(std::string_view s);
std::string_view BuyingModelName(BuyingModel m);
std::optional<BuyingModel> ParseBuyingModel(std::string_view s);
std::string_view LicenseModelName(LicenseModel m);
std::optional<LicenseModel> ParseLicenseModel(std::string_view s);

struct Lot {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::string product;
    std::int64_t quantity = 0;
    LicenseType license_type = LicenseType::kPerpetual;
    Micros starts_at = 0;
    std::optional<Micros> ends_at;
    BuyingModel buying_model = BuyingModel::kTransactional;
    std::optional<std::int64_t> source_order_line_id;  // set on the lot a deposit created
    bool usable = true;
    std::optional<std::int64_t> root_lot_id;  // set on a lot split off by a move
    std::int64_t reserved = 0;
    LicenseModel license_model = LicenseModel::kDevice;

    std::int64_t root() const { return root_lot_id.value_or(id); }
    bool ExpiredAt(Micros now) const { return ends_at && *ends_at <= now; }
};

// What is consumed together: a VA's lots of one product and model. Devices'
// usage draws on the device pool, leases on the floating one; neither on the other.
struct PoolKey {
    std::int64_t virtual_account_id = 0;
    std::string product;
    LicenseModel model = LicenseModel::kDevice;
    // Spelled out: clang-tidy 14 misreads a defaulted operator<=> (modernize-use-nullptr).
    bool operator==(const PoolKey& o) const = default;
    bool operator<(const PoolKey& o) const {
        return std::tie(virtual_account_id, product, model) < std::tie(o.virtual_account_id, o.product, o.model);
    }
};
inline PoolKey PoolOf(const Lot& lot) { return {lot.virtual_account_id, lot.product, lot.license_model}; }

// Licenses in a holding account are visible but not usable by devices ("Entitlements are
// not available in a Partner Holding Account"); in a customer's they are.
bool UsableIn(AccountKind kind);

// Why licenses change place. Every cause goes through the same rules
// (CheckLicenseMove) and the same authorization question (kMoveLicenses).
enum class MoveCause { kVirtualAccountMove, kReassignment, kTransfer, kReservation };

// One end of a move: the account and VA, and what decides whether licenses may be there.
struct MoveEnd {
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    AccountKind kind = AccountKind::kCustomer;
    AccountStatus status = AccountStatus::kActive;
};

enum class MoveRefusal {
    kDestinationNotActive,    // licenses live only in active accounts (a pending one would strand them)
    kDestinationNotCustomer,  // a transfer delivers to a customer's account
    kUseAssetTransfer,        // a customer's licenses leave its account only by an asset transfer
    kNotEnoughFree,           // more than is free: reserved, or consumed by devices that stay
};

// The rules every license movement obeys (SPEC §3–§5, §9). `movable` is what
// the source can give up for this cause: for a transfer what it reserved, for
// anything else what is neither reserved nor consumed by devices.
std::optional<MoveRefusal> CheckLicenseMove(MoveCause cause, const MoveEnd& from, const MoveEnd& to,
                                            std::int64_t quantity, std::int64_t movable);

}  // namespace entitled::domain
