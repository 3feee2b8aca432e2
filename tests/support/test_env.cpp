#include "test_env.hpp"

#include <libpq-fe.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/random.hpp"

namespace entitled::testing {

bool UsingPostgres() {
    const char* engine = std::getenv("ENTITLED_TEST_ENGINE");
    return engine != nullptr && std::string(engine) == "postgres";
}

std::string EngineName() { return UsingPostgres() ? "postgres" : "sqlite"; }

std::string TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "entitled-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

namespace {

std::string PostgresAdminUrl() {
    const char* file = std::getenv("ENTITLED_TEST_PG_URL_FILE");
    if (file == nullptr) file = ENTITLED_TEST_PG_URL_FILE_DEFAULT;
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    if (url.empty())
        throw std::runtime_error(std::string("no PostgreSQL URL in ") + file +
                                 " (run through ctest, which starts the cluster)");
    return url;
}

}  // namespace

std::string FreshDatabaseUrl() {
    InitCrypto();
    if (!UsingPostgres()) return "sqlite:" + TempDir() + "/entitled.db";
    const std::string admin = PostgresAdminUrl();
    const std::string name = "t_" + RandomHex(8);
    PGconn* conn = PQconnectdb(admin.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the test PostgreSQL: " + msg);
    }
    PGresult* res = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    std::string msg = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + msg);
    // The admin URL ends with "/postgres"; swap in the new database.
    const size_t slash = admin.rfind('/');
    const size_t query = admin.find('?', slash);
    return admin.substr(0, slash + 1) + name + (query == std::string::npos ? "" : admin.substr(query));
}

}  // namespace entitled::testing
