#include "domain/accounts.hpp"

#include <gtest/gtest.h>

#include <set>

namespace entitled::domain {
namespace {

TEST(AccountStatusMachine, EveryPairIsDecidedByTheTable) {
    const AccountStatus all[] = {AccountStatus::kPending, AccountStatus::kActive, AccountStatus::kExpired,
                                 AccountStatus::kInactive};
    const std::set<std::pair<AccountStatus, AccountStatus>> allowed = {
        {AccountStatus::kPending, AccountStatus::kActive},
        {AccountStatus::kPending, AccountStatus::kExpired},
        {AccountStatus::kActive, AccountStatus::kInactive},
        {AccountStatus::kInactive, AccountStatus::kActive}};
    for (auto from : all) {
        for (auto to : all) {
            EXPECT_EQ(CanChangeAccountStatus(from, to), allowed.count({from, to}) == 1)
                << AccountStatusName(from) << " -> " << AccountStatusName(to);
        }
    }
}

TEST(RequestStatusMachine, OnlyPendingRequestsChange) {
    const RequestStatus all[] = {RequestStatus::kPending, RequestStatus::kAccepted, RequestStatus::kDeclined,
                                 RequestStatus::kExpired};
    for (auto from : all) {
        for (auto to : all) {
            EXPECT_EQ(CanChangeRequestStatus(from, to),
                      from == RequestStatus::kPending && to != RequestStatus::kPending);
        }
    }
}

TEST(AccountFields, DomainsAreLowerCaseDnsNames) {
    EXPECT_EQ(NormalizeDomain(" ACME.com "), "acme.com");
    EXPECT_FALSE(NormalizeDomain("acme"));
    EXPECT_FALSE(NormalizeDomain("acme..com"));
    EXPECT_FALSE(NormalizeDomain("http://acme.com"));
    EXPECT_EQ(NormalizeCountry("de"), "DE");
    EXPECT_FALSE(NormalizeCountry("DEU"));
    EXPECT_FALSE(NormalizeCountry("1A"));
    EXPECT_FALSE(NormalizeCountry("XX")) << "well-formed but not assigned";
    EXPECT_EQ(NormalizeCountry("ch"), "CH");
    EXPECT_EQ(NormalizeCountry("ZW"), "ZW");
}

TEST(AccountFields, NameWordsAreLowerCaseAndUnique) {
    EXPECT_EQ(NameWords("Acme Corp — Acme GmbH"), (std::vector<std::string>{"acme", "corp", "gmbh"}));
    EXPECT_EQ(NameWords("Müller & Söhne"), (std::vector<std::string>{"müller", "söhne"}));
}

TEST(AccountKinds, RoundTrip) {
    EXPECT_EQ(ParseAccountKind("holding"), AccountKind::kHolding);
    EXPECT_FALSE(ParseAccountKind("partner"));
    EXPECT_EQ(ParseAccountStatus(AccountStatusName(AccountStatus::kExpired)), AccountStatus::kExpired);
    EXPECT_EQ(ParseRequestStatus("declined"), RequestStatus::kDeclined);
}

}  // namespace
}  // namespace entitled::domain
