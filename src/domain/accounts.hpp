#pragma once
// Smart Accounts, Virtual Accounts and account requests (SPEC §2): their
// kinds, statuses, the allowed status changes, and field rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/i18n.hpp"

namespace entitled::domain {

enum class AccountKind { kCustomer, kHolding };
enum class Role { kSaAdmin, kSaUser, kSaViewer, kVaAdmin, kVaUser, kVaViewer };
enum class AccountStatus { kPending, kActive, kExpired, kInactive };
enum class RequestStatus { kPending, kAccepted, kDeclined, kExpired };

std::string_view AccountKindName(AccountKind k);
std::optional<AccountKind> ParseAccountKind(std::string_view s);
std::string_view AccountStatusName(AccountStatus s);
std::optional<AccountStatus> ParseAccountStatus(std::string_view s);
std::string_view RequestStatusName(RequestStatus s);
std::optional<RequestStatus> ParseRequestStatus(std::string_view s);

std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
bool IsVaRole(Role r);
const std::vector<Role>& AllRoles();

struct Membership {
    std::int64_t smart_account_id = 0;
    Role role = Role::kSaViewer;
    std::optional<std::int64_t> virtual_account_id;  // set for VA roles
};

struct SmartAccount {
    std::int64_t id = 0;
    std::string name;
    std::string domain;
    AccountKind kind = AccountKind::kCustomer;
    AccountStatus status = AccountStatus::kActive;
    std::optional<std::string> legal_entity_name;
    std::optional<std::string> legal_entity_country;
    Micros created_at = 0;
    std::optional<Micros> activated_at;
    std::optional<Micros> expires_at;
};

struct VirtualAccount {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::string name;
    std::string description;
    Micros created_at = 0;
};

// A user's role in an account, as the members list shows it.
struct Member {
    std::int64_t user_id = 0;
    std::string email;
    std::string name;
    Role role = Role::kSaViewer;
    std::optional<std::int64_t> virtual_account_id;
    std::optional<std::string> virtual_account_name;
};

// A partner's request for a customer's Smart Account (seed 003).
struct AccountRequest {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::int64_t requester_id = 0;
    std::string customer_email;
    std::string note_to_customer;
    std::string user_emails_json;
    std::string note_to_users;
    RequestStatus status = RequestStatus::kPending;
    Micros created_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> decided_at;
    std::optional<std::string> decline_reason;
    // The language of the mails to the customer; nullopt on requests older than the choice.
    std::optional<Locale> customer_locale;
};

// A role offered to an email that has no user yet.
struct Invitation {
    std::int64_t id = 0;
    std::int64_t smart_account_id = 0;
    std::string email;
    Role role = Role::kSaUser;
    std::optional<std::int64_t> virtual_account_id;
    std::optional<std::int64_t> invited_by;
    Micros created_at = 0;
    Micros expires_at = 0;
    std::optional<Micros> accepted_at;
};

// What a Virtual Account still holds; it can be deleted only when it holds
// nothing (SPEC §2): no licenses, no live devices (deleted ones are history),
// no order line waiting to deposit into it, no open transfer bringing assets
// to it, and no one whose role is bound to it (they would silently lose
// their access). Its registration tokens are revoked with it.
struct VirtualAccountContents {
    std::int64_t licenses = 0;  // quantity in its lots, reserved included
    std::int64_t devices = 0;
    std::int64_t pending_lines = 0;
    std::int64_t incoming_transfers = 0;
    std::int64_t members = 0;  // VA roles and pending invitations
};
bool IsEmpty(const VirtualAccountContents& c);

// An account keeps at least one sa_admin: removing a user whose roles are
// `roles` from an account with `admins` administrators must not leave none.
bool LeavesNoAdmin(const std::vector<Role>& roles, std::int64_t admins);

// pending → active (customer accepts) | expired (declined, or 90 days pass,
// which frees its domain); active ↔ inactive (suspended and restored).
// Expired is final.
bool CanChangeAccountStatus(AccountStatus from, AccountStatus to);
// pending → accepted | declined | expired; the others are final (a table, accounts.cpp).
bool CanChangeRequestStatus(RequestStatus from, RequestStatus to);
// Only pending and active accounts of either kind can receive orders (a
// pending one keeps them on Smart Account hold until it is accepted).
bool CanReceiveOrders(AccountStatus status);

constexpr Micros kRequestLifetime = 90 * kMicrosPerDay;
// Reminders to the customer, this long before a request expires.
constexpr Micros kFirstReminder = 14 * kMicrosPerDay;
constexpr Micros kSecondReminder = 3 * kMicrosPerDay;
constexpr Micros kInvitationLifetime = 30 * kMicrosPerDay;
constexpr const char* kDefaultVirtualAccount = "DEFAULT";
constexpr size_t kMaxAccountNameLength = 200;
constexpr size_t kMaxNoteLength = 2000;
constexpr size_t kMaxUsersPerRequest = 50;

// Lower-cased, trimmed; nullopt when it is not a valid DNS name.
std::optional<std::string> NormalizeDomain(std::string_view domain);
// ISO 3166-1 alpha-2, upper case ("DE"); nullopt unless an assigned code.
std::optional<std::string> NormalizeCountry(std::string_view country);
// Lower-cased words of an account name (letters and digits), for word search.
std::vector<std::string> NameWords(std::string_view name);
std::string Lower(std::string_view s);

}  // namespace entitled::domain
