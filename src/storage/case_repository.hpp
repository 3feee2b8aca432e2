#pragma once
// SQL for support cases and their comments.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/authorization.hpp"
#include "domain/cases.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct CaseFilter {
    domain::Audience audience;  // domain::CaseAudience: the support queue, or the caller's own
    std::optional<domain::CaseStatus> status;
    std::optional<std::string> order_number;
    std::int64_t after_id = 0;
    int limit = 50;
};

class CaseRepository {
  public:
    explicit CaseRepository(Transaction& tx) : tx_(tx) {}

    // Inserts the case and gives it its number (CS- and 100000 + id).
    Result<std::int64_t> Insert(const domain::Case& row, std::optional<std::int64_t> order_id, Micros now);
    Result<std::optional<domain::Case>> Find(std::int64_t id);
    Result<std::optional<domain::Case>> FindByNumber(const std::string& number);
    Result<std::vector<domain::Case>> List(const CaseFilter& filter);
    Status SetStatus(std::int64_t id, domain::CaseStatus status, Micros now);
    Result<std::int64_t> AddComment(std::int64_t case_id, std::int64_t author, const std::string& body, Micros now);
    Result<std::vector<domain::CaseComment>> Comments(std::int64_t case_id);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
