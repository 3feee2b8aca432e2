#include "http_client.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>

namespace entitled::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Conn {
    asio::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buffer;
    bool open = false;
};

boost::json::value HttpResponse::json() const { return boost::json::parse(body); }

std::string HttpResponse::header(const std::string& name) const {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
}

std::string HttpResponse::problem_code() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return "";
    const auto* code = v.as_object().if_contains("code");
    return code != nullptr && code->is_string() ? std::string(code->as_string()) : "";
}

std::string HttpResponse::error_fields() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return "";
    const auto* errors = v.as_object().if_contains("errors");
    if (errors == nullptr || !errors->is_array()) return "";
    std::string out;
    for (const auto& e : errors->as_array()) {
        if (!out.empty()) out += ",";
        out += std::string(e.at("field").as_string());
    }
    return out;
}

namespace {

// With ENTITLED_RESPONSE_LOG naming a directory, every response is appended
// as one JSON line to responses-<pid>.jsonl there; after the API suites,
// tests/contract/validate-responses.mjs checks each against docs/openapi.json.
// One file per process (ctest runs each test in its own), one write per line.
void LogResponse(const std::string& method, const std::string& target, const HttpResponse& res) {
    static const char* const dir = std::getenv("ENTITLED_RESPONSE_LOG");
    if (dir == nullptr || *dir == '\0') return;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    boost::json::object line{{"test", info == nullptr ? "" : std::string(info->test_suite_name()) + "." + info->name()},
                             {"method", method},
                             {"target", target},
                             {"status", res.status},
                             {"content_type", res.header("content-type")}};
    if (res.header("content-type").find("json") != std::string::npos) {
        boost::system::error_code ec;
        auto body = boost::json::parse(res.body, ec);
        if (ec)
            line["unparsable_body"] = res.body.substr(0, 200);
        else
            line["body"] = std::move(body);
    } else {
        line["body_bytes"] = res.body.size();
    }
    const std::string text = boost::json::serialize(line) + "\n";
    const std::string path = std::string(dir) + "/responses-" + std::to_string(::getpid()) + ".jsonl";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (::write(fd, text.data(), text.size()) < 0) ADD_FAILURE() << "cannot append to " << path;
    ::close(fd);
}

}  // namespace

HttpClient::HttpClient(unsigned short port) : port_(port), conn_(std::make_unique<Conn>()) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Get(const std::string& target, const std::map<std::string, std::string>& headers) {
    return Send("GET", target, "", headers);
}

HttpResponse HttpClient::Post(const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) {
    return Send("POST", target, body, headers);
}

HttpResponse HttpClient::Post(const std::string& target, const boost::json::value& body,
                              const std::map<std::string, std::string>& headers) {
    return Send("POST", target, boost::json::serialize(body), headers);
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!conn_->open) {
            conn_ = std::make_unique<Conn>();
            conn_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
            conn_->open = true;
        }
        bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
        req.set(bhttp::field::host, "127.0.0.1");
        for (const auto& [k, v] : defaults_) req.set(k, v);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() && req[bhttp::field::content_type].empty())
            req.set(bhttp::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
        beast::error_code ec;
        conn_->stream.expires_after(std::chrono::seconds(120));
        bhttp::write(conn_->stream, req, ec);
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        // Even if the server stopped our write (e.g. 413 for a huge body), its answer may be waiting.
        beast::error_code read_ec;
        bhttp::read(conn_->stream, conn_->buffer, parser, read_ec);
        if (!read_ec)
            ec = {};
        else if (!ec)
            ec = read_ec;
        if (ec) {
            // The server closed an idle keep-alive connection: reconnect once.
            conn_->open = false;
            if (attempt == 0) continue;
            throw std::runtime_error("HTTP " + method + " " + target + " failed: " + ec.message());
        }
        auto res = parser.release();
        HttpResponse out;
        out.status = res.result_int();
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.headers[name] = std::string(f.value());
        }
        out.body = std::move(res.body());
        if (!res.keep_alive()) conn_->open = false;
        LogResponse(method, target, out);
        return out;
    }
    throw std::runtime_error("unreachable");
}

std::string HttpClient::Raw(const std::string& bytes, int timeout_ms) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    beast::error_code ec;
    asio::write(stream.socket(), asio::buffer(bytes), ec);
    // Blocking reads with a socket-level timeout: a server that keeps the
    // connection open ends the read after `timeout_ms` of silence.
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string received;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(stream.socket().native_handle(), buf, sizeof buf, 0);
        if (n <= 0) break;
        received.append(buf, static_cast<size_t>(n));
    }
    return received;
}

}  // namespace entitled::testing
