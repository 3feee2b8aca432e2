// The libcurl transport against a one-request HTTP server on the loopback: what goes on the wire.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "entitled/device_client.hpp"

namespace entitled::device {
namespace {

// Accepts one connection, reads one request (headers and Content-Length body), answers `response`.
class OneShotServer {
  public:
    explicit OneShotServer(std::string response) : response_(std::move(response)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 1) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("cannot listen on the loopback");
        }
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { Serve(); });
    }
    OneShotServer(const OneShotServer&) = delete;
    OneShotServer& operator=(const OneShotServer&) = delete;
    ~OneShotServer() {
        ::shutdown(fd_, SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }

    std::string Url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
    }
    // REQUIRES: the request was answered (the client's Send returned).
    const std::string& request() {
        if (thread_.joinable()) thread_.join();
        return request_;
    }

  private:
    void Serve() {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        char buf[4096];
        size_t body_start = std::string::npos;
        size_t length = 0;
        for (;;) {
            const ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            request_.append(buf, static_cast<size_t>(n));
            if (body_start == std::string::npos) {
                const auto end = request_.find("\r\n\r\n");
                if (end == std::string::npos) continue;
                body_start = end + 4;
                const auto at = request_.find("Content-Length: ");
                if (at != std::string::npos && at < end) length = std::stoul(request_.substr(at + 16));
            }
            if (request_.size() >= body_start + length) break;
        }
        ::send(c, response_.data(), response_.size(), MSG_NOSIGNAL);
        ::close(c);
    }

    std::string response_;
    int fd_ = -1;
    int port_ = 0;
    std::string request_;
    std::thread thread_;
};

TEST(CurlTransport, SendsADeleteWithAJsonBodyAndReadsTheStatus) {
    OneShotServer server("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    auto transport = MakeCurlTransport();
    const auto answer = transport->Send({"DELETE", server.Url("/api/v1/leases/7"), R"({"device_secret":"s"})"});
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer.value().status, 204);
    const auto& request = server.request();
    EXPECT_TRUE(request.starts_with("DELETE /api/v1/leases/7 HTTP/1.1\r\n")) << request;
    EXPECT_NE(request.find("Content-Type: application/json\r\n"), std::string::npos) << request;
    EXPECT_TRUE(request.ends_with("\r\n\r\n{\"device_secret\":\"s\"}")) << request;
}

TEST(CurlTransport, ReturnsAnErrorAnswerWithItsBody) {
    const std::string body = R"({"code":"lease_expired","detail":"gone"})";
    OneShotServer server("HTTP/1.1 409 Conflict\r\nContent-Type: application/problem+json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    const auto answer = MakeCurlTransport()->Send({"POST", server.Url("/api/v1/leases/7/heartbeat"), "{}"});
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer.value().status, 409);
    EXPECT_EQ(answer.value().body, body);
    EXPECT_TRUE(server.request().starts_with("POST /api/v1/leases/7/heartbeat HTTP/1.1\r\n"));
}

TEST(CurlTransport, GivesUpAfterTheTimeout) {
    // Listens but never answers within the timeout: the server thread is released by the client hanging up.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/api/v1/licensing/keys";
    CurlOptions quick;
    quick.timeout = std::chrono::milliseconds(300);
    const auto answer = MakeCurlTransport(quick)->Send({"GET", url, ""});
    ::close(fd);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, ErrorCode::kNetwork);
    EXPECT_NE(answer.error().message.find("timed out"), std::string::npos) << answer.error().message;
}

}  // namespace
}  // namespace entitled::device
