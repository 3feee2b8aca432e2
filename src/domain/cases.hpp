#pragma once
// Support cases (SPEC §6): any user opens one (category Software Licensing),
// licensing support works the queue. Their statuses move by one table.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace entitled::domain {

enum class CaseStatus { kOpen, kWaiting, kClosed };
enum class CaseCategory { kSoftwareLicensing };

std::string_view CaseStatusName(CaseStatus s);
std::optional<CaseStatus> ParseCaseStatus(std::string_view s);
std::string_view CaseCategoryName(CaseCategory c);
std::optional<CaseCategory> ParseCaseCategory(std::string_view s);
const std::vector<CaseStatus>& AllCaseStatuses();

// open ↔ waiting, either → closed, closed → open (reopened). Setting the
// status a case already has changes nothing and is always allowed.
bool CanChangeCaseStatus(CaseStatus from, CaseStatus to);
// A closed case takes no comments and cannot be cited for work on a customer's behalf.
bool AcceptsComments(CaseStatus s);

struct Case {
    std::int64_t id = 0;
    std::string number;
    CaseCategory category = CaseCategory::kSoftwareLicensing;
    std::string subject;
    std::string description;
    CaseStatus status = CaseStatus::kOpen;
    std::int64_t opened_by = 0;
    std::string opened_by_name;
    std::string opened_by_email;
    std::optional<std::string> order_number;
    std::optional<std::int64_t> smart_account_id;
    std::optional<std::string> smart_account_name;
    std::optional<std::string> transfer_id;  // the transfer's number, AT-…
    Micros created_at = 0;
    Micros updated_at = 0;
};

struct CaseComment {
    std::int64_t id = 0;
    std::int64_t author_id = 0;
    std::string author;
    std::string body;
    Micros created_at = 0;
};

}  // namespace entitled::domain
