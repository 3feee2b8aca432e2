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

namespace {

void ExecAdmin(const std::string& sql) {
    PGconn* conn = PQconnectdb(PostgresAdminUrl().c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the test PostgreSQL: " + msg);
    }
    PGresult* res = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    std::string msg = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    if (!ok) throw std::runtime_error(sql + " failed: " + msg);
}

std::string WithDatabaseName(const std::string& url, const std::string& name) {
    const size_t slash = url.rfind('/');
    const size_t query = url.find('?', slash);
    return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::string CopyDatabase(const std::string& url) {
    if (url.rfind("sqlite:", 0) == 0) {
        const std::filesystem::path from = url.substr(7);
        const std::filesystem::path to = TempDir() + "/copy.db";
        std::filesystem::copy_file(from, to);
        // A WAL not yet checkpointed holds committed pages too.
        const auto wal = std::filesystem::path(from.string() + "-wal");
        if (std::filesystem::exists(wal)) std::filesystem::copy_file(wal, to.string() + "-wal");
        return "sqlite:" + to.string();
    }
    const size_t slash = url.rfind('/');
    const size_t query = url.find('?', slash);
    const std::string source =
        url.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
    const std::string name = "c_" + RandomHex(8);
    ExecAdmin("CREATE DATABASE " + name + " TEMPLATE " + source);
    return WithDatabaseName(url, name);
}

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
