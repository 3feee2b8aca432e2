#pragma once
// SQL for orders, their lines and contacts (lots: license_repository.hpp).

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/authorization.hpp"
#include "domain/orders.hpp"
#include "storage/db.hpp"
#include "storage/license_repository.hpp"

namespace entitled::storage {

class OrderRepository {
  public:
    explicit OrderRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertOrder(const domain::Order& order, Micros now);
    Status InsertContact(std::int64_t order_id, const std::string& email);
    Status InsertLine(const domain::OrderLine& line);
    // By sales or web order number.
    Result<std::optional<domain::Order>> FindByNumber(const std::string& number);
    Result<std::optional<domain::Order>> FindById(std::int64_t id);
    Result<std::vector<domain::OrderLine>> Lines(std::int64_t order_id);
    Result<std::vector<std::string>> Contacts(std::int64_t order_id);
    // The orders an audience sees (domain::OrderAudience), by id after `after_id`.
    Result<std::vector<domain::Order>> Visible(const domain::Audience& audience, const std::string& query,
                                               bool only_sa_hold, std::int64_t after_id, int limit);
    Status Assign(std::int64_t line_id, std::int64_t sa, std::int64_t va);
    // Marks shipped unless already; returns whether it changed.
    Result<bool> Ship(std::int64_t line_id, Micros shipped_at);
    Status SetExportHold(std::int64_t order_id, bool on, const std::optional<std::string>& reason, Micros now);
    // Claims the deposit of a line: true for exactly one caller.
    Result<bool> ClaimDeposit(std::int64_t line_id, Micros now);
    Result<std::vector<std::int64_t>> LinesAssignedTo(std::int64_t sa);
    Result<std::optional<domain::OrderLine>> Line(std::int64_t line_id);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
