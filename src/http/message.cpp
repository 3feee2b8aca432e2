#include "http/message.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace entitled::http {

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
    static const std::string kEmpty;
    auto it = path_params.find(name);
    return it == path_params.end() ? kEmpty : it->second;
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

}  // namespace entitled::http
