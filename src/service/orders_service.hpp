#pragma once
// Use cases for orders (SPEC §3, seeds 001, 002, 004). Every event that can
// make a line depositable — assignment, shipment, account activation, export
// hold release — ends by offering each affected line to TryDeposit, which
// claims the deposit with a conditional update, so a line deposits exactly
// once whatever the order of events and however many run at once.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/orders.hpp"
#include "service/actor.hpp"
#include "storage/device_repository.hpp"
#include "storage/license_repository.hpp"
#include "storage/order_repository.hpp"

namespace entitled::service {

struct NewOrderLine {
    int line_number = 0;
    std::string sku;
    std::string description;
    std::int64_t quantity = 0;
    domain::LicenseType license_type = domain::LicenseType::kPerpetual;
    std::optional<int> term_months;
    domain::BuyingModel buying_model = domain::BuyingModel::kTransactional;
    bool smart_enabled = true;
    domain::LicenseModel license_model = domain::LicenseModel::kDevice;
};

struct NewOrder {
    std::string sales_order_number;
    std::string web_order_number;
    std::string purchaser_name;
    std::string end_customer_name;
    std::vector<std::string> contacts;  // normalised emails
    std::vector<NewOrderLine> lines;
};

struct OrderView {
    domain::Order order;
    std::vector<domain::OrderLine> lines;
    std::vector<std::string> contacts;
    // What the caller may do (API: allowed_actions), on the order and per line (same order as `lines`).
    std::vector<std::string_view> allowed_actions;
    std::vector<std::vector<std::string_view>> line_actions;
};

struct Assignment {
    std::int64_t smart_account_id = 0;
    std::int64_t virtual_account_id = 0;
    std::optional<std::vector<int>> line_numbers;  // default: every smart-enabled line
};

struct LineDiagnosis {
    int line_number = 0;
    std::vector<domain::DiagnosisCheck> checks;
    std::optional<domain::Lot> lot;
    std::optional<std::string> account_name;
    std::optional<std::string> virtual_account_name;
};

struct HistoryEntry {
    Micros at = 0;
    std::string actor;
    std::string action;
    std::optional<std::string> details_json;
    std::optional<std::string> case_number;
};

Result<OrderView> IngestOrder(storage::Transaction& tx, const Actor& actor, const NewOrder& input, Micros now);
Result<OrderView> GetOrder(storage::Transaction& tx, const Actor& actor, const std::string& number);
Result<std::vector<OrderView>> ListOrders(storage::Transaction& tx, const Actor& actor, const std::string& query,
                                          bool only_sa_hold, std::int64_t after_id, int limit);
Result<OrderView> AssignOrder(storage::Transaction& tx, const Actor& actor, const std::string& number,
                              const Assignment& assignment, Micros now);
Result<OrderView> ShipLines(storage::Transaction& tx, const Actor& actor, const std::string& number,
                            const std::vector<int>& line_numbers, Micros shipped_at, Micros now);
Result<OrderView> SetExportHold(storage::Transaction& tx, const Actor& actor, const std::string& number, bool on,
                                const std::string& reason, Micros now);
Result<std::vector<LineDiagnosis>> Diagnose(storage::Transaction& tx, const Actor& actor, const std::string& number);
Result<std::vector<HistoryEntry>> OrderHistory(storage::Transaction& tx, const Actor& actor, const std::string& number);

// Deposits every undeposited line assigned to `sa` that is now ready (the account became active).
Status DepositLinesOf(storage::Transaction& tx, std::int64_t sa, Micros now);

// Find My License: an order by SO#/WO#, a license lot by id ("L-12" or "12"), or a device by serial.
struct FindResult {
    std::optional<OrderView> order;
    std::optional<domain::Lot> lot;
    std::optional<domain::Device> device;
    std::optional<std::string> account_name;
    std::optional<std::string> virtual_account_name;
};
Result<FindResult> FindLicense(storage::Transaction& tx, const Actor& actor, const std::string& query);

}  // namespace entitled::service
