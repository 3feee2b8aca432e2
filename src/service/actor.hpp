#pragma once
// Who is acting, as recorded in the audit log: a signed-in user, an API
// token's owner, or the command line. Carries the request id and, for
// licensing support acting on a customer's behalf, the case number.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/user.hpp"

namespace entitled::service {

struct Actor {
    std::optional<domain::User> user;  // empty for the CLI and for anonymous requests
    std::string label;                 // the user's email, or "cli", or "anonymous"
    std::string request_id;
    std::optional<std::string> case_number;

    static Actor Cli() { return Actor{std::nullopt, "cli", {}, std::nullopt}; }
    static Actor Of(const domain::User& u, std::string request_id) {
        return Actor{u, u.email, std::move(request_id), std::nullopt};
    }
    std::optional<std::int64_t> user_id() const {
        return user ? std::optional<std::int64_t>(user->id) : std::nullopt;
    }
    bool Has(domain::Flag f) const { return user && user->Has(f); }
};

}  // namespace entitled::service
