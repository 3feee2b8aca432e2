#pragma once
// Maps (method, path) to a handler. Patterns are literal segments and
// `{name}` parameters, e.g. "/api/v1/orders/{number}/history". A literal
// segment wins over a parameter at the same position, whatever the order of
// registration. A path that matches with another method yields the allowed
// methods, for 405 and the Allow header; HEAD falls back to GET.
//
// Thread safety: build the router, then share it read-only.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.hpp"

namespace entitled::http {

using Handler = std::function<Response(Request&)>;

struct RouteInfo {
    Verb method;
    std::string pattern;
};

class Router {
  public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // REQUIRES: the (method, pattern) pair is not registered yet.
    void Add(Verb method, std::string_view pattern, Handler handler);

    struct Match {
        const Handler* handler = nullptr;  // null: not found or method not allowed
        std::unordered_map<std::string, std::string> params;
        std::vector<Verb> allowed;  // non-empty when the path exists for other methods
        const std::string* pattern = nullptr;
    };
    Match Find(Verb method, std::string_view path) const;

    const std::vector<RouteInfo>& routes() const { return routes_; }

  private:
    struct Node;
    std::unique_ptr<Node> root_;
    std::vector<RouteInfo> routes_;
};

}  // namespace entitled::http
