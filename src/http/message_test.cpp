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

namespace bhttp = boost::beast::http;

bhttp::fields Head(std::initializer_list<std::pair<const char*, const char*>> lines) {
    bhttp::fields f;
    for (const auto& [name, value] : lines) f.insert(name, value);
    return f;
}

std::string Outcome(const bhttp::fields& head, unsigned version = 11) {
    Status st = CheckRequestHead(head, version);
    return st.ok() ? "ok" : std::string(ProblemName(st.error().problem));
}

TEST(CheckRequestHead, AcceptsContentLengthOrChunkedAlone) {
    EXPECT_EQ(Outcome(Head({{"Host", "example.com"}})), "ok");
    EXPECT_EQ(Outcome(Head({{"Host", "example.com:8443"}, {"Content-Length", "5"}})), "ok");
    EXPECT_EQ(Outcome(Head({{"Host", "127.0.0.1"}, {"Transfer-Encoding", "chunked"}})), "ok");
    EXPECT_EQ(Outcome(Head({{"Host", "[::1]:8080"}, {"Transfer-Encoding", " Chunked "}})), "ok");
    EXPECT_EQ(Outcome(Head({}), 10), "ok");  // HTTP/1.0 needs no Host
}

TEST(CheckRequestHead, RefusesEveryTransferEncodingWhoseFinalCodingIsNotChunked) {
    for (const char* te : {"gzip", "identity", "xchunked", "chunked, identity", "chunked;x=1, gzip", ",", "chunkedx"}) {
        EXPECT_EQ(Outcome(Head({{"Host", "h"}, {"Transfer-Encoding", te}})), "bad_framing") << te;
    }
    // Split over two field lines, the codings are one list: "chunked, identity".
    EXPECT_EQ(Outcome(Head({{"Host", "h"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "identity"}})),
              "bad_framing");
    EXPECT_EQ(Outcome(Head({{"Host", "h"}, {"Transfer-Encoding", "chunked, chunked"}})), "bad_framing");
}

TEST(CheckRequestHead, RefusesTransferEncodingWithContentLengthOrInHttp10) {
    EXPECT_EQ(Outcome(Head({{"Host", "h"}, {"Transfer-Encoding", "gzip"}, {"Content-Length", "3"}})), "bad_framing");
    EXPECT_EQ(Outcome(Head({{"Host", "h"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}})), "bad_framing");
    EXPECT_EQ(Outcome(Head({{"Transfer-Encoding", "chunked"}}), 10), "bad_framing");
}

TEST(CheckRequestHead, ACodingBeforeChunkedIsNotImplemented) {
    Status st = CheckRequestHead(Head({{"Host", "h"}, {"Transfer-Encoding", "gzip, chunked"}}), 11);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kNotImplemented);
    EXPECT_EQ(ProblemName(st.error().problem), "unsupported_transfer_coding");
}

TEST(CheckRequestHead, Http11NeedsExactlyOneValidHost) {
    EXPECT_EQ(Outcome(Head({})), "bad_host");
    EXPECT_EQ(Outcome(Head({{"Host", "a.example"}, {"Host", "b.example"}})), "bad_host");
    EXPECT_EQ(Outcome(Head({{"Host", "a.example"}, {"Host", "a.example"}}), 10), "bad_host");
    EXPECT_EQ(Outcome(Head({{"Host", "user@a.example"}})), "bad_host");
    EXPECT_EQ(Outcome(Head({{"Host", "a b"}})), "bad_host");
    EXPECT_EQ(Outcome(Head({{"Host", "a.example:port"}})), "bad_host");
}

}  // namespace
}  // namespace entitled::http
