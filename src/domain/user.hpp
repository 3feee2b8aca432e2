#pragma once
// Users and their platform flags, and the rules for their fields. Emails are
// compared case-insensitively by always storing them lower-case.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/i18n.hpp"
#include "common/result.hpp"

namespace entitled::domain {

enum class UserKind { kExternal, kInternal };
enum class Flag { kPlatformAdmin, kLicensingSupport, kCompliance, kOrderIntegration };

constexpr size_t kMinPasswordLength = 8;
constexpr size_t kMaxPasswordLength = 128;
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxNameLength = 200;

std::string_view UserKindName(UserKind k);
std::optional<UserKind> ParseUserKind(std::string_view s);
std::string_view FlagName(Flag f);
std::optional<Flag> ParseFlag(std::string_view s);
const std::vector<std::string>& FlagNames();

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string name;
    Locale locale = Locale::kEn;
    UserKind kind = UserKind::kExternal;
    std::vector<Flag> flags;
    bool disabled = false;
    bool has_password = false;
    bool totp_enabled = false;
    Micros created_at = 0;

    bool Has(Flag f) const;
    // Staff with any platform flag: the users a second factor is required for.
    bool IsFlaggedStaff() const { return kind == UserKind::kInternal && !flags.empty(); }
};

// Platform flags are for internal (vendor) users only.
bool MayHoldFlags(UserKind kind, const std::vector<Flag>& flags);
// An administrator cannot lock themselves out: disable their own user or drop their own platform_admin flag.
bool LocksSelfOut(const User& before, bool self, bool disables, const std::optional<std::vector<Flag>>& flags);

// Licensing support and platform admins answer cases for the vendor (their comments are shown as support's).
bool AnswersForSupport(const User& user);

// Lower-cases and trims surrounding whitespace.
std::string NormalizeEmail(std::string_view email);
// A pragmatic check: one '@', a non-empty local part without spaces, and a
// domain that is a valid DNS name with at least one dot.
bool IsValidEmail(std::string_view email);
// Lower-case DNS name: labels of letters, digits and hyphens, 1–63 chars, not
// starting or ending with a hyphen, at least two labels, ≤ 253 chars.
bool IsValidDomainName(std::string_view domain);
// Character count (code points) of a UTF-8 string.
size_t Utf8Length(std::string_view s);

}  // namespace entitled::domain
