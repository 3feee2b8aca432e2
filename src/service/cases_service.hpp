#pragma once
// Support cases (SPEC §6): any user opens a Software Licensing case, linked
// to an order, account or transfer they can see; licensing support works the
// queue, replies and changes the status; the opener is mailed on replies and
// status changes. Actions support takes on a customer's behalf must cite a
// case that exists and is open (service/authorize.hpp checks it).

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
    domain::Case kase;
    std::vector<domain::CaseComment> comments;
    std::vector<std::int64_t> support_authors;      // comment authors who answer for licensing support
    std::vector<std::string_view> allowed_actions;  // comment, set_status
};

Result<CaseView> OpenCase(storage::Transaction& tx, const Actor& actor, const NewCase& input, Micros now);
Result<std::vector<domain::Case>> ListCases(storage::Transaction& tx, const Actor& actor, storage::CaseFilter filter);
Result<CaseView> GetCase(storage::Transaction& tx, const Actor& actor, std::int64_t id);
Result<domain::CaseComment> CommentOnCase(storage::Transaction& tx, const Actor& actor, std::int64_t id,
                                          const std::string& body, const MailContext& mail, Micros now);
Result<CaseView> SetCaseStatus(storage::Transaction& tx, const Actor& actor, std::int64_t id, domain::CaseStatus status,
                               const MailContext& mail, Micros now);

}  // namespace entitled::service
