#pragma once
// Where engine tests get their databases. ENTITLED_TEST_ENGINE chooses
// "sqlite" (default) or "postgres"; for PostgreSQL, ENTITLED_TEST_PG_URL_FILE
// names the file with the throw-away cluster's admin URL (written by
// scripts/pg-test-cluster.sh, which ctest runs as a fixture). Every call
// makes a new, empty database, so tests never see each other's data.

#include <string>

namespace entitled::testing {

bool UsingPostgres();
std::string EngineName();
// A URL for a new empty database of the selected engine.
std::string FreshDatabaseUrl();
// A copy of the database at `url` (nothing may be connected to it while it
// is copied: stop the server first); returns the copy's URL.
std::string CopyDatabase(const std::string& url);
// A new empty directory under the system temp dir.
std::string TempDir();

}  // namespace entitled::testing
