#pragma once
// SQL for support cases and their comments.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct CaseRow {
    std::int64_t id = 0;
    std::string number;
    std::string category;
    std::string subject;
    std::string description;
    std::string status;
    std::int64_t opened_by = 0;
    std::string opened_by_name;
    std::string opened_by_email;
    std::optional<std::string> order_number;
    std::optional<std::int64_t> smart_account_id;
    std::optional<std::string> smart_account_name;
    std::optional<std::string> transfer_id;
    Micros created_at = 0;
    Micros updated_at = 0;
};

struct CommentRow {
    std::int64_t id = 0;
    std::int64_t author_id = 0;
    std::string author;
    std::string body;
    Micros created_at = 0;
};

struct CaseFilter {
    std::optional<std::int64_t> opened_by;  // nullopt: every case (the support queue)
    std::optional<std::string> status;
    std::optional<std::string> order_number;
    std::int64_t after_id = 0;
    int limit = 50;
};

class CaseRepository {
  public:
    explicit CaseRepository(Transaction& tx) : tx_(tx) {}

    // Inserts the case and gives it its number (CS- and 100000 + id).
    Result<std::int64_t> Insert(const CaseRow& row, std::optional<std::int64_t> order_id, Micros now);
    Result<std::optional<CaseRow>> Find(std::int64_t id);
    Result<std::optional<CaseRow>> FindByNumber(const std::string& number);
    Result<std::vector<CaseRow>> List(const CaseFilter& filter);
    Status SetStatus(std::int64_t id, const std::string& status, Micros now);
    Result<std::int64_t> AddComment(std::int64_t case_id, std::int64_t author, const std::string& body, Micros now);
    Result<std::vector<CommentRow>> Comments(std::int64_t case_id);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
