#include "http/router.hpp"

#include <cassert>
#include <map>

namespace entitled::http {

struct Router::Node {
    std::unordered_map<std::string, std::unique_ptr<Node>> literal;
    std::unique_ptr<Node> param;
    std::string param_name;
    std::map<Verb, Handler> handlers;
    std::map<Verb, std::string> patterns;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const size_t slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return parts;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(Verb method, std::string_view pattern, Handler handler) {
    Node* node = root_.get();
    for (std::string_view part : Split(pattern)) {
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            if (!node->param) {
                node->param = std::make_unique<Node>();
                node->param_name = std::string(part.substr(1, part.size() - 2));
            }
            assert(node->param_name == part.substr(1, part.size() - 2) && "one parameter name per position");
            node = node->param.get();
        } else {
            auto& child = node->literal[std::string(part)];
            if (!child) child = std::make_unique<Node>();
            node = child.get();
        }
    }
    assert(node->handlers.count(method) == 0 && "route registered twice");
    node->handlers[method] = std::move(handler);
    node->patterns[method] = std::string(pattern);
    routes_.push_back({method, std::string(pattern)});
}

Router::Match Router::Find(Verb method, std::string_view path) const {
    Match match;
    const std::vector<std::string_view> parts = Split(path);
    // Depth-first with backtracking, so "/a/literal" and "/a/{id}/x" coexist.
    std::function<const Node*(const Node*, size_t)> walk = [&](const Node* node, size_t i) -> const Node* {
        if (i == parts.size()) return node->handlers.empty() ? nullptr : node;
        auto it = node->literal.find(std::string(parts[i]));
        if (it != node->literal.end()) {
            if (const Node* found = walk(it->second.get(), i + 1)) return found;
        }
        if (node->param) {
            if (const Node* found = walk(node->param.get(), i + 1)) {
                match.params.emplace(node->param_name, std::string(parts[i]));
                return found;
            }
        }
        return nullptr;
    };
    const Node* node = walk(root_.get(), 0);
    if (node == nullptr) {
        match.params.clear();
        return match;
    }
    auto h = node->handlers.find(method);
    if (h == node->handlers.end() && method == Verb::head) h = node->handlers.find(Verb::get);
    if (h != node->handlers.end()) {
        match.handler = &h->second;
        match.pattern = &node->patterns.at(h->first);
        return match;
    }
    for (const auto& [verb, handler] : node->handlers) match.allowed.push_back(verb);
    match.params.clear();
    return match;
}

}  // namespace entitled::http
