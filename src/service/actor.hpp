#pragma once
// Who is acting, as recorded in the audit log: a signed-in user, an API
// token's owner, or the command line. Carries the request id and, for
// licensing support acting on a customer's behalf, the case number.

#include <cstdint>
#include <optional>
#include <string>

#include <vector>

#include "domain/authorization.hpp"
#include "domain/user.hpp"

namespace entitled::service {

struct Actor {
    std::optional<domain::User> user;  // empty for the CLI and for anonymous requests
    std::string label;                 // the user's email, or "cli", or "anonymous"
    std::string request_id;
    std::optional<std::string> case_number;
    bool is_cli = false;
    std::vector<domain::Membership> memberships;  // loaded at authentication

    static Actor Cli() {
        Actor a;
        a.label = "cli";
        a.is_cli = true;
        return a;
    }
    static Actor Anonymous(std::string request_id) {
        Actor a;
        a.label = "anonymous";
        a.request_id = std::move(request_id);
        return a;
    }
    // A device acting with its own secret (check-ins, leases): "device:<serial>" in the event log.
    static Actor Device(const std::string& serial, std::string request_id) {
        Actor a;
        a.label = "device:" + serial;
        a.request_id = std::move(request_id);
        return a;
    }
    static Actor Of(const domain::User& u, std::string request_id) {
        Actor a;
        a.user = u;
        a.label = u.email;
        a.request_id = std::move(request_id);
        return a;
    }
    std::optional<std::int64_t> user_id() const { return user ? std::optional<std::int64_t>(user->id) : std::nullopt; }
    bool Has(domain::Flag f) const { return user && user->Has(f); }
};

}  // namespace entitled::service
