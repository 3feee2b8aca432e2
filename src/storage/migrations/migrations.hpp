#pragma once
// Versioned schema migrations, compiled into the binary. Each migration is
// portable SQL with a few engine-specific tokens ({{id}} for an auto-assigned
// BIGINT primary key, {{binary}} for byte-wise collation), applied in its own transaction together with its row
// in schema_migrations, so a crash leaves the schema at a whole version.
// Several server instances starting on one PostgreSQL serialize on an
// advisory lock; on SQLite BEGIN IMMEDIATE does the same.

#include <span>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

std::span<const Migration> AllMigrations();
int LatestSchemaVersion();
// The SQL of `m` with engine tokens substituted.
std::string RenderMigration(const Migration& m, Engine engine);

// Applies every pending migration; returns how many were applied.
Result<int> Migrate(Database& db, const Clock& clock);
// The highest applied version, 0 for an empty database.
Result<int> CurrentSchemaVersion(Database& db);

}  // namespace entitled::storage
