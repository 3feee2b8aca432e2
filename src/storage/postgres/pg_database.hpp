#pragma once
// PostgreSQL engine over libpq: a bounded pool of connections, each with its
// own cache of prepared statements. Write transactions run SERIALIZABLE, so
// the service code needs no explicit locks to be correct; a serialization
// failure (40001) or deadlock (40P01) surfaces as ErrorCode::kRetry and
// Database::Run re-runs the transaction. Reads run REPEATABLE READ READ ONLY
// for a consistent snapshot. A connection that breaks is discarded and a new
// one is opened on the next Begin.

#include <memory>
#include <string>

#include "storage/db.hpp"

namespace entitled::storage::postgres {

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const DatabaseOptions& options);

// `?` placeholders become $1, $2, …; quoted strings and identifiers are left alone.
std::string RewritePlaceholders(std::string_view sql);

}  // namespace entitled::storage::postgres
