// Fills a migrated entitled database with N Smart Accounts and everything
// that hangs off them, in realistic proportions, straight through SQL on the
// engine (INSERT … SELECT over a number series: no client round trips):
//
//   per Smart Account: 3 Virtual Accounts, 2 orders of 2–3 lines (5 lines per
//   2 accounts… i.e. 5 N lines), each line deposited as a lot and partly moved
//   to a second VA (10 N lots, with their ledger entries), 1 device using
//   licenses, and one customer user per 10 accounts as their administrator.
//
//   bench_datagen --database sqlite:path.db|postgresql://… --scale N
//
// The database must be migrated (entitled migrate) and hold nothing in these
// tables yet. Foreign keys are not checked while loading (the generator's own
// arithmetic keeps them right); indexes are maintained as rows go in.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Step {
    const char* what;
    std::string sql;
};

std::string Replace(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

// {{series:X}} is a row source of i = 1..X, {{X}} its count; {{hash}} a random
// 64-hex-digit string; instr() is strpos() on PostgreSQL.
std::string Render(std::string sql, bool sqlite, long long n) {
    for (const auto& [name, value] : std::vector<std::pair<std::string, long long>>{
             {"N", n}, {"VAS", 3 * n}, {"ORDERS", 2 * n}, {"LINES", 5 * n}, {"USERS", std::max(1LL, n / 10)}}) {
        sql = Replace(sql, "{{series:" + name + "}}",
                      sqlite ? "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " +
                                   std::to_string(value) + ") SELECT i FROM s) AS s"
                             : "generate_series(1, " + std::to_string(value) + ") AS s(i)");
        sql = Replace(sql, "{{" + name + "}}", std::to_string(value));
    }
    sql =
        Replace(sql, "{{hash}}", sqlite ? "lower(hex(randomblob(32)))" : "md5(random()::text) || md5(random()::text)");
    sql = Replace(sql, "instr(", sqlite ? "instr(" : "strpos(");
    return sql;
}

// Every id is computed: account s has VAs 3s-2..3s, order o belongs to account
// ((o-1) mod N)+1, line j to order ((j-1)*2)/5+1, line j deposited lot j and
// split lot 5N+j. Times are microseconds, spread over the last three years.
const std::vector<Step>& Steps() {
    static const std::vector<Step> steps = {
        {"users", R"(INSERT INTO users (id, email, name, locale, kind, disabled, created_at, updated_at)
            SELECT 1000000 + i, 'user' || i || '@customer' || i || '.example', 'Customer User ' || i,
                   CASE i % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'fr' ELSE 'de' END, 'external', 0,
                   1600000000000000, 1600000000000000 FROM {{series:USERS}})"},
        {"smart accounts", R"(INSERT INTO smart_accounts (id, name, name_lower, domain, kind, status,
                   legal_entity_name, legal_entity_country, created_at, activated_at)
            SELECT i, w1 || ' ' || w2 || ' ' || i, lower(w1 || ' ' || w2 || ' ' || i), 'acct' || i || '.example',
                   'customer', 'active', w1 || ' ' || w2 || ' ' || i, c, 1600000000000000 + i * 1000,
                   1600000000000000 + i * 1000
            FROM (SELECT i,
                    CASE i % 12 WHEN 0 THEN 'Nordwind' WHEN 1 THEN 'Acme' WHEN 2 THEN 'Globex' WHEN 3 THEN 'Initech'
                      WHEN 4 THEN 'Umbrella' WHEN 5 THEN 'Stark' WHEN 6 THEN 'Wayne' WHEN 7 THEN 'Tyrell'
                      WHEN 8 THEN 'Cyberdyne' WHEN 9 THEN 'Soylent' WHEN 10 THEN 'Hooli' ELSE 'Vandelay' END AS w1,
                    CASE (i / 12) % 8 WHEN 0 THEN 'Systems' WHEN 1 THEN 'Networks' WHEN 2 THEN 'Logistik'
                      WHEN 3 THEN 'Industries' WHEN 4 THEN 'Bank' WHEN 5 THEN 'Health' WHEN 6 THEN 'Telecom'
                      ELSE 'Retail' END AS w2,
                    CASE i % 4 WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' WHEN 2 THEN 'US' ELSE 'GB' END AS c
                  FROM {{series:N}}) AS a)"},
        {"name words", R"(INSERT INTO smart_account_words (word, smart_account_id)
            SELECT DISTINCT word, id FROM (
              SELECT substr(name_lower, 1, instr(name_lower, ' ') - 1) AS word, id FROM smart_accounts
              UNION ALL SELECT substr(substr(name_lower, instr(name_lower, ' ') + 1), 1,
                     instr(substr(name_lower, instr(name_lower, ' ') + 1), ' ') - 1), id FROM smart_accounts
              UNION ALL SELECT CAST(id AS TEXT), id FROM smart_accounts) AS w)"},
        {"virtual accounts",
         R"(INSERT INTO virtual_accounts (id, smart_account_id, name, name_lower, description, created_at)
            SELECT i, (i - 1) / 3 + 1, v, lower(v), '', 1600000000000000
            FROM (SELECT i, CASE i % 3 WHEN 1 THEN 'Default' WHEN 2 THEN 'Production' ELSE 'Lab' END AS v
                  FROM {{series:VAS}}) AS x)"},
        {"memberships", R"(INSERT INTO memberships (id, smart_account_id, user_id, role, created_at)
            SELECT i, i, 1000000 + ((i - 1) % {{USERS}}) + 1, 'sa_admin', 1600000000000000 FROM {{series:N}})"},
        {"orders", R"(INSERT INTO orders (id, sales_order_number, web_order_number, purchaser_name, end_customer_name,
                   export_hold, created_at, updated_at)
            SELECT i, 'SO-' || (10000000 + i), 'WO-' || (10000000 + i), 'Partner ' || (i % 500),
                   'Customer ' || ((i - 1) % {{N}} + 1), 0, 1600000000000000 + i * 100, 1600000000000000 + i * 100
            FROM {{series:ORDERS}})"},
        {"order contacts", R"(INSERT INTO order_contacts (order_id, email)
            SELECT i, 'user' || ((((i - 1) % {{N}}) % {{USERS}}) + 1) || '@customer' ||
                      ((((i - 1) % {{N}}) % {{USERS}}) + 1) || '.example' FROM {{series:ORDERS}})"},
        {"order lines", R"(INSERT INTO order_lines (id, order_id, line_number, sku, description, quantity, license_type,
                   term_months, buying_model, smart_enabled, shipped_at, smart_account_id, virtual_account_id,
                   deposited_at)
            SELECT j, o, j - (5 * (o - 1) + 1) / 2, 'C9300-DNA-' || (j % 40), 'DNA subscription ' || (j % 40),
                   10 + j % 90, CASE WHEN j % 3 = 0 THEN 'perpetual' ELSE 'term' END,
                   CASE WHEN j % 3 = 0 THEN NULL ELSE 36 END,
                   CASE WHEN j % 20 = 0 THEN 'enterprise_agreement' ELSE 'transactional' END, 1,
                   1600000000000000 + j * 40, (o - 1) % {{N}} + 1, 3 * ((o - 1) % {{N}}) + 1, 1600000000000000 + j * 40
            FROM (SELECT i AS j, ((i - 1) * 2) / 5 + 1 AS o FROM {{series:LINES}}) AS l)"},
        {"license lots", R"(INSERT INTO license_lots (id, smart_account_id, virtual_account_id, product, quantity,
                   license_type, starts_at, ends_at, buying_model, source_order_line_id, usable, created_at,
                   root_lot_id, reserved)
            SELECT id, smart_account_id, virtual_account_id, sku, quantity - quantity / 3, license_type, shipped_at,
                   CASE WHEN term_months IS NULL THEN NULL ELSE shipped_at + 94608000000000 END, buying_model, id, 1,
                   shipped_at, NULL, 0 FROM order_lines
            UNION ALL
            SELECT {{LINES}} + id, smart_account_id, virtual_account_id + 1, sku, quantity / 3, license_type,
                   shipped_at, CASE WHEN term_months IS NULL THEN NULL ELSE shipped_at + 94608000000000 END,
                   buying_model, NULL, 1, shipped_at, id, 0 FROM order_lines)"},
        {"ledger entries", R"(INSERT INTO ledger_entries (id, lot_id, kind, quantity, smart_account_id,
                   virtual_account_id, at, reference)
            SELECT id, id, 'deposit', quantity, smart_account_id, virtual_account_id, shipped_at,
                   'order line ' || id FROM order_lines
            UNION ALL
            SELECT {{LINES}} + id, id, 'move_out', quantity / 3, smart_account_id, virtual_account_id,
                   shipped_at + 1, 'move ' || id FROM order_lines
            UNION ALL
            SELECT 2 * {{LINES}} + id, {{LINES}} + id, 'move_in', quantity / 3, smart_account_id,
                   virtual_account_id + 1, shipped_at + 1, 'move ' || id FROM order_lines)"},
        {"devices", R"(INSERT INTO devices (id, smart_account_id, virtual_account_id, name, serial, product, deployment,
                   secret_hash, export_controlled, registered_at, last_seen_at)
            SELECT i, i, 3 * i - 2, 'switch-' || i, 'FOC' || (10000000 + i), 'C9300-DNA-' || (((5 * (i - 1) + 1) / 2 + 1) % 40),
                   CASE WHEN i % 4 = 0 THEN 'on_prem' ELSE 'cloud' END, {{hash}}, 0, 1650000000000000,
                   1700000000000000 FROM {{series:N}})"},
        {"device usage", R"(INSERT INTO device_usage (device_id, product, count, virtual_account_id)
            SELECT id, product, 1, virtual_account_id FROM devices WHERE id <= {{N}})"},
    };
    return steps;
}

double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Fail(const std::string& why) {
    std::cerr << "bench_datagen: " << why << "\n";
    return 1;
}

int RunSqlite(const std::string& path, long long n) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return Fail("cannot open " + path);
    auto exec = [&](const std::string& sql) -> bool {
        char* err = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::cerr << "bench_datagen: " << (err ? err : "?") << "\nin: " << sql.substr(0, 300) << "\n";
            sqlite3_free(err);
            return false;
        }
        return true;
    };
    // Loading only: no fsync per statement, a large page cache, no FK checks.
    if (!exec("PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY"))
        return 1;
    for (const auto& step : Steps()) {
        const auto t = std::chrono::steady_clock::now();
        if (!exec("BEGIN; " + Render(step.sql, true, n) + "; COMMIT")) return 1;
        std::fprintf(stderr, "  %-18s %6.1f s\n", step.what, Seconds(t));
    }
    const auto t = std::chrono::steady_clock::now();
    if (!exec("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE")) return 1;
    std::fprintf(stderr, "  %-18s %6.1f s\n", "analyze", Seconds(t));
    sqlite3_close(db);
    return 0;
}

int RunPostgres(const std::string& url, long long n) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) return Fail(PQerrorMessage(conn));
    auto exec = [&](const std::string& sql) -> bool {
        PGresult* r = PQexec(conn, sql.c_str());
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok) std::cerr << "bench_datagen: " << PQerrorMessage(conn) << "in: " << sql.substr(0, 300) << "\n";
        PQclear(r);
        return ok;
    };
    // Loading only: replica mode skips foreign-key triggers; no wait for the WAL flush.
    if (!exec(
            "SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '512MB'"))
        return 1;
    for (const auto& step : Steps()) {
        const auto t = std::chrono::steady_clock::now();
        if (!exec(Render(step.sql, false, n))) return 1;
        std::fprintf(stderr, "  %-18s %6.1f s\n", step.what, Seconds(t));
    }
    const auto t = std::chrono::steady_clock::now();
    // Explicit ids leave the identity sequences behind: move them past the data.
    for (const char* table : {"users", "smart_accounts", "virtual_accounts", "memberships", "orders", "order_lines",
                              "license_lots", "ledger_entries", "devices"}) {
        const std::string t_name(table);
        if (!exec("SELECT setval(pg_get_serial_sequence('" + t_name + "', 'id'), (SELECT max(id) FROM " + t_name +
                  "))"))
            return 1;
    }
    if (!exec("VACUUM ANALYZE")) return 1;
    std::fprintf(stderr, "  %-18s %6.1f s\n", "vacuum analyze", Seconds(t));
    PQfinish(conn);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string url;
    long long n = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--database") url = argv[i + 1];
        if (a == "--scale") n = std::stoll(argv[i + 1]);
    }
    if (url.empty() || n <= 0) {
        std::cerr << "usage: bench_datagen --database URL --scale N\n";
        return 2;
    }
    const auto t = std::chrono::steady_clock::now();
    const int rc = url.rfind("sqlite:", 0) == 0 ? RunSqlite(url.substr(7), n) : RunPostgres(url, n);
    if (rc == 0) std::fprintf(stderr, "  %-18s %6.1f s (scale %lld)\n", "total", Seconds(t), n);
    return rc;
}
