#pragma once
// SQL for orders, their lines and contacts (lots: license_repository.hpp).

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/orders.hpp"
#include "storage/db.hpp"
#include "storage/license_repository.hpp"

namespace entitled::storage {

struct OrderRow {
    std::int64_t id = 0;
    std::string sales_order_number;
    std::string web_order_number;
    std::string purchaser_name;
    std::string end_customer_name;
    bool export_hold = false;
    std::optional<std::string> export_hold_reason;
    Micros created_at = 0;
};

struct LineRow {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    int line_number = 0;
    std::string sku;
    std::string description;
    std::int64_t quantity = 0;
    domain::LicenseType license_type = domain::LicenseType::kPerpetual;
    std::optional<int> term_months;
    domain::BuyingModel buying_model = domain::BuyingModel::kTransactional;
    bool smart_enabled = true;
    std::optional<Micros> shipped_at;
    std::optional<std::int64_t> smart_account_id;
    std::optional<std::int64_t> virtual_account_id;
    std::optional<Micros> deposited_at;
    // Joined from the assigned account and VA, when there is one.
    std::optional<std::string> account_name;
    std::optional<std::string> account_domain;
    std::optional<domain::AccountKind> account_kind;
    std::optional<domain::AccountStatus> account_status;
    std::optional<std::string> virtual_account_name;
};

class OrderRepository {
  public:
    explicit OrderRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertOrder(const OrderRow& order, Micros now);
    Status InsertContact(std::int64_t order_id, const std::string& email);
    Status InsertLine(const LineRow& line);
    // By sales or web order number.
    Result<std::optional<OrderRow>> FindByNumber(const std::string& number);
    Result<std::optional<OrderRow>> FindById(std::int64_t id);
    Result<std::vector<LineRow>> Lines(std::int64_t order_id);
    Result<std::vector<std::string>> Contacts(std::int64_t order_id);
    // Orders the user may see (contact, or member of an assigned account), or all for `everything`.
    Result<std::vector<OrderRow>> Visible(std::int64_t user_id, const std::string& email, bool everything,
                                          const std::string& query, bool only_sa_hold, std::int64_t after_id,
                                          int limit);
    Status Assign(std::int64_t line_id, std::int64_t sa, std::int64_t va);
    // Marks shipped unless already; returns whether it changed.
    Result<bool> Ship(std::int64_t line_id, Micros shipped_at);
    Status SetExportHold(std::int64_t order_id, bool on, const std::optional<std::string>& reason, Micros now);
    // Claims the deposit of a line: true for exactly one caller.
    Result<bool> ClaimDeposit(std::int64_t line_id, Micros now);
    Result<std::vector<std::int64_t>> LinesAssignedTo(std::int64_t sa);
    Result<std::optional<LineRow>> Line(std::int64_t line_id);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
