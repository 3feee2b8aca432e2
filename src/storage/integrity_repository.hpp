#pragma once
// The SQL behind `entitled check`: each query returns one row per violation
// of an invariant, with a human-readable description.

#include <string>
#include <vector>

#include "storage/db.hpp"

namespace entitled::storage {

struct Violation {
    std::string invariant;
    std::string detail;
};

Result<std::vector<Violation>> FindViolations(Transaction& tx);

}  // namespace entitled::storage
