// Baseline B2: replays, with nothing but the engine's C API, the write
// transactions a server run recorded with `entitled serve --sql-trace FILE`:
// the same statements with the same values in the same transactions, with
// the server's settings (SQLite: WAL, synchronous=FULL, foreign keys on,
// prepared statements reused; PostgreSQL: SERIALIZABLE, prepared statements).
// Run it on a copy of the database taken just before the traced run, so every
// statement finds what it found then. No HTTP, no JSON, no service logic:
// what remains is the database's share of the work.
//
//   bench_replay --database sqlite:copy.db|postgresql://… --trace trace.jsonl [--skip K] [--count M]
//
// Prints {"transactions", "statements", "seconds", "tps"}.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace json = boost::json;

namespace {

struct Statement {
    std::string sql;
    json::array params;
};
using Tx = std::vector<Statement>;

std::vector<Tx> Load(const std::string& path, long skip, long count) {
    std::ifstream in(path);
    std::vector<Tx> out;
    long index = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        if (index++ < skip) continue;
        if (count >= 0 && static_cast<long>(out.size()) >= count) break;
        Tx tx;
        const json::value parsed = json::parse(line);
        for (const auto& s : parsed.at("statements").as_array()) {
            tx.push_back({std::string(s.at("sql").as_string()), s.at("params").as_array()});
        }
        out.push_back(std::move(tx));
    }
    return out;
}

class SqliteReplay {
  public:
    explicit SqliteReplay(const std::string& path) {
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
        Exec("PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    }
    ~SqliteReplay() {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }
    SqliteReplay(const SqliteReplay&) = delete;
    SqliteReplay& operator=(const SqliteReplay&) = delete;

    bool Run(const Tx& tx) {
        Exec("BEGIN IMMEDIATE");
        for (const auto& s : tx) {
            sqlite3_stmt* stmt = Prepare(s.sql);
            if (stmt == nullptr) return Fail(s.sql);
            for (size_t i = 0; i < s.params.size(); ++i) Bind(stmt, static_cast<int>(i + 1), s.params[i]);
            int rc = SQLITE_ROW;
            while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            if (rc != SQLITE_DONE) return Fail(s.sql);
        }
        return Exec("COMMIT");
    }

  private:
    sqlite3_stmt* Prepare(const std::string& sql) {
        auto it = cache_.find(sql);
        if (it != cache_.end()) return it->second;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
            return nullptr;
        cache_[sql] = stmt;
        return stmt;
    }
    static void Bind(sqlite3_stmt* stmt, int i, const json::value& v) {
        if (v.is_null())
            sqlite3_bind_null(stmt, i);
        else if (v.is_int64())
            sqlite3_bind_int64(stmt, i, v.as_int64());
        else if (v.is_uint64())
            sqlite3_bind_int64(stmt, i, static_cast<sqlite3_int64>(v.as_uint64()));
        else if (v.is_double())
            sqlite3_bind_double(stmt, i, v.as_double());
        else {
            const auto& s = v.as_string();
            sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        }
    }
    bool Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    bool Fail(const std::string& sql) {
        std::cerr << "bench_replay: " << sqlite3_errmsg(db_) << " in " << sql.substr(0, 200) << "\n";
        Exec("ROLLBACK");
        return false;
    }

    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*> cache_;
};

// ? placeholders (outside quotes) become $1, $2, … as the server's PostgreSQL engine does.
std::string Numbered(const std::string& sql) {
    std::string out;
    int n = 0;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) {
            out += "$" + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

class PostgresReplay {
  public:
    explicit PostgresReplay(const std::string& url) : conn_(PQconnectdb(url.c_str())) {}
    ~PostgresReplay() { PQfinish(conn_); }
    PostgresReplay(const PostgresReplay&) = delete;
    PostgresReplay& operator=(const PostgresReplay&) = delete;

    bool Run(const Tx& tx) {
        Exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
        for (const auto& s : tx) {
            const std::string& name = Prepare(s.sql, s.params.size());
            std::vector<std::string> values(s.params.size());
            std::vector<const char*> ptrs(s.params.size());
            for (size_t i = 0; i < s.params.size(); ++i) {
                const auto& v = s.params[i];
                if (v.is_null()) {
                    ptrs[i] = nullptr;
                    continue;
                }
                values[i] = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
                ptrs[i] = values[i].c_str();
            }
            PGresult* r =
                PQexecPrepared(conn_, name.c_str(), static_cast<int>(ptrs.size()), ptrs.data(), nullptr, nullptr, 0);
            const auto st = PQresultStatus(r);
            PQclear(r);
            if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
                std::cerr << "bench_replay: " << PQerrorMessage(conn_) << " in " << s.sql.substr(0, 200) << "\n";
                Exec("ROLLBACK");
                return false;
            }
        }
        return Exec("COMMIT");
    }

  private:
    const std::string& Prepare(const std::string& sql, size_t nparams) {
        auto it = names_.find(sql);
        if (it != names_.end()) return it->second;
        const std::string name = "s" + std::to_string(names_.size());
        PGresult* r = PQprepare(conn_, name.c_str(), Numbered(sql).c_str(), static_cast<int>(nparams), nullptr);
        PQclear(r);
        return names_[sql] = name;
    }
    bool Exec(const char* sql) {
        PGresult* r = PQexec(conn_, sql);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        return ok;
    }

    PGconn* conn_;
    std::map<std::string, std::string> names_;
};

}  // namespace

int main(int argc, char** argv) {
    std::string url, trace;
    long skip = 0, count = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--database") url = argv[i + 1];
        if (a == "--trace") trace = argv[i + 1];
        if (a == "--skip") skip = std::stol(argv[i + 1]);
        if (a == "--count") count = std::stol(argv[i + 1]);
    }
    if (url.empty() || trace.empty()) {
        std::cerr << "usage: bench_replay --database URL --trace FILE [--skip K] [--count M]\n";
        return 2;
    }
    const auto txs = Load(trace, skip, count);
    long statements = 0, failed = 0;
    for (const auto& tx : txs) statements += static_cast<long>(tx.size());
    const auto start = std::chrono::steady_clock::now();
    if (url.rfind("sqlite:", 0) == 0) {
        SqliteReplay replay(url.substr(7));
        for (const auto& tx : txs) failed += replay.Run(tx) ? 0 : 1;
    } else {
        PostgresReplay replay(url);
        for (const auto& tx : txs) failed += replay.Run(tx) ? 0 : 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json::object out{{"transactions", static_cast<std::int64_t>(txs.size())},
                     {"statements", statements},
                     {"failed", failed},
                     {"seconds", seconds},
                     {"tps", seconds > 0 ? static_cast<double>(txs.size()) / seconds : 0.0}};
    std::cout << json::serialize(out) << std::endl;
    return failed == 0 ? 0 : 1;
}
