// Raw HTTP/1.1 requests, parsed by Beast as the server does, through the real
// pipeline: routing, path parameters, query strings, every JSON body, CSV
// imports. Any 5xx other than 503 ("busy") is a bug: bad input must get a
// 4xx naming the problem.
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_env.hpp"
#include "http/message.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& env = entitled::fuzz::Env();
    bhttp::request_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_done()) return 0;  // the server answers these before any handler runs
    auto msg = parser.release();
    entitled::http::Request req;
    req.method = msg.method();
    req.target = std::string(msg.target());
    req.headers = std::move(msg.base());
    req.body = std::move(msg.body());
    req.remote_address = "127.0.0.1";
    if (!entitled::http::ParseTarget(req.target, req.path, req.query)) return 0;
    const entitled::http::Response res = env.pipeline->Handle(req);
    if (res.status < 100 || res.status > 599 || (res.status >= 500 && res.status != 503)) {
        std::fprintf(stderr, "%s %s answered %u: %s\n", std::string(bhttp::to_string(req.method)).c_str(),
                     req.target.c_str(), res.status, res.body.c_str());
        std::abort();
    }
    return 0;
}
