#include "storage/account_request_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kRequestColumns =
    "id, smart_account_id, requester_id, customer_email, note_to_customer, user_emails, note_to_users, status, "
    "created_at, expires_at, decided_at, decline_reason, customer_locale";

domain::AccountRequest ToRequest(const Row& r) {
    domain::AccountRequest q;
    q.id = r.Int(0);
    q.smart_account_id = r.Int(1);
    q.requester_id = r.Int(2);
    q.customer_email = r.Text(3);
    q.note_to_customer = r.Text(4);
    q.user_emails_json = r.Text(5);
    q.note_to_users = r.Text(6);
    q.status = r.Enum(7, domain::ParseRequestStatus);
    q.created_at = r.Int(8);
    q.expires_at = r.Int(9);
    q.decided_at = r.OptInt(10);
    q.decline_reason = r.OptText(11);
    if (auto code = r.OptText(12); code) {
        Locale locale{};
        if (ParseLocale(*code, locale)) q.customer_locale = locale;
    }
    return q;
}

constexpr std::string_view kInvitationColumns =
    "id, smart_account_id, email, role, virtual_account_id, invited_by, created_at, expires_at, accepted_at";

domain::Invitation ToInvitation(const Row& r) {
    return {r.Int(0), r.Int(1), r.Text(2),  r.Enum(3, domain::ParseRole), r.OptInt(4), r.OptInt(5),
            r.Int(6), r.Int(7), r.OptInt(8)};
}

std::vector<domain::AccountRequest> ToRequests(const Rows& rows) {
    std::vector<domain::AccountRequest> out;
    for (const auto& r : rows) out.push_back(ToRequest(r));
    return out;
}

const char* ReminderColumn(Reminder which) { return which == Reminder::kFirst ? "reminded_14_at" : "reminded_3_at"; }

}  // namespace

Result<std::int64_t> AccountRequestRepository::Insert(const domain::AccountRequest& row) {
    std::optional<std::string> locale;
    if (row.customer_locale) locale = std::string(LocaleCode(*row.customer_locale));
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO account_requests (smart_account_id, requester_id, customer_email, "
                             "note_to_customer, user_emails, note_to_users, status, created_at, expires_at, "
                             "customer_locale) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
                             {row.smart_account_id, row.requester_id, row.customer_email, row.note_to_customer,
                              row.user_emails_json, row.note_to_users, row.created_at, row.expires_at, Opt(locale)}));
    return r->Int(0);
}

Status AccountRequestRepository::AddLink(std::int64_t request_id, const std::string& token_hash, Micros now) {
    ENT_TRY(tx_.Exec("INSERT INTO account_request_links (token_hash, request_id, created_at) VALUES (?, ?, ?)",
                     {token_hash, request_id, now}));
    return Ok();
}

Result<std::optional<domain::AccountRequest>> AccountRequestRepository::FindById(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("SELECT " + std::string(kRequestColumns) + " FROM account_requests WHERE id = ?", {id}));
    if (!r) return std::optional<domain::AccountRequest>();
    return std::optional<domain::AccountRequest>(ToRequest(*r));
}

Result<std::optional<domain::AccountRequest>> AccountRequestRepository::FindByTokenHash(const std::string& token_hash) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT " + std::string(kRequestColumns) +
                                                  " FROM account_requests WHERE id = (SELECT request_id FROM "
                                                  "account_request_links WHERE token_hash = ?)",
                                              {token_hash}));
    if (!r) return std::optional<domain::AccountRequest>();
    return std::optional<domain::AccountRequest>(ToRequest(*r));
}

Result<std::vector<domain::AccountRequest>> AccountRequestRepository::ByRequester(std::int64_t requester, int limit) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT " + std::string(kRequestColumns) +
                                       " FROM account_requests WHERE requester_id = ? ORDER BY id DESC LIMIT ?",
                                   {requester, static_cast<std::int64_t>(limit)}));
    return ToRequests(rows);
}

Result<bool> AccountRequestRepository::Decide(std::int64_t id, domain::RequestStatus to, Micros now,
                                              const std::optional<std::string>& reason) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE account_requests SET status = ?, decided_at = ?, decline_reason = ? "
                                          "WHERE id = ? AND status = 'pending'",
                                          {std::string(domain::RequestStatusName(to)), now, Opt(reason), id}));
    return n > 0;
}

Result<std::vector<domain::AccountRequest>> AccountRequestRepository::DueForExpiry(Micros now, int limit) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT " + std::string(kRequestColumns) +
                                                  " FROM account_requests WHERE status = 'pending' AND expires_at <= ? "
                                                  "ORDER BY expires_at, id LIMIT ?",
                                              {now, static_cast<std::int64_t>(limit)}));
    return ToRequests(rows);
}

Result<std::vector<domain::AccountRequest>> AccountRequestRepository::DueForReminder(Reminder which, Micros now,
                                                                                     Micros before, int limit) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT " + std::string(kRequestColumns) +
                                                  " FROM account_requests WHERE status = 'pending' AND expires_at > ? "
                                                  "AND expires_at <= ? AND " +
                                                  ReminderColumn(which) + " IS NULL ORDER BY expires_at, id LIMIT ?",
                                              {now, now + before, static_cast<std::int64_t>(limit)}));
    return ToRequests(rows);
}

Result<bool> AccountRequestRepository::MarkReminded(std::int64_t id, Reminder which, Micros now) {
    const std::string col = ReminderColumn(which);
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE account_requests SET " + col + " = ? WHERE id = ? AND " + col +
                                              " IS NULL AND status = 'pending'",
                                          {now, id}));
    return n > 0;
}

Result<std::int64_t> AccountRequestRepository::InsertInvitation(const domain::Invitation& row,
                                                                const std::string& token_hash) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("INSERT INTO invitations (smart_account_id, email, role, "
                                              "virtual_account_id, token_hash, invited_by, created_at, expires_at) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                              {row.smart_account_id, row.email, std::string(domain::RoleName(row.role)),
                                               Opt(row.virtual_account_id), token_hash, Opt(row.invited_by),
                                               row.created_at, row.expires_at}));
    return r->Int(0);
}

Result<std::optional<domain::Invitation>> AccountRequestRepository::FindInvitationByTokenHash(
    const std::string& token_hash) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("SELECT " + std::string(kInvitationColumns) + " FROM invitations WHERE token_hash = ?",
                             {token_hash}));
    if (!r) return std::optional<domain::Invitation>();
    return std::optional<domain::Invitation>(ToInvitation(*r));
}

Result<std::vector<domain::Invitation>> AccountRequestRepository::PendingInvitations(std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT " + std::string(kInvitationColumns) +
                                       " FROM invitations WHERE smart_account_id = ? AND accepted_at IS NULL "
                                       "ORDER BY id",
                                   {sa}));
    std::vector<domain::Invitation> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToInvitation(r));
    return out;
}

Result<std::vector<domain::Invitation>> AccountRequestRepository::PendingInvitationsFor(const std::string& email,
                                                                                        Micros now) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT " + std::string(kInvitationColumns) +
                                                  " FROM invitations WHERE email = ? AND accepted_at IS NULL AND "
                                                  "expires_at > ? ORDER BY id",
                                              {email, now}));
    std::vector<domain::Invitation> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToInvitation(r));
    return out;
}

Result<bool> AccountRequestRepository::MarkInvitationAccepted(std::int64_t id, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto n, tx_.Exec("UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", {now, id}));
    return n > 0;
}

Result<std::optional<domain::Invitation>> AccountRequestRepository::PendingInvitation(std::int64_t sa,
                                                                                      const std::string& email,
                                                                                      domain::Role role,
                                                                                      std::optional<std::int64_t> va) {
    ENT_ASSIGN_OR_RETURN(auto r,
                         tx_.QueryOne("SELECT " + std::string(kInvitationColumns) +
                                          " FROM invitations WHERE smart_account_id = ? AND email = ? AND role = ? "
                                          "AND COALESCE(virtual_account_id, 0) = ? AND accepted_at IS NULL",
                                      {sa, email, std::string(domain::RoleName(role)), va.value_or(0)}));
    if (!r) return std::optional<domain::Invitation>();
    return std::optional<domain::Invitation>(ToInvitation(*r));
}

}  // namespace entitled::storage
