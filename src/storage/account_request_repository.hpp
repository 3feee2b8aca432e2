#pragma once
// SQL for customer account requests (seed 003) and member invitations.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/i18n.hpp"
#include "domain/accounts.hpp"
#include "domain/authorization.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

enum class Reminder { kFirst, kSecond };

class AccountRequestRepository {
  public:
    explicit AccountRequestRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> Insert(const domain::AccountRequest& row);
    // Another acceptance link for the request.
    Status AddLink(std::int64_t request_id, const std::string& token_hash, Micros now);
    Result<std::optional<domain::AccountRequest>> FindById(std::int64_t id);
    Result<std::optional<domain::AccountRequest>> FindByTokenHash(const std::string& token_hash);
    Result<std::vector<domain::AccountRequest>> ByRequester(std::int64_t requester, int limit);
    // Moves a pending request on; false when it was no longer pending.
    Result<bool> Decide(std::int64_t id, domain::RequestStatus to, Micros now,
                        const std::optional<std::string>& reason);
    // Pending requests whose expiry has passed, oldest first.
    Result<std::vector<domain::AccountRequest>> DueForExpiry(Micros now, int limit);
    // Pending requests within `before` of expiry and not yet reminded this time.
    Result<std::vector<domain::AccountRequest>> DueForReminder(Reminder which, Micros now, Micros before, int limit);
    // Claims the reminder; false if another runner already sent it.
    Result<bool> MarkReminded(std::int64_t id, Reminder which, Micros now);

    Result<std::int64_t> InsertInvitation(const domain::Invitation& row, const std::string& token_hash);
    Result<std::optional<domain::Invitation>> FindInvitationByTokenHash(const std::string& token_hash);
    Result<std::vector<domain::Invitation>> PendingInvitations(std::int64_t sa);
    // Unaccepted, unexpired invitations addressed to `email`, in any account.
    Result<std::vector<domain::Invitation>> PendingInvitationsFor(const std::string& email, Micros now);
    Result<bool> MarkInvitationAccepted(std::int64_t id, Micros now);
    Result<std::optional<domain::Invitation>> PendingInvitation(std::int64_t sa, const std::string& email,
                                                                domain::Role role, std::optional<std::int64_t> va);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
