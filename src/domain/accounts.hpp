#pragma once
// Smart Accounts, Virtual Accounts and account requests (SPEC §2): their
// kinds, statuses, the allowed status changes, and field rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace entitled::domain {

enum class AccountKind { kCustomer, kHolding };
enum class AccountStatus { kPending, kActive, kExpired, kInactive };
enum class RequestStatus { kPending, kAccepted, kDeclined, kExpired };

std::string_view AccountKindName(AccountKind k);
std::optional<AccountKind> ParseAccountKind(std::string_view s);
std::string_view AccountStatusName(AccountStatus s);
std::optional<AccountStatus> ParseAccountStatus(std::string_view s);
std::string_view RequestStatusName(RequestStatus s);
std::optional<RequestStatus> ParseRequestStatus(std::string_view s);

// pending → active (customer accepts) | expired (declined, or 90 days pass,
// which frees its domain); active ↔ inactive (suspended and restored).
// Expired is final.
bool CanChangeAccountStatus(AccountStatus from, AccountStatus to);
// pending → accepted | declined | expired; the others are final.
bool CanChangeRequestStatus(RequestStatus from, RequestStatus to);

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
