#pragma once
// Writing audit events. REQUIRES: called inside the transaction of the change.

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "service/actor.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct AuditChange {
    std::string action;  // e.g. "user.create"
    std::string target_type;
    std::string target_id;
    std::optional<boost::json::value> before;
    std::optional<boost::json::value> after;
    std::optional<std::string> reason;
    std::optional<std::int64_t> smart_account_id;
};

Status Audit(storage::Transaction& tx, const Actor& actor, Micros at, const AuditChange& change);

}  // namespace entitled::service
