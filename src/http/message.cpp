#include "http/message.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace entitled::http {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The transfer codings of every Transfer-Encoding line, in order, without
// parameters; empty list elements are skipped (RFC 9110 §5.6.1).
std::vector<std::string_view> TransferCodings(const boost::beast::http::fields& headers) {
    std::vector<std::string_view> out;
    auto [it, end] = headers.equal_range(boost::beast::http::field::transfer_encoding);
    for (; it != end; ++it) {
        std::string_view rest(it->value().data(), it->value().size());
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            item = Trim(item.substr(0, item.find(';')));
            if (!item.empty()) out.push_back(item);
        }
    }
    return out;
}

Error BadFraming() { return MakeError(Problem::kBadFraming); }

Status CheckHost(const boost::beast::http::fields& headers, unsigned version) {
    const size_t hosts = headers.count(boost::beast::http::field::host);
    if (hosts > 1 || (hosts == 0 && version >= 11)) {
        return MakeError(Problem::kBadHost);
    }
    if (hosts == 0) return Ok();
    const auto value = headers[boost::beast::http::field::host];
    const std::string_view host(value.data(), value.size());
    if (host.empty()) return Ok();  // allowed when the target URI has no authority (RFC 9112 §3.2)
    // uri-host [ ":" port ]: an authority without userinfo.
    auto authority = boost::urls::parse_authority(host);
    if (!authority || authority->has_userinfo()) return MakeError(Problem::kBadHost);
    return Ok();
}

}  // namespace

std::optional<std::string> Request::Query(std::string_view name) const {
    for (const auto& [k, v] : query) {
        if (k == name) return v;
    }
    return std::nullopt;
}

std::string_view Request::Header(std::string_view name) const {
    auto it = headers.find(name);
    if (it == headers.end()) return {};
    return {it->value().data(), it->value().size()};
}

const std::string& Request::Param(const std::string& name) const {
    static const std::string empty;
    auto it = path_params.find(name);
    return it == path_params.end() ? empty : it->second;
}

Response JsonResponse(unsigned status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response TextResponse(unsigned status, std::string content_type, std::string body) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

Response NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

bool ParseTarget(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return false;
    const boost::urls::url_view& url = *parsed;
    path = url.path();
    if (path.find('\0') != std::string::npos) return false;
    query.clear();
    for (const auto& param : url.params()) {
        query.emplace_back(param.key, param.has_value ? param.value : std::string());
    }
    return true;
}

Status CheckRequestHead(const boost::beast::http::fields& headers, unsigned version) {
    ENT_TRY(CheckHost(headers, version));
    if (headers.count(boost::beast::http::field::transfer_encoding) == 0) return Ok();
    // HTTP/1.0 has no Transfer-Encoding: its framing is faulty even with a Content-Length (RFC 9112 §6.1).
    if (version < 11) return BadFraming();
    if (headers.count(boost::beast::http::field::content_length) > 0) return BadFraming();
    const auto codings = TransferCodings(headers);
    if (codings.empty() || !boost::beast::iequals(codings.back(), "chunked")) return BadFraming();
    for (size_t i = 0; i + 1 < codings.size(); ++i) {
        // chunked may be applied once only (RFC 9112 §7).
        if (boost::beast::iequals(codings[i], "chunked")) return BadFraming();
    }
    if (codings.size() > 1) {
        // Framed reliably, but in a coding (gzip, …) that we do not decode.
        return MakeError(Problem::kUnsupportedTransferCoding);
    }
    return Ok();
}

}  // namespace entitled::http
