#pragma once
// SQL for customer account requests (seed 003) and member invitations.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/accounts.hpp"
#include "domain/authorization.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct RequestRow {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t requester_id = 0;
    std::string customer_email;
    std::string note_to_customer;
    std::string user_emails_json;
    std::string note_to_users;
    domain::RequestStatus status = domain::RequestStatus::kPending;
    Micros created_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> decided_at;
    std::optional<std::string> decline_reason;
};

struct InvitationRow {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::string email;
    domain::Role role = domain::Role::kSaUser;
    std::optional<std::int64_t> virtual_account_id;
    std::optional<std::int64_t> invited_by;
    Micros created_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> accepted_at;
};

enum class Reminder { kFirst, kSecond };

class AccountRequestRepository {
  public:
    explicit AccountRequestRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> Insert(const RequestRow& row);
    // Another acceptance link for the request.
    Status AddLink(std::int64_t request_id, const std::string& token_hash, Micros now);
    Result<std::optional<RequestRow>> FindById(std::int64_t id);
    Result<std::optional<RequestRow>> FindByTokenHash(const std::string& token_hash);
    Result<std::vector<RequestRow>> ByRequester(std::int64_t requester, int limit);
    // Moves a pending request on; false when it was no longer pending.
    Result<bool> Decide(std::int64_t id, domain::RequestStatus to, Micros now,
                        const std::optional<std::string>& reason);
    // Pending requests whose expiry has passed, oldest first.
    Result<std::vector<RequestRow>> DueForExpiry(Micros now, int limit);
    // Pending requests within `before` of expiry and not yet reminded this time.
    Result<std::vector<RequestRow>> DueForReminder(Reminder which, Micros now, Micros before, int limit);
    // Claims the reminder; false if another runner already sent it.
    Result<bool> MarkReminded(std::int64_t id, Reminder which, Micros now);

    Result<std::int64_t> InsertInvitation(const InvitationRow& row, const std::string& token_hash);
    Result<std::optional<InvitationRow>> FindInvitationByTokenHash(const std::string& token_hash);
    Result<std::vector<InvitationRow>> PendingInvitations(std::int64_t sa);
    // Unaccepted, unexpired invitations addressed to `email`, in any account.
    Result<std::vector<InvitationRow>> PendingInvitationsFor(const std::string& email, Micros now);
    Result<bool> MarkInvitationAccepted(std::int64_t id, Micros now);
    Result<std::optional<InvitationRow>> PendingInvitation(std::int64_t sa, const std::string& email, domain::Role role,
                                                           std::optional<std::int64_t> va);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
