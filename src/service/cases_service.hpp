#pragma once
// Support cases (SPEC §6): any user opens a Software Licensing case, linked
// to an order, account or transfer they can see; licensing support works the
// queue, replies and changes the status; the opener is mailed on replies and
// status changes. Actions support takes on a customer's behalf must cite a
// case that exists (ValidateCaseNumber).

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "service/accounts_service.hpp"
#include "service/actor.hpp"
#include "storage/case_repository.hpp"

namespace entitled::service {

struct NewCase {
    std::string subject;
    std::string description;
    std::optional<std::string> order_number;
    std::optional<std::int64_t> smart_account_id;
    std::optional<std::string> transfer_id;
};

struct CaseView {
    storage::CaseRow kase;
    std::vector<storage::CommentRow> comments;
    std::vector<std::int64_t> support_authors;  // comment authors who are licensing support
};

Result<CaseView> OpenCase(storage::Transaction& tx, const Actor& actor, const NewCase& input, Micros now);
Result<std::vector<storage::CaseRow>> ListCases(storage::Transaction& tx, const Actor& actor,
                                                storage::CaseFilter filter);
Result<CaseView> GetCase(storage::Transaction& tx, const Actor& actor, std::int64_t id);
Result<storage::CommentRow> CommentOnCase(storage::Transaction& tx, const Actor& actor, std::int64_t id,
                                          const std::string& body, const MailContext& mail, Micros now);
Result<CaseView> SetCaseStatus(storage::Transaction& tx, const Actor& actor, std::int64_t id, const std::string& status,
                               const MailContext& mail, Micros now);
// 422 naming `case_number` unless a case with that number exists and is not closed.
Status ValidateCaseNumber(storage::Transaction& tx, const std::string& number);

}  // namespace entitled::service
