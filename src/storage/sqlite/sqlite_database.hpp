#pragma once
// SQLite engine: one writer connection behind a mutex (SQLite allows one
// writer at a time anyway; queuing in-process is cheaper than SQLITE_BUSY
// spinning) plus a pool of read-only connections, all in WAL mode so readers
// never block the writer. Write transactions use BEGIN IMMEDIATE, so the
// write lock is taken up front and a transaction never fails half-way for
// lock upgrade. Other processes (the CLI) are waited for by busy_timeout.

#include <memory>
#include <string>

#include "storage/db.hpp"

namespace entitled::storage::sqlite {

// `path` is a file name, or ":memory:" (one connection serves reads and writes).
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseOptions& options);

}  // namespace entitled::storage::sqlite
