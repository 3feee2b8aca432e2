#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace entitled::storage::sqlite {
namespace {

Error SqliteError(sqlite3* db, int rc, std::string_view context) {
    const int ext = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    std::string msg = std::string(context) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    Error e;
    switch (ext) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            e = MakeError(Problem::kUniqueViolation);
            break;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            e = MakeError(Problem::kForeignKeyViolation);
            break;
        default:
            if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
                e = MakeError(Problem::kDatabaseBusy);
            } else {
                e = MakeError(Problem::kInternal);
            }
    }
    e.internal = std::move(msg);
    return e;
}

// One SQLite connection with its prepared-statement cache.
class Connection {
  public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        if (db_ != nullptr) sqlite3_close_v2(db_);
    }

    Status Open(const std::string& path, bool read_only, int busy_timeout_ms) {
        const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                          SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
        const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) return SqliteError(db_, rc, "open " + path);
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        ENT_TRY(Script("PRAGMA foreign_keys=ON;"));
        if (!read_only) {
            ENT_TRY(EnterWal(busy_timeout_ms));
            ENT_TRY(Script("PRAGMA synchronous=FULL;"));
        }
        return Ok();
    }

    // Switching a new database file to WAL takes an exclusive lock, and
    // SQLite answers SQLITE_BUSY at once, without its busy handler, when
    // another connection is opening the same file; so wait here, within the
    // same budget as every other lock.
    Status EnterWal(int busy_timeout_ms) {
        constexpr int kStepMs = 5;
        for (int waited = 0;; waited += kStepMs) {
            const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr);
            if (rc == SQLITE_OK) return Ok();
            if ((rc & 0xff) != SQLITE_BUSY || waited >= busy_timeout_ms)
                return SqliteError(db_, rc, "journal_mode=WAL");
            std::this_thread::sleep_for(std::chrono::milliseconds(kStepMs));
        }
    }

    Status Script(std::string_view sql) {
        char* err = nullptr;
        const std::string text(sql);
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        if (err != nullptr) sqlite3_free(err);
        if (rc != SQLITE_OK) return SqliteError(db_, rc, "exec");
        return Ok();
    }

    Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
        auto it = cache_.find(sql);
        sqlite3_stmt* stmt = nullptr;
        if (it == cache_.end()) {
            const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                              &stmt, nullptr);
            if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare " + std::string(sql));
            cache_.emplace(std::string(sql), stmt);
        } else {
            stmt = it->second;
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
            Error e = MakeError(Problem::kInternal);
            e.internal = "parameter count mismatch for: " + std::string(sql);
            return e;
        }
        for (size_t i = 0; i < params.size(); ++i) {
            const int idx = static_cast<int>(i) + 1;
            const Value& v = params[i];
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<std::int64_t>(&v))
                rc = sqlite3_bind_int64(stmt, idx, *n);
            else if (const auto* d = std::get_if<double>(&v))
                rc = sqlite3_bind_double(stmt, idx, *d);
            else if (const auto* s = std::get_if<std::string>(&v))
                rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
            else
                rc = sqlite3_bind_null(stmt, idx);
            if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
        }
        return stmt;
    }

    Result<Rows> Query(std::string_view sql, const Params& params) {
        ENT_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
        Rows rows;
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) {
                Error e = SqliteError(db_, rc, "step " + std::string(sql));
                sqlite3_reset(stmt);
                return e;
            }
            const int n = sqlite3_column_count(stmt);
            std::vector<Value> values;
            values.reserve(static_cast<size_t>(n));
            for (int c = 0; c < n; ++c) {
                switch (sqlite3_column_type(stmt, c)) {
                    case SQLITE_INTEGER:
                        values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
                        break;
                    case SQLITE_FLOAT:
                        values.emplace_back(sqlite3_column_double(stmt, c));
                        break;
                    case SQLITE_NULL:
                        values.emplace_back(nullptr);
                        break;
                    default: {
                        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                        values.emplace_back(std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
                    }
                }
            }
            rows.emplace_back(std::move(values));
        }
        sqlite3_reset(stmt);
        return rows;
    }

    Result<std::int64_t> Exec(std::string_view sql, const Params& params) {
        ENT_TRY(Query(sql, params));
        return static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

class SqliteDatabase;

// The statements of a transaction, on the connection it runs on.
class OnConnection : public Transaction {
  public:
    OnConnection(TxMode mode, const std::string* fault, Connection* conn) : Transaction(mode, fault), conn_(conn) {}
    Engine engine() const override { return Engine::kSqlite; }

  protected:
    Result<Rows> DoQuery(std::string_view sql, const Params& params) override { return conn_->Query(sql, params); }
    Result<std::int64_t> DoExec(std::string_view sql, const Params& params) override {
        return conn_->Exec(sql, params);
    }
    Status DoExecScript(std::string_view sql) override { return conn_->Script(sql); }

    Connection* conn_;
};

class SqliteTransaction final : public OnConnection {
  public:
    SqliteTransaction(TxMode mode, const std::string* fault, Connection* conn, std::function<void()> release)
        : OnConnection(mode, fault, conn), release_(std::move(release)) {}
    ~SqliteTransaction() override {
        Rollback();
        if (release_) release_();
    }

    Status Commit() override {
        if (done_) return Ok();
        Status st = conn_->Script("COMMIT");
        if (st.ok()) done_ = true;
        return st;
    }

    void Rollback() override {
        if (done_) return;
        done_ = true;
        (void)conn_->Script("ROLLBACK");
    }

  private:
    std::function<void()> release_;
    bool done_ = false;
};

// Group commit. A file database's writes share one connection, one at a
// time; each would pay its own COMMIT, and with synchronous=FULL that is an
// fsync (a few hundred microseconds) — the ceiling of every write path. So a
// write transaction is a SAVEPOINT inside a transaction that several writers
// share: a writer that finishes while others wait for the connection leaves
// the transaction open for them and waits; the last one (or the 64th)
// commits for all, and each learns the outcome. Nothing is acknowledged
// before that COMMIT, a member's rollback undoes only its savepoint, and the
// members ran one after another, so each saw exactly the database it would
// have seen alone: serializable, with one fsync for the group.
class WriteGroup {
  public:
    explicit WriteGroup(Connection& writer) : writer_(writer) {}

    // Waits for the connection; opens the shared transaction when none is open.
    Result<std::uint64_t> Join() {
        waiting_.fetch_add(1);
        std::unique_lock turn(turn_);
        waiting_.fetch_sub(1);
        if (!open_) {
            Status st = writer_.Script("BEGIN IMMEDIATE");
            if (!st.ok()) return std::move(st).error();
            open_ = true;
            ++generation_;
            committed_members_ = 0;
        }
        Status st = writer_.Script("SAVEPOINT member");
        if (!st.ok()) {
            (void)ClosePart(false, turn);
            return std::move(st).error();
        }
        turn.release();
        return generation_;
    }

    // Ends the member that holds the connection: kept (merged into the group)
    // or undone; returns the group's outcome for a kept one.
    Status Leave(bool keep) {
        std::unique_lock turn(turn_, std::adopt_lock);
        if (keep) {
            Status released = writer_.Script("RELEASE member");
            if (!released.ok()) {
                (void)writer_.Script("ROLLBACK TO member");
                (void)writer_.Script("RELEASE member");
                (void)ClosePart(false, turn);
                return released;
            }
        } else {
            (void)writer_.Script("ROLLBACK TO member");
            (void)writer_.Script("RELEASE member");
        }
        return ClosePart(keep, turn);
    }

  private:
    static constexpr int kMaxMembers = 64;

    // REQUIRES: `turn` held. Hands the open transaction to the next writer, or commits it.
    Status ClosePart(bool kept, std::unique_lock<std::mutex>& turn) {
        if (kept) ++committed_members_;
        const std::uint64_t mine = generation_;
        if (waiting_.load() > 0 && committed_members_ < kMaxMembers) {
            turn.unlock();
            if (!kept) return Ok();
            std::unique_lock lock(result_mutex_);
            result_cv_.wait(lock, [&] { return done_generation_ >= mine; });
            return result_;
        }
        Status outcome = committed_members_ > 0 ? writer_.Script("COMMIT") : writer_.Script("ROLLBACK");
        if (!outcome.ok()) (void)writer_.Script("ROLLBACK");
        open_ = false;
        {
            std::lock_guard lock(result_mutex_);
            result_ = outcome;
            done_generation_ = mine;
        }
        result_cv_.notify_all();
        turn.unlock();
        return kept ? outcome : Ok();
    }

    Connection& writer_;
    std::mutex turn_;  // held by the writer whose statements run now
    std::atomic<int> waiting_{0};
    bool open_ = false;  // guarded by turn_
    std::uint64_t generation_ = 0;
    int committed_members_ = 0;
    std::mutex result_mutex_;
    std::condition_variable result_cv_;
    std::uint64_t done_generation_ = 0;
    Status result_ = Ok();
};

class GroupedWriteTransaction final : public OnConnection {
  public:
    GroupedWriteTransaction(TxMode mode, const std::string* fault, Connection* conn, WriteGroup* group)
        : OnConnection(mode, fault, conn), group_(group) {}
    ~GroupedWriteTransaction() override { Rollback(); }

    Status Commit() override {
        if (done_) return Ok();
        done_ = true;
        return group_->Leave(true);
    }

    void Rollback() override {
        if (done_) return;
        done_ = true;
        (void)group_->Leave(false);
    }

  private:
    WriteGroup* group_;
    bool done_ = false;
};

class SqliteDatabase final : public Database {
  public:
    Status Open(const std::string& path, const DatabaseOptions& options) {
        options_ = options;
        path_ = path;
        const bool memory = path == ":memory:" || path.empty();
        if (!memory) {
            const auto parent = std::filesystem::path(path).parent_path();
            std::error_code ec;
            if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        }
        writer_ = std::make_unique<Connection>();
        ENT_TRY(writer_->Open(memory ? ":memory:" : path, false, options.busy_timeout_ms));
        if (memory) return Ok();  // an in-memory database is private to its connection
        group_ = std::make_unique<WriteGroup>(*writer_);
        for (int i = 0; i < options.pool_size; ++i) {
            auto reader = std::make_unique<Connection>();
            ENT_TRY(reader->Open(path, true, options.busy_timeout_ms));
            idle_readers_.push_back(reader.get());
            readers_.push_back(std::move(reader));
        }
        return Ok();
    }

    Engine engine() const override { return Engine::kSqlite; }

    Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
        if (mode == TxMode::kRead && !readers_.empty()) return BeginRead();
        if (group_) {
            ENT_TRY(group_->Join());
            return std::unique_ptr<Transaction>(
                new GroupedWriteTransaction(mode, fault_table(), writer_.get(), group_.get()));
        }
        std::unique_lock lock(writer_mutex_);
        // The writer serves reads too for :memory:, so reads also take the lock.
        Status st = writer_->Script(mode == TxMode::kRead ? "BEGIN" : "BEGIN IMMEDIATE");
        if (!st.ok()) return std::move(st).error();
        auto* m = lock.release();
        return std::unique_ptr<Transaction>(
            new SqliteTransaction(mode, fault_table(), writer_.get(), [m] { m->unlock(); }));
    }

    Status Ping() override {
        auto r = Run(TxMode::kRead, [](Transaction& tx) -> Status {
            ENT_TRY(tx.Query("SELECT 1"));
            return Ok();
        });
        return r;
    }

    // VACUUM INTO reads one snapshot (writers carry on meanwhile under WAL)
    // and writes a compacted, self-contained database file.
    Status BackupTo(const std::string& target) override {
        if (path_ == ":memory:" || path_.empty()) {
            Error e = MakeError(Problem::kUnsupported);
            e.internal = "an in-memory database cannot be backed up";
            return e;
        }
        Connection conn;
        ENT_TRY(conn.Open(path_, false, options_.busy_timeout_ms));
        std::string quoted = "'";
        for (char c : target) quoted += c == '\'' ? std::string("''") : std::string(1, c);
        return conn.Script("VACUUM INTO " + quoted + "'");
    }

  private:
    Result<std::unique_ptr<Transaction>> BeginRead() {
        Connection* conn = nullptr;
        {
            std::unique_lock lock(pool_mutex_);
            pool_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
            conn = idle_readers_.back();
            idle_readers_.pop_back();
        }
        auto give_back = [this, conn] {
            std::lock_guard lock(pool_mutex_);
            idle_readers_.push_back(conn);
            pool_cv_.notify_one();
        };
        Status st = conn->Script("BEGIN");
        if (!st.ok()) {
            give_back();
            return std::move(st).error();
        }
        return std::unique_ptr<Transaction>(new SqliteTransaction(TxMode::kRead, fault_table(), conn, give_back));
    }

    std::string path_;
    std::unique_ptr<Connection> writer_;
    std::mutex writer_mutex_;            // the writer of an in-memory database (which also serves its reads)
    std::unique_ptr<WriteGroup> group_;  // the writer of a file database
    std::vector<std::unique_ptr<Connection>> readers_;
    std::vector<Connection*> idle_readers_;
    std::mutex pool_mutex_;
    std::condition_variable pool_cv_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseOptions& options) {
    auto db = std::make_unique<SqliteDatabase>();
    ENT_TRY(db->Open(path, options));
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace entitled::storage::sqlite
