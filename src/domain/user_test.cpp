#include "domain/user.hpp"

#include <gtest/gtest.h>

namespace entitled::domain {
namespace {

TEST(Email, NormalisesCaseAndWhitespace) { EXPECT_EQ(NormalizeEmail("  Jane.Doe@ACME.com "), "jane.doe@acme.com"); }

TEST(Email, AcceptsOrdinaryAddressesRejectsBrokenOnes) {
    EXPECT_TRUE(IsValidEmail("jane@acme.com"));
    EXPECT_TRUE(IsValidEmail("j.doe+licensing@sub.acme.co.uk"));
    EXPECT_TRUE(IsValidEmail("Jane@ACME.com"));
    EXPECT_FALSE(IsValidEmail("jane"));
    EXPECT_FALSE(IsValidEmail("@acme.com"));
    EXPECT_FALSE(IsValidEmail("jane@"));
    EXPECT_FALSE(IsValidEmail("jane@acme"));
    EXPECT_FALSE(IsValidEmail("ja ne@acme.com"));
    EXPECT_FALSE(IsValidEmail("a@b@acme.com"));
    EXPECT_FALSE(IsValidEmail("jane@-acme.com"));
    EXPECT_FALSE(IsValidEmail(std::string(300, 'a') + "@acme.com"));
}

TEST(DomainName, FollowsDnsLabelRules) {
    EXPECT_TRUE(IsValidDomainName("acme.com"));
    EXPECT_TRUE(IsValidDomainName("xn--bcher-kva.de"));
    EXPECT_FALSE(IsValidDomainName("ACME.com"));  // callers normalise first
    EXPECT_FALSE(IsValidDomainName("acme"));
    EXPECT_FALSE(IsValidDomainName("acme..com"));
    EXPECT_FALSE(IsValidDomainName("acme.com."));
    EXPECT_FALSE(IsValidDomainName("-acme.com"));
    EXPECT_FALSE(IsValidDomainName("ac_me.com"));
    EXPECT_FALSE(IsValidDomainName(std::string(64, 'a') + ".com"));
}

TEST(Flags, RoundTripNames) {
    for (const auto& name : FlagNames()) EXPECT_EQ(FlagName(*ParseFlag(name)), name);
    EXPECT_FALSE(ParseFlag("root"));
    User u;
    u.flags = {Flag::kCompliance};
    EXPECT_TRUE(u.Has(Flag::kCompliance));
    EXPECT_FALSE(u.Has(Flag::kPlatformAdmin));
}

}  // namespace
}  // namespace entitled::domain
