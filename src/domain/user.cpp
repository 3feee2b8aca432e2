#include "domain/user.hpp"

#include <algorithm>
#include <cctype>

namespace entitled::domain {
namespace {

struct FlagEntry {
    Flag flag;
    std::string_view name;
};
constexpr FlagEntry kFlags[] = {
    {Flag::kPlatformAdmin, "platform_admin"},
    {Flag::kLicensingSupport, "licensing_support"},
    {Flag::kCompliance, "compliance"},
    {Flag::kOrderIntegration, "order_integration"},
};

}  // namespace

std::string_view UserKindName(UserKind k) { return k == UserKind::kInternal ? "internal" : "external"; }

std::optional<UserKind> ParseUserKind(std::string_view s) {
    if (s == "external") return UserKind::kExternal;
    if (s == "internal") return UserKind::kInternal;
    return std::nullopt;
}

std::string_view FlagName(Flag f) {
    for (const auto& e : kFlags) {
        if (e.flag == f) return e.name;
    }
    return "";
}

std::optional<Flag> ParseFlag(std::string_view s) {
    for (const auto& e : kFlags) {
        if (e.name == s) return e.flag;
    }
    return std::nullopt;
}

const std::vector<std::string>& FlagNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& e : kFlags) v.emplace_back(e.name);
        return v;
    }();
    return names;
}

bool User::Has(Flag f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }

std::string NormalizeEmail(std::string_view email) {
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) email.remove_prefix(1);
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) email.remove_suffix(1);
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool IsValidDomainName(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) return false;
    size_t labels = 0;
    while (!domain.empty()) {
        const size_t dot = domain.find('.');
        const std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        }
        ++labels;
        if (dot == std::string_view::npos) break;
        domain.remove_prefix(dot + 1);
        if (domain.empty()) return false;  // trailing dot
    }
    return labels >= 2;
}

bool IsValidEmail(std::string_view email) {
    if (email.size() > kMaxEmailLength) return false;
    const size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = email.substr(0, at);
    if (local.size() > 64) return false;
    for (char c : local) {
        if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)) || c == '"' ||
            c == '<' || c == '>' || c == ',' || c == ';' || c == '\\') {
            return false;
        }
    }
    return IsValidDomainName(NormalizeEmail(email.substr(at + 1)));
}

size_t Utf8Length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

bool MayHoldFlags(UserKind kind, const std::vector<Flag>& flags) {
    return flags.empty() || kind == UserKind::kInternal;
}

bool LocksSelfOut(const User& before, bool self, bool disables, const std::optional<std::vector<Flag>>& flags) {
    if (!self) return false;
    const bool drops_admin = flags && before.Has(Flag::kPlatformAdmin) &&
                             std::find(flags->begin(), flags->end(), Flag::kPlatformAdmin) == flags->end();
    return disables || drops_admin;
}

bool AnswersForSupport(const User& user) { return user.Has(Flag::kLicensingSupport) || user.Has(Flag::kPlatformAdmin); }

}  // namespace entitled::domain
