#include "storage/postgres/pg_database.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace entitled::storage::postgres {

std::string RewritePlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    for (char c : sql) {
        if (quote != 0) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$';
            out += std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

// Type OIDs from pg_type.h that map to numbers; everything else stays text.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;
constexpr Oid kBoolOid = 16;

Error PgError(const PGresult* res, PGconn* conn, std::string_view context) {
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    std::string msg =
        std::string(context) + ": " +
        (res != nullptr && PQresultErrorMessage(res)[0] != 0 ? PQresultErrorMessage(res) : PQerrorMessage(conn));
    Error e;
    if (sqlstate == "23505") {
        e = MakeError(Problem::kUniqueViolation);
    } else if (sqlstate == "23503") {
        e = MakeError(Problem::kForeignKeyViolation);
    } else if (sqlstate == "40001" || sqlstate == "40P01") {
        e = MakeError(Problem::kSerializationFailure);
    } else if (PQstatus(conn) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01") {
        e = MakeError(Problem::kDatabaseUnavailable);
    } else {
        e = MakeError(Problem::kInternal);
    }
    e.internal = std::move(msg);
    if (!sqlstate.empty()) e.internal += " [" + sqlstate + "]";
    return e;
}

class Connection {
  public:
    explicit Connection(PGconn* conn) : conn_(conn) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { PQfinish(conn_); }

    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

    Status Script(std::string_view sql) {
        const std::string text(sql);
        PGresult* res = PQexec(conn_, text.c_str());
        const auto st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            Error e = PgError(res, conn_, "exec");
            PQclear(res);
            return e;
        }
        PQclear(res);
        return Ok();
    }

    Result<Rows> Query(std::string_view sql, const Params& params, std::int64_t* affected) {
        ENT_ASSIGN_OR_RETURN(const std::string* name, Prepared(sql));
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (const auto* n = std::get_if<std::int64_t>(&v))
                texts[i] = std::to_string(*n);
            else if (const auto* d = std::get_if<double>(&v)) {
                char buf[64];
                auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *d);
                texts[i].assign(buf, p);
            } else if (const auto* s = std::get_if<std::string>(&v))
                texts[i] = *s;
            else
                continue;  // NULL
            values[i] = texts[i].c_str();
        }
        PGresult* res =
            PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0);
        const auto st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            Error e = PgError(res, conn_, std::string(sql));
            PQclear(res);
            return e;
        }
        if (affected != nullptr) {
            const char* t = PQcmdTuples(res);
            *affected = (t != nullptr && *t != 0) ? std::strtoll(t, nullptr, 10) : 0;
        }
        Rows rows = Materialize(res);
        PQclear(res);
        return rows;
    }

  private:
    Result<const std::string*> Prepared(std::string_view sql) {
        auto it = cache_.find(std::string(sql));
        if (it != cache_.end()) return &it->second;
        std::string name = "s" + std::to_string(cache_.size() + 1);
        const std::string rewritten = RewritePlaceholders(sql);
        PGresult* res = PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            Error e = PgError(res, conn_, "prepare " + std::string(sql));
            PQclear(res);
            return e;
        }
        PQclear(res);
        auto [pos, inserted] = cache_.emplace(std::string(sql), std::move(name));
        return &pos->second;
    }

    static Rows Materialize(PGresult* res) {
        const int nrows = PQntuples(res);
        const int ncols = PQnfields(res);
        Rows rows;
        rows.reserve(static_cast<size_t>(nrows));
        for (int r = 0; r < nrows; ++r) {
            std::vector<Value> values;
            values.reserve(static_cast<size_t>(ncols));
            for (int c = 0; c < ncols; ++c) {
                if (PQgetisnull(res, r, c) != 0) {
                    values.emplace_back(nullptr);
                    continue;
                }
                const char* text = PQgetvalue(res, r, c);
                const int len = PQgetlength(res, r, c);
                switch (PQftype(res, c)) {
                    case kInt8Oid:
                    case kInt4Oid:
                    case kInt2Oid: {
                        std::int64_t n = 0;
                        std::from_chars(text, text + len, n);
                        values.emplace_back(n);
                        break;
                    }
                    case kFloat4Oid:
                    case kFloat8Oid:
                    case kNumericOid:
                        values.emplace_back(std::strtod(text, nullptr));
                        break;
                    case kBoolOid:
                        values.emplace_back(static_cast<std::int64_t>(text[0] == 't' ? 1 : 0));
                        break;
                    default:
                        values.emplace_back(std::string(text, static_cast<size_t>(len)));
                }
            }
            rows.emplace_back(std::move(values));
        }
        return rows;
    }

    PGconn* conn_;
    std::unordered_map<std::string, std::string> cache_;
};

class PgDatabase;

class PgTransaction final : public Transaction {
  public:
    PgTransaction(TxMode mode, const std::string* fault, std::unique_ptr<Connection> conn,
                  std::function<void(std::unique_ptr<Connection>)> release)
        : Transaction(mode, fault), conn_(std::move(conn)), release_(std::move(release)) {}
    ~PgTransaction() override {
        Rollback();
        release_(std::move(conn_));
    }

    Engine engine() const override { return Engine::kPostgres; }

    Status Commit() override {
        if (done_) return Ok();
        done_ = true;
        return conn_->Script("COMMIT");
    }

    void Rollback() override {
        if (done_) return;
        done_ = true;
        (void)conn_->Script("ROLLBACK");
    }

  protected:
    Result<Rows> DoQuery(std::string_view sql, const Params& params) override {
        return conn_->Query(sql, params, nullptr);
    }
    Result<std::int64_t> DoExec(std::string_view sql, const Params& params) override {
        std::int64_t affected = 0;
        ENT_TRY(conn_->Query(sql, params, &affected));
        return affected;
    }
    Status DoExecScript(std::string_view sql) override { return conn_->Script(sql); }

  private:
    std::unique_ptr<Connection> conn_;
    std::function<void(std::unique_ptr<Connection>)> release_;
    bool done_ = false;
};

class PgDatabase final : public Database {
  public:
    PgDatabase(std::string url, const DatabaseOptions& options) : url_(std::move(url)) { options_ = options; }

    Engine engine() const override { return Engine::kPostgres; }

    Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
        ENT_ASSIGN_OR_RETURN(auto conn, Acquire());
        const char* begin = mode == TxMode::kWrite    ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                            : mode == TxMode::kSchema || mode == TxMode::kLockingWrite
                                ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
        Status st = conn->Script(begin);
        if (!st.ok()) {
            Release(std::move(conn));
            return std::move(st).error();
        }
        return std::unique_ptr<Transaction>(new PgTransaction(
            mode, fault_table(), std::move(conn), [this](std::unique_ptr<Connection> c) { Release(std::move(c)); }));
    }

    Status Ping() override {
        return Run(TxMode::kRead, [](Transaction& tx) -> Status {
            ENT_TRY(tx.Query("SELECT 1"));
            return Ok();
        });
    }

  private:
    Result<std::unique_ptr<Connection>> NewConnection() {
        PGconn* raw = PQconnectdb(url_.c_str());
        auto conn = std::make_unique<Connection>(raw);
        if (PQstatus(raw) != CONNECTION_OK) {
            Error e = MakeError(Problem::kDatabaseUnavailable);
            e.internal = std::string("connect: ") + PQerrorMessage(raw);
            return e;
        }
        // Keep NOTICEs (e.g. "relation already exists, skipping") off stderr.
        PQsetNoticeProcessor(
            raw, [](void*, const char*) {}, nullptr);
        if (Status st = conn->Script("SET client_min_messages = warning"); !st.ok()) return std::move(st).error();
        return conn;
    }

    Result<std::unique_ptr<Connection>> Acquire() {
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
            if (!idle_.empty()) {
                auto conn = std::move(idle_.back());
                idle_.pop_back();
                return conn;
            }
            ++open_;
        }
        auto conn = NewConnection();
        if (!conn.ok()) {
            std::lock_guard lock(mutex_);
            --open_;
            cv_.notify_one();
        }
        return conn;
    }

    void Release(std::unique_ptr<Connection> conn) {
        std::lock_guard lock(mutex_);
        if (conn && conn->healthy()) {
            idle_.push_back(std::move(conn));
        } else {
            --open_;
        }
        cv_.notify_one();
    }

    std::string url_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const DatabaseOptions& options) {
    auto db = std::make_unique<PgDatabase>(url, options);
    // The first connection is opened eagerly so a bad URL fails at start-up.
    auto conn = db->Begin(TxMode::kRead);
    if (!conn.ok()) return std::move(conn).error();
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace entitled::storage::postgres
