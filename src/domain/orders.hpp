#pragma once
// Orders and their lines (SPEC §3): the Smart Account hold, deposit
// readiness and the re-assignment rules, as plain functions of a line's
// state, so that every event (assignment, shipment, activation, hold
// release) asks the same question and deposits happen exactly once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts.hpp"

namespace entitled::domain {

enum class LicenseType { kPerpetual, kTerm };
enum class BuyingModel { kTransactional, kEnterpriseAgreement };

std::string_view LicenseTypeName(LicenseType t);
std::optional<LicenseType> ParseLicenseType(std::string_view s);
std::string_view BuyingModelName(BuyingModel m);
std::optional<BuyingModel> ParseBuyingModel(std::string_view s);

struct LineState {
    bool smart_enabled = true;
    bool shipped = false;
    std::optional<AccountStatus> account_status;  // of the assigned Smart Account; nullopt: none assigned
    std::optional<AccountKind> account_kind;
    bool export_hold = false;
    bool deposited = false;
};

// A smart-enabled line is on Smart Account hold while it has no account or its account is not active.
bool OnSaHold(const LineState& line);
// Shipped, off both holds, not yet deposited.
bool ReadyToDeposit(const LineState& line);

enum class Reassignment {
    kFree,              // nothing deposited yet: the line just points elsewhere
    kMoveLicenses,      // deposited in a holding account, or to another VA of the same account: licenses move too
    kUseAssetTransfer,  // deposited in a customer account and going to another account: that is a transfer
};
Reassignment ClassifyReassignment(const LineState& line, bool same_account);

// Only pending and active accounts of either kind can receive orders.
bool CanReceiveOrders(AccountStatus status);

constexpr int kMaxLinesPerOrder = 1000;
constexpr std::int64_t kMaxQuantity = 1'000'000'000;
constexpr int kMaxTermMonths = 120;

}  // namespace entitled::domain
