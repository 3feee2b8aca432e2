#include "http/router.hpp"

#include <gtest/gtest.h>

namespace entitled::http {
namespace {

Handler Named(const std::string& name) {
    return [name](Request&) { return TextResponse(200, "text/plain", name); };
}

std::string Call(const Router& router, Verb verb, const std::string& path) {
    auto m = router.Find(verb, path);
    if (m.handler == nullptr) return m.allowed.empty() ? "404" : "405";
    Request req;
    return (*m.handler)(req).body;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
    Router r;
    r.Add(Verb::get, "/api/v1/orders/{number}", Named("order"));
    r.Add(Verb::get, "/api/v1/orders/{number}/history", Named("history"));
    auto m = r.Find(Verb::get, "/api/v1/orders/SO-1/history");
    ASSERT_NE(m.handler, nullptr);
    EXPECT_EQ(m.params.at("number"), "SO-1");
    EXPECT_EQ(Call(r, Verb::get, "/api/v1/orders/SO-1"), "order");
    EXPECT_EQ(*m.pattern, "/api/v1/orders/{number}/history");
}

TEST(Router, LiteralBeatsParameterRegardlessOfOrder) {
    Router r;
    r.Add(Verb::post, "/api/v1/smart-account-requests/{id}", Named("by-id"));
    r.Add(Verb::post, "/api/v1/smart-account-requests/accept", Named("accept"));
    EXPECT_EQ(Call(r, Verb::post, "/api/v1/smart-account-requests/accept"), "accept");
    EXPECT_EQ(Call(r, Verb::post, "/api/v1/smart-account-requests/42"), "by-id");
}

TEST(Router, BacktracksFromLiteralToParameter) {
    Router r;
    r.Add(Verb::get, "/a/fixed", Named("fixed"));
    r.Add(Verb::get, "/a/{id}/x", Named("param"));
    EXPECT_EQ(Call(r, Verb::get, "/a/fixed/x"), "param");
}

TEST(Router, UnknownPathIsNotFoundWrongMethodListsAllowed) {
    Router r;
    r.Add(Verb::get, "/items/{id}", Named("get"));
    r.Add(Verb::delete_, "/items/{id}", Named("del"));
    EXPECT_EQ(Call(r, Verb::get, "/nothing"), "404");
    EXPECT_EQ(Call(r, Verb::get, "/items"), "404");
    EXPECT_EQ(Call(r, Verb::get, "/items/1/2"), "404");
    auto m = r.Find(Verb::post, "/items/1");
    EXPECT_EQ(m.handler, nullptr);
    ASSERT_EQ(m.allowed.size(), 2U);
    EXPECT_TRUE(m.params.empty());
}

TEST(Router, HeadFallsBackToGet) {
    Router r;
    r.Add(Verb::get, "/healthz", Named("health"));
    EXPECT_EQ(Call(r, Verb::head, "/healthz"), "health");
}

TEST(Router, IgnoresDuplicateAndTrailingSlashes) {
    Router r;
    r.Add(Verb::get, "/a/b", Named("ab"));
    EXPECT_EQ(Call(r, Verb::get, "/a/b/"), "ab");
    EXPECT_EQ(Call(r, Verb::get, "//a//b"), "ab");
}

TEST(Router, ListsRoutesForDocumentation) {
    Router r;
    r.Add(Verb::get, "/x", Named("x"));
    r.Add(Verb::post, "/x", Named("y"));
    EXPECT_EQ(r.routes().size(), 2U);
}

}  // namespace
}  // namespace entitled::http
