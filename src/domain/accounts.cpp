#include "domain/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/user.hpp"

namespace entitled::domain {
namespace {

// A lifecycle as the list of its allowed transitions; anything not listed is refused.
template <typename Status>
struct Edge {
    Status from, to;
};

template <typename Status, size_t N>
bool HasEdge(const Edge<Status> (&edges)[N], Status from, Status to) {
    return std::any_of(std::begin(edges), std::end(edges),
                       [&](const Edge<Status>& e) { return e.from == from && e.to == to; });
}

struct RoleEntry {
    Role role;
    std::string_view name;
};
constexpr RoleEntry kRoles[] = {
    {Role::kSaAdmin, "sa_admin"}, {Role::kSaUser, "sa_user"}, {Role::kSaViewer, "sa_viewer"},
    {Role::kVaAdmin, "va_admin"}, {Role::kVaUser, "va_user"}, {Role::kVaViewer, "va_viewer"},
};

}  // namespace

std::string_view RoleName(Role r) {
    for (const auto& e : kRoles) {
        if (e.role == r) return e.name;
    }
    return "";
}

std::optional<Role> ParseRole(std::string_view s) {
    for (const auto& e : kRoles) {
        if (e.name == s) return e.role;
    }
    return std::nullopt;
}

bool IsVaRole(Role r) { return r == Role::kVaAdmin || r == Role::kVaUser || r == Role::kVaViewer; }

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> roles = {Role::kSaAdmin, Role::kSaUser, Role::kSaViewer,
                                            Role::kVaAdmin, Role::kVaUser, Role::kVaViewer};
    return roles;
}

bool IsEmpty(const VirtualAccountContents& c) {
    return c.licenses == 0 && c.devices == 0 && c.pending_lines == 0 && c.incoming_transfers == 0 && c.members == 0;
}

std::string_view AccountKindName(AccountKind k) { return k == AccountKind::kHolding ? "holding" : "customer"; }

std::optional<AccountKind> ParseAccountKind(std::string_view s) {
    if (s == "customer") return AccountKind::kCustomer;
    if (s == "holding") return AccountKind::kHolding;
    return std::nullopt;
}

std::string_view AccountStatusName(AccountStatus s) {
    switch (s) {
        case AccountStatus::kPending:
            return "pending";
        case AccountStatus::kActive:
            return "active";
        case AccountStatus::kExpired:
            return "expired";
        case AccountStatus::kInactive:
            return "inactive";
    }
    return "";
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view s) {
    for (auto st :
         {AccountStatus::kPending, AccountStatus::kActive, AccountStatus::kExpired, AccountStatus::kInactive}) {
        if (AccountStatusName(st) == s) return st;
    }
    return std::nullopt;
}

std::string_view RequestStatusName(RequestStatus s) {
    switch (s) {
        case RequestStatus::kPending:
            return "pending";
        case RequestStatus::kAccepted:
            return "accepted";
        case RequestStatus::kDeclined:
            return "declined";
        case RequestStatus::kExpired:
            return "expired";
    }
    return "";
}

std::optional<RequestStatus> ParseRequestStatus(std::string_view s) {
    for (auto st :
         {RequestStatus::kPending, RequestStatus::kAccepted, RequestStatus::kDeclined, RequestStatus::kExpired}) {
        if (RequestStatusName(st) == s) return st;
    }
    return std::nullopt;
}

bool CanChangeAccountStatus(AccountStatus from, AccountStatus to) {
    static constexpr Edge<AccountStatus> kEdges[] = {
        {AccountStatus::kPending, AccountStatus::kActive},
        {AccountStatus::kPending, AccountStatus::kExpired},
        {AccountStatus::kActive, AccountStatus::kInactive},
        {AccountStatus::kInactive, AccountStatus::kActive},
    };
    return HasEdge(kEdges, from, to);
}

bool CanReceiveOrders(AccountStatus status) {
    return status == AccountStatus::kPending || status == AccountStatus::kActive;
}

bool CanChangeRequestStatus(RequestStatus from, RequestStatus to) {
    static constexpr Edge<RequestStatus> kEdges[] = {
        {RequestStatus::kPending, RequestStatus::kAccepted},
        {RequestStatus::kPending, RequestStatus::kDeclined},
        {RequestStatus::kPending, RequestStatus::kExpired},
    };
    return HasEdge(kEdges, from, to);
}

bool LeavesNoAdmin(const std::vector<Role>& roles, std::int64_t admins) {
    return std::find(roles.begin(), roles.end(), Role::kSaAdmin) != roles.end() && admins <= 1;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<std::string> NormalizeDomain(std::string_view domain) {
    std::string d = NormalizeEmail(domain);  // trims and lower-cases
    if (!IsValidDomainName(d)) return std::nullopt;
    return d;
}

namespace {

// ISO 3166-1 alpha-2: every officially assigned code.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO "
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE "
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO "
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW "
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM "
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

}  // namespace

std::optional<std::string> NormalizeCountry(std::string_view country) {
    if (country.size() != 2) return std::nullopt;
    const std::string code{static_cast<char>(std::toupper(static_cast<unsigned char>(country[0]))),
                           static_cast<char>(std::toupper(static_cast<unsigned char>(country[1])))};
    for (size_t i = 0; i + 2 <= kCountries.size(); i += 3) {
        if (kCountries.substr(i, 2) == code) return code;
    }
    return std::nullopt;
}

std::vector<std::string> NameWords(std::string_view name) {
    std::set<std::string> words;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) words.insert(current);
        current.clear();
    };
    for (size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        // UTF-8 punctuation separates words: U+00A0–U+00BF (C2 A0–BF) and
        // U+2000–U+206F (E2 80–81 xx), e.g. "—", "«", "»".
        if (c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) >= 0xA0) {
            flush();
            ++i;
        } else if (c == 0xE2 && i + 2 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xFE) == 0x80) {
            flush();
            i += 2;
        } else if (std::isalnum(c) || c >= 0x80) {
            // Other bytes ≥ 0x80 belong to letters (é, ü): keep them inside words.
            current += static_cast<char>(std::tolower(c));
        } else {
            flush();
        }
    }
    flush();
    return {words.begin(), words.end()};
}

}  // namespace entitled::domain
