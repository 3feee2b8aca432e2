#pragma once
// The request and response types handlers see: decoupled from Beast's
// message types so handlers and tests don't depend on the wire layer.

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/i18n.hpp"
#include "common/result.hpp"

namespace entitled::http {

using Verb = boost::beast::http::verb;

struct Request {
    Verb method = Verb::get;
    std::string target;  // as received: path and query
    std::string path;    // percent-decoded path
    std::vector<std::pair<std::string, std::string>> query;
    std::unordered_map<std::string, std::string> path_params;
    boost::beast::http::fields headers;
    std::string body;
    std::string request_id;
    std::string remote_address;
    Locale locale = Locale::kEn;

    std::optional<std::string> Query(std::string_view name) const;
    std::string_view Header(std::string_view name) const;
    const std::string& Param(const std::string& name) const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    void SetHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

Response JsonResponse(unsigned status, std::string body);
Response TextResponse(unsigned status, std::string content_type, std::string body);
Response NoContent();

// Splits an origin-form target ("/a%20b?x=1&y") into its percent-decoded path
// and query pairs (Boost.URL). False when the target is malformed or the path
// decodes to a NUL byte.
bool ParseTarget(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query);

// The request head's message framing and Host, checked before any body is
// read (RFC 9112 §3.2, §6.1, §6.3). Two parties that disagree on where a body
// ends can be made to read part of one request as another (request
// smuggling), so anything ambiguous is refused, and the caller must close the
// connection after answering:
// - Transfer-Encoding in any form other than exactly `chunked` (after all its
//   field lines are combined): 400 when `chunked` is not the final coding
//   (the body's end cannot be known), 501 for a coding before `chunked`
//   (gzip, …) that we do not decode;
// - Transfer-Encoding together with Content-Length, or in an HTTP/1.0 request: 400;
// - an HTTP/1.1 request without exactly one Host, or any request with more than
//   one or with a Host that is not `host[:port]`: 400.
Status CheckRequestHead(const boost::beast::http::fields& headers, unsigned version);

}  // namespace entitled::http
