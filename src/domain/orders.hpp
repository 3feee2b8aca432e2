#pragma once
// Orders and their lines (SPEC §3): the Smart Account hold, deposit
// readiness and the re-assignment rules, as plain functions of a line's
// state, so that every event (assignment, shipment, activation, hold
// release) asks the same question and deposits happen exactly once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <map>
#include <vector>

#include "common/clock.hpp"
#include "domain/accounts.hpp"
#include "domain/authorization.hpp"
#include "domain/licenses.hpp"

namespace entitled::domain {

struct Order {
    std::int64_t id = 0;
    std::string sales_order_number;
    std::string web_order_number;
    std::string purchaser_name;
    std::string end_customer_name;
    bool export_hold = false;
    std::optional<std::string> export_hold_reason;
    Micros created_at = 0;
};

// The Smart Account a line is assigned to, as far as the line's rules need it.
struct LineAccount {
    std::int64_t id = 0;
    std::string name;
    std::string domain;
    AccountKind kind = AccountKind::kCustomer;
    AccountStatus status = AccountStatus::kActive;
    std::int64_t virtual_account_id = 0;
    std::string virtual_account_name;
};

struct OrderLine {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    int line_number = 0;
    std::string sku;
    std::string description;
    std::int64_t quantity = 0;
    LicenseType license_type = LicenseType::kPerpetual;
    std::optional<int> term_months;
    BuyingModel buying_model = BuyingModel::kTransactional;
    bool smart_enabled = true;
    std::optional<Micros> shipped_at;
    LicenseModel license_model = LicenseModel::kDevice;
    std::optional<Micros> deposited_at;
    std::optional<LineAccount> account;  // nullopt: not assigned

    std::optional<std::int64_t> smart_account_id() const {
        return account ? std::optional<std::int64_t>(account->id) : std::nullopt;
    }
};

struct LineState {
    bool smart_enabled = true;
    bool shipped = false;
    std::optional<AccountStatus> account_status;  // of the assigned Smart Account; nullopt: none assigned
    std::optional<AccountKind> account_kind;
    bool export_hold = false;
    bool deposited = false;
};

LineState StateOf(const OrderLine& line, const Order& order);
// The facts authorization decides an order and its lines by.
LinePlace PlaceOf(const OrderLine& line);
OrderRef RefOf(const std::vector<std::string>& contacts, const std::vector<OrderLine>& lines);

// A smart-enabled line is on Smart Account hold while it has no account or its account is not active.
bool OnSaHold(const LineState& line);
// Shipped, off both holds, not yet deposited.
bool ReadyToDeposit(const LineState& line);
// A line ships now or earlier: a shipment dated later would deposit its
// licenses before the goods leave. An ERP clock up to kShipClockSkew ahead
// of ours is still "now".
constexpr Micros kShipClockSkew = 5LL * 60 * 1'000'000;
bool ShipDateAllowed(Micros shipped_at, Micros now);

enum class Reassignment {
    kFree,              // nothing deposited yet: the line just points elsewhere
    kMoveLicenses,      // deposited in a holding account, or to another VA of the same account: licenses move too
    kUseAssetTransfer,  // deposited in a customer account and going to another account: that is a transfer
};
Reassignment ClassifyReassignment(const LineState& line, bool same_account);

// Find My License (seeds 001, 002): per line, each check the troubleshooting
// sections list, with the message key that explains it and its arguments.
struct DiagnosisCheck {
    std::string check;  // shipped, sa_assigned, sa_active, export_hold, deposited
    bool ok = false;
    std::string message_key;
    std::map<std::string, std::string> args;
};
std::vector<DiagnosisCheck> Diagnose(const OrderLine& line, const Order& order);

constexpr int kMaxLinesPerOrder = 1000;
constexpr std::int64_t kMaxQuantity = 1'000'000'000;
constexpr int kMaxTermMonths = 120;

}  // namespace entitled::domain
