#include "raw_socket.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>

namespace entitled::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::vector<RawResponse> ParseResponses(std::string_view bytes) {
    std::vector<RawResponse> out;
    while (!bytes.empty()) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.eager(true);
        boost::beast::error_code ec;
        size_t used = 0;
        while (!parser.is_done() && used < bytes.size()) {
            const size_t n = parser.put(asio::buffer(bytes.data() + used, bytes.size() - used), ec);
            if (ec == bhttp::error::need_more) break;
            if (ec) return out;
            used += n;
            if (n == 0) break;
        }
        if (!parser.is_done()) return out;  // a partial response: not counted
        auto res = parser.release();
        std::string connection(res[bhttp::field::connection]);
        for (auto& c : connection) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back({res.result_int(), connection, res.body()});
        bytes.remove_prefix(used);
    }
    return out;
}

}  // namespace

RawReply SendRaw(unsigned short port, const std::string& bytes, std::chrono::milliseconds wait) {
    asio::io_context ioc;
    tcp::socket sock(ioc);
    sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    boost::system::error_code ec;
    asio::write(sock, asio::buffer(bytes), ec);
    const auto sent = std::chrono::steady_clock::now();
    timeval tv{0, 100'000};
    setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    RawReply reply;
    char buf[8192];
    while (std::chrono::steady_clock::now() - sent < wait) {
        const ssize_t n = ::recv(sock.native_handle(), buf, sizeof buf, 0);
        if (n > 0) {
            reply.bytes.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            reply.closed = true;  // an orderly close or a reset: either way, nothing more will be read here
            break;
        }
    }
    reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    reply.responses = ParseResponses(reply.bytes);
    return reply;
}

}  // namespace entitled::testing
