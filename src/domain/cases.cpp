#include "domain/cases.hpp"

#include <algorithm>
#include <iterator>

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

constexpr EnumName<CaseStatus> kStatuses[] = {
    {CaseStatus::kOpen, "open"}, {CaseStatus::kWaiting, "waiting"}, {CaseStatus::kClosed, "closed"}};
constexpr EnumName<CaseCategory> kCategories[] = {{CaseCategory::kSoftwareLicensing, "software_licensing"}};

struct Edge {
    CaseStatus from, to;
};
constexpr Edge kEdges[] = {
    {CaseStatus::kOpen, CaseStatus::kWaiting}, {CaseStatus::kWaiting, CaseStatus::kOpen},
    {CaseStatus::kOpen, CaseStatus::kClosed},  {CaseStatus::kWaiting, CaseStatus::kClosed},
    {CaseStatus::kClosed, CaseStatus::kOpen},
};

}  // namespace

std::string_view CaseStatusName(CaseStatus s) { return NameIn<CaseStatus>(kStatuses, s); }
std::optional<CaseStatus> ParseCaseStatus(std::string_view s) { return ParseIn<CaseStatus>(kStatuses, s); }
std::string_view CaseCategoryName(CaseCategory c) { return NameIn<CaseCategory>(kCategories, c); }
std::optional<CaseCategory> ParseCaseCategory(std::string_view s) { return ParseIn<CaseCategory>(kCategories, s); }

const std::vector<CaseStatus>& AllCaseStatuses() {
    static const std::vector<CaseStatus> all = {CaseStatus::kOpen, CaseStatus::kWaiting, CaseStatus::kClosed};
    return all;
}

bool CanChangeCaseStatus(CaseStatus from, CaseStatus to) {
    if (from == to) return true;
    return std::any_of(std::begin(kEdges), std::end(kEdges),
                       [&](const Edge& e) { return e.from == from && e.to == to; });
}

bool AcceptsComments(CaseStatus s) { return s != CaseStatus::kClosed; }

}  // namespace entitled::domain
