#include "http/message.hpp"

#include <gtest/gtest.h>

namespace entitled::http {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    ASSERT_TRUE(ParseTarget("/api/v1/smart-accounts?by=name&q=acme%20corp&flag", path, query));
    EXPECT_EQ(path, "/api/v1/smart-accounts");
    ASSERT_EQ(query.size(), 3U);
    EXPECT_EQ(query[1].second, "acme corp");
    EXPECT_EQ(query[2].first, "flag");
    ASSERT_TRUE(ParseTarget("/a%2Fb", path, query));
    EXPECT_EQ(path, "/a/b");
}

TEST(ParseTarget, RejectsMalformedTargets) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    EXPECT_FALSE(ParseTarget("/bad%zz", path, query));
    EXPECT_FALSE(ParseTarget("/nul%00byte", path, query));
    EXPECT_FALSE(ParseTarget("http://absolute/form", path, query));
    EXPECT_FALSE(ParseTarget("no-slash", path, query));
}

}  // namespace
}  // namespace entitled::http
