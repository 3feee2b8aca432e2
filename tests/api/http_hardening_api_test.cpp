// HTTP/1.1 as RFC 9110/9112 wants it, against the real server: message
// framing that cannot be used to smuggle a request, Host required once, JSON
// bodies only as application/json and without duplicate keys, the read
// timeout the README documents, and log lines that are always valid UTF-8.
#include <gtest/gtest.h>

#include <sstream>

#include "api_fixture.hpp"
#include "raw_socket.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

// A request whose body, if the server misreads its framing, is a second request of its own.
std::string Smuggle(const std::string& framing_headers, const std::string& body) {
    return "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + framing_headers +
           "\r\n" + body;
}
const std::string kSmuggled = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";

std::string ProblemCode(const RawResponse& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    return !ec && v.is_object() && v.as_object().contains("code") ? std::string(v.at("code").as_string()) : "";
}

class HttpHardeningApi : public ApiTest {};

TEST_F(HttpHardeningApi, ATransferEncodingThatIsNotFinallyChunkedIs400AndNothingAfterItIsServed) {
    for (const char* te : {"gzip", "identity", "xchunked", "chunked, identity"}) {
        auto reply = SendRaw(server_->port(), Smuggle(std::string("Transfer-Encoding: ") + te + "\r\n", kSmuggled));
        ASSERT_EQ(reply.responses.size(), 1U) << te << ": the body was served as a request:\n" << reply.bytes;
        EXPECT_EQ(reply.responses[0].status, 400U) << te;
        EXPECT_EQ(ProblemCode(reply.responses[0]), "bad_framing") << te;
        EXPECT_EQ(reply.responses[0].connection, "close") << te;
        EXPECT_TRUE(reply.closed) << te << ": the connection was left open";
    }
}

TEST_F(HttpHardeningApi, TransferEncodingWithContentLengthIs400AndClosed) {
    const std::string body = "{}" + kSmuggled;
    for (const char* framing :
         {"Transfer-Encoding: gzip\r\nContent-Length: 2\r\n", "Content-Length: 2\r\nTransfer-Encoding: gzip\r\n",
          "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n"}) {
        auto reply = SendRaw(server_->port(), Smuggle(framing, body));
        ASSERT_EQ(reply.responses.size(), 1U) << framing << reply.bytes;
        EXPECT_EQ(reply.responses[0].status, 400U) << framing;
        EXPECT_TRUE(reply.closed) << framing;
    }
}

TEST_F(HttpHardeningApi, ACodingBeforeChunkedIs501AndClosed) {
    auto reply =
        SendRaw(server_->port(), Smuggle("Transfer-Encoding: gzip, chunked\r\n", "2\r\n{}\r\n0\r\n\r\n" + kSmuggled));
    ASSERT_EQ(reply.responses.size(), 1U) << reply.bytes;
    EXPECT_EQ(reply.responses[0].status, 501U);
    EXPECT_EQ(ProblemCode(reply.responses[0]), "unsupported_transfer_coding");
    EXPECT_TRUE(reply.closed);
}

TEST_F(HttpHardeningApi, ChunkedBodiesAndPipelinedRequestsStillWork) {
    const std::string chunked = "7\r\n{\"email\r\n" + std::string("0\r\n\r\n");
    auto reply = SendRaw(server_->port(), Smuggle("Transfer-Encoding: chunked\r\n", chunked) + kSmuggled,
                         std::chrono::milliseconds(1500));
    ASSERT_EQ(reply.responses.size(), 2U) << reply.bytes;
    EXPECT_EQ(reply.responses[0].status, 400U);  // the chunked body was read: it is bad JSON
    EXPECT_EQ(ProblemCode(reply.responses[0]), "malformed_json");
    EXPECT_EQ(reply.responses[1].status, 200U);
    EXPECT_FALSE(reply.closed) << "a well-framed exchange keeps the connection";
}

TEST_F(HttpHardeningApi, AnHttp11RequestNeedsExactlyOneHost) {
    auto none = SendRaw(server_->port(), "GET /healthz HTTP/1.1\r\n\r\n" + kSmuggled);
    ASSERT_EQ(none.responses.size(), 1U) << none.bytes;
    EXPECT_EQ(none.responses[0].status, 400U);
    EXPECT_EQ(ProblemCode(none.responses[0]), "bad_host");
    EXPECT_TRUE(none.closed);
    auto two = SendRaw(server_->port(), "GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
    ASSERT_EQ(two.responses.size(), 1U) << two.bytes;
    EXPECT_EQ(two.responses[0].status, 400U);
    EXPECT_EQ(ProblemCode(two.responses[0]), "bad_host");
    // HTTP/1.0 had no Host.
    auto old = SendRaw(server_->port(), "GET /healthz HTTP/1.0\r\n\r\n");
    ASSERT_EQ(old.responses.size(), 1U) << old.bytes;
    EXPECT_EQ(old.responses[0].status, 200U);
}

TEST_F(HttpHardeningApi, AnIncompleteRequestIsDroppedAfterTheReadTimeout) {
    StartServer({"--read-timeout-seconds", "1"});
    auto reply =
        SendRaw(server_->port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\n", std::chrono::milliseconds(8000));
    EXPECT_TRUE(reply.closed) << "still open after 8 s";
    EXPECT_LT(reply.seconds, 4.0);
    EXPECT_GE(reply.seconds, 0.9);
    EXPECT_EQ(client().Get("/healthz").status, 200U);
}

TEST_F(HttpHardeningApi, JsonEndpointsRefuseOtherMediaTypesWith415) {
    // A cross-site form or text/plain POST can carry valid JSON and the
    // browser sends it without a preflight: it must not sign anyone in.
    const std::string login = R"({"email":"admin@vendor.example","password":"correct horse"})";
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"}) {
        auto r = client().Post("/api/v1/auth/login", login, {{"Content-Type", type}});
        EXPECT_EQ(r.status, 415U) << type;
        EXPECT_EQ(r.problem_code(), "unsupported_media_type") << type;
        EXPECT_EQ(r.header("Set-Cookie"), "") << type;
    }
    auto utf8 = client().Post("/api/v1/auth/login", login, {{"Content-Type", "application/json; charset=utf-8"}});
    EXPECT_EQ(utf8.status, 200U) << utf8.body;
    EXPECT_NE(utf8.header("Set-Cookie"), "");
    // An action whose body is optional takes no body without a type; a body still needs one.
    client().SetBearer(admin_token_);
    auto empty = client().Send("POST", "/api/v1/transfers/AT-2026-999999/cancel", "");
    EXPECT_EQ(empty.status, 404U) << empty.body;
    auto typed =
        client().Post("/api/v1/transfers/AT-2026-999999/cancel", std::string("{}"), {{"Content-Type", "text/plain"}});
    EXPECT_EQ(typed.status, 415U) << typed.body;
}

TEST_F(HttpHardeningApi, ADuplicateKeyInAJsonBodyIs400NamingItAndChangesNothing) {
    client().SetBearer(admin_token_);
    auto r = client().Post("/api/v1/users", std::string(R"({"email":"dup@customer.example","name":"Dup",)"
                                                        R"("password":"long enough pass","kind":"external",)"
                                                        R"("email":"other@customer.example"})"));
    EXPECT_EQ(r.status, 400U) << r.body;
    EXPECT_EQ(r.problem_code(), "duplicate_key");
    EXPECT_EQ(r.error_fields(), "email");
    EXPECT_EQ(r.json().at("errors").at(0).at("code"), "duplicate_key");
    auto nested = client().Post("/api/v1/smart-accounts",
                                std::string(R"({"name":"N","domain":"n.example","kind":"customer",)"
                                            R"("legal_entity":{"name":"N","country":"DE","country":"FR"}})"));
    EXPECT_EQ(nested.status, 400U) << nested.body;
    EXPECT_EQ(nested.error_fields(), "legal_entity.country");
    auto users = client().Get("/api/v1/users?q=customer.example");
    EXPECT_EQ(users.body.find("customer.example"), std::string::npos) << users.body;
}

TEST_F(HttpHardeningApi, LogLinesStayValidUtf8WhateverThePath) {
    client().Get("/nope%FF%C3%28");                // not UTF-8 once decoded
    client().Get("/x%1B%5B31m%C2%9B2J%E2%80%AE");  // an ANSI escape, a C1 CSI, a right-to-left override
    server_->Stop();
    const std::string log = server_->Log();
    std::istringstream in(log);
    std::vector<std::string> paths;
    for (std::string line; std::getline(in, line);) {
        boost::system::error_code ec;
        auto v = json::parse(line, ec);  // Boost.JSON refuses invalid UTF-8
        ASSERT_FALSE(ec) << "not a valid UTF-8 JSON line: " << line;
        if (const auto* path = v.as_object().if_contains("path")) paths.emplace_back(path->as_string());
    }
    EXPECT_NE(std::find(paths.begin(), paths.end(), "/nope\\xff\\xc3("), paths.end()) << log;
    EXPECT_NE(std::find(paths.begin(), paths.end(), "/x\\u001b[31m\\u009b2J\\u202e"), paths.end()) << log;
}

}  // namespace
}  // namespace entitled::testing
