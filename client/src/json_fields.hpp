#pragma once
// Reading members of JSON objects that may be missing or of another type: the
// client reads server answers and files it did not write, so every access is
// checked and a mismatch is "absent", never an exception.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace entitled::device {

inline const boost::json::object* ObjectField(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v != nullptr ? v->if_object() : nullptr;
}

inline const boost::json::array* ArrayField(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v != nullptr ? v->if_array() : nullptr;
}

inline std::optional<std::string> StringField(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

// Integers only: 3 and 3.0 are both a count of 3 (JSON does not tell them
// apart reliably across implementations), 3.5 is not a count.
inline std::optional<std::int64_t> IntField(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr) return std::nullopt;
    if (const auto* i = v->if_int64()) return *i;
    if (const auto* u = v->if_uint64()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return static_cast<std::int64_t>(*u);
    }
    if (const auto* d = v->if_double()) {
        // 2^63 as a double: a double inside (-2^63, 2^63) converts without overflow; NaN fails the comparison.
        constexpr double kLimit = 9223372036854775808.0;
        if (!(*d > -kLimit && *d < kLimit) || std::trunc(*d) != *d) return std::nullopt;
        return static_cast<std::int64_t>(*d);
    }
    return std::nullopt;
}

// Ids: the server sends integers; a string id is taken as it is, so the client
// does not depend on how a server numbers things.
inline std::optional<std::string> IdText(const boost::json::value& v) {
    if (const auto* s = v.if_string()) return s->empty() ? std::nullopt : std::optional<std::string>(std::string(*s));
    if (const auto* i = v.if_int64()) return std::to_string(*i);
    if (const auto* u = v.if_uint64()) return std::to_string(*u);
    return std::nullopt;
}

inline std::optional<std::string> IdField(const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v != nullptr ? IdText(*v) : std::nullopt;
}

// The id as the server sent it: a canonical decimal integer goes back as a number.
// (Not `value{id}`: braces would make a one-element array.)
inline boost::json::value IdJson(const std::string& id) {
    if (id.empty() || id.size() > 18 || (id.size() > 1 && id[0] == '0')) return boost::json::string(id);
    std::int64_t n = 0;
    for (const char c : id) {
        if (c < '0' || c > '9') return boost::json::string(id);
        n = n * 10 + (c - '0');
    }
    return n;
}

}  // namespace entitled::device
