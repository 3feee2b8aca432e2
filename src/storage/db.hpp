#pragma once
// The storage driver interface: a Database hands out Transactions; every
// statement runs inside one. Repositories (storage/*_repository.*) are written
// once against this interface; the engine differences (placeholders, ids,
// locking, error codes) live in sqlite/ and postgres/.
//
// SQL is written with `?` placeholders; the PostgreSQL driver rewrites them to
// $1, $2, … once per statement (statements are prepared and cached per
// connection). Timestamps are BIGINT microseconds since the epoch, booleans
// are INTEGER 0/1, so one schema serves both engines.
//
// Errors: a unique violation is ErrorCode::kConflict with problem
// "unique_violation"; a serialization failure or deadlock is kRetry, which
// Database::Run retries transparently; a lost connection is kUnavailable.
//
// Thread safety: Database is thread-safe. A Transaction belongs to one thread
// at a time and must not outlive its Database.

#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace entitled::storage {

enum class Engine { kSqlite, kPostgres };
// kWrite: SERIALIZABLE on PostgreSQL (SQLite's single writer is serializable).
// kLockingWrite: a write whose first statement locks the rows it decides on
// (LicenseRepository::LockPool), so each later statement must see what the
// previous holder committed: READ COMMITTED on PostgreSQL. Correct only for
// transactions whose every decision is made under that lock (lease checkouts, check-ins).
// kSchema: a write transaction in which each statement sees the latest commits
// (READ COMMITTED on PostgreSQL); only migrations use it.
enum class TxMode { kRead, kWrite, kLockingWrite, kSchema };
inline bool IsWrite(TxMode mode) { return mode == TxMode::kWrite || mode == TxMode::kLockingWrite; }

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return nullptr; }
inline Value Bool(bool b) { return static_cast<std::int64_t>(b ? 1 : 0); }
template <typename T>
Value Opt(const std::optional<T>& v) {
    if (!v) return nullptr;
    if constexpr (std::is_integral_v<T>)
        return static_cast<std::int64_t>(*v);
    else
        return Value(*v);
}

// "<column> IN (?, …)" with the ids appended to `params`; "1 = 0" for none.
std::string InList(std::string_view column, const std::set<std::int64_t>& ids, Params& params);

// One result row. Int, Double, Text and Enum read columns the query
// guarantees are not NULL: a NULL, a number that does not parse or a name
// the enumeration does not know is a bug (a schema or query out of step) and
// throws std::logic_error, which the server answers with a 500 and a log
// line, rather than becoming a silent 0, "" or default. Nullable columns are
// read with the Opt… accessors.
class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    size_t size() const { return values_.size(); }
    bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
    std::int64_t Int(size_t i) const;
    bool Bool(size_t i) const { return Int(i) != 0; }
    double Double(size_t i) const;
    std::string Text(size_t i) const;
    std::optional<std::int64_t> OptInt(size_t i) const;
    std::optional<std::string> OptText(size_t i) const;
    // A stored enumeration, read with its domain parser (e.g. domain::ParseRole).
    template <typename E>
    E Enum(size_t i, std::optional<E> (*parse)(std::string_view)) const {
        const std::string text = Text(i);
        const std::optional<E> value = parse(text);
        if (!value) Unknown(i, text);
        return *value;
    }
    template <typename E>
    std::optional<E> OptEnum(size_t i, std::optional<E> (*parse)(std::string_view)) const {
        if (IsNull(i)) return std::nullopt;
        return Enum(i, parse);
    }

  private:
    [[noreturn]] static void Unknown(size_t i, const std::string& text);
    [[noreturn]] static void NullColumn(size_t i);
    std::vector<Value> values_;
};
using Rows = std::vector<Row>;

class Transaction {
  public:
    virtual ~Transaction() = default;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    virtual Engine engine() const = 0;
    TxMode mode() const { return mode_; }

    Result<Rows> Query(std::string_view sql, const Params& params = {});
    // Returns the number of rows changed.
    Result<std::int64_t> Exec(std::string_view sql, const Params& params = {});
    // Several statements, no parameters (migrations).
    Status ExecScript(std::string_view sql);
    // Convenience: the first row, or std::nullopt.
    Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});

    virtual Status Commit() = 0;
    virtual void Rollback() = 0;

    // Appends each later Query/Exec, with its parameters, to `buffer` as JSON (see SqlTrace).
    void RecordInto(std::string* buffer) { record_ = buffer; }

  protected:
    Transaction(TxMode mode, const std::string* fault_table) : mode_(mode), fault_table_(fault_table) {}
    virtual Result<Rows> DoQuery(std::string_view sql, const Params& params) = 0;
    virtual Result<std::int64_t> DoExec(std::string_view sql, const Params& params) = 0;
    virtual Status DoExecScript(std::string_view sql) = 0;

  private:
    Status CheckFault(std::string_view sql) const;
    void Record(std::string_view sql, const Params& params);
    TxMode mode_;
    const std::string* fault_table_;
    std::string* record_ = nullptr;
};

// For benchmarks (serve --sql-trace): every committed write transaction's
// statements and parameters, one JSON line per transaction in commit order,
// {"statements": [{"sql", "params"}]}. bench/replay.cpp runs them again
// through the bare engine API to measure the database's share of the work.
class SqlTrace {
  public:
    explicit SqlTrace(const std::string& path);
    bool ok() const { return static_cast<bool>(out_); }
    void Write(const std::string& statements);

  private:
    std::mutex mutex_;
    std::ofstream out_;
};

struct DatabaseOptions {
    int pool_size = 8;           // reader connections (SQLite) or connections (PostgreSQL)
    int busy_timeout_ms = 5000;  // SQLite: wait for another process's write lock
    int max_retries = 20;        // serialization failures before giving up
};

class Database {
  public:
    virtual ~Database() = default;
    virtual Engine engine() const = 0;
    virtual Result<std::unique_ptr<Transaction>> Begin(TxMode mode) = 0;
    // Cheap reachability check for /readyz.
    virtual Status Ping() = 0;
    // A consistent copy of the whole database in a new file at `path`, taken
    // while the server keeps running. SQLite only; PostgreSQL has pg_dump.
    virtual Status BackupTo(const std::string& path) {
        (void)path;
        Error e = MakeError(Problem::kUnsupported);
        e.internal = "online backup is only built in for SQLite";
        return e;
    }

    // Runs fn(tx) in one transaction: commits when fn returns a value, rolls
    // back when it returns an error. On a serialization failure the whole of
    // fn runs again, so fn must have no effects outside the transaction.
    template <typename F>
    auto Run(TxMode mode, F&& fn) -> std::invoke_result_t<F&, Transaction&>;

    // Test hook (leveldb's fault-injection idea): every later statement that
    // writes to `table` fails as if the disk had. Empty disables it.
    void InjectWriteFault(std::string table) { fault_table_ = std::move(table); }

    // Records committed write transactions into `trace` (nullptr: off). Set before serving.
    void TraceWrites(SqlTrace* trace) { trace_ = trace; }

    // Total transactions retried after serialization failures (for /metrics).
    std::uint64_t retries() const { return retries_.load(); }

  protected:
    const std::string* fault_table() const { return fault_table_.empty() ? nullptr : &fault_table_; }
    DatabaseOptions options_;

  private:
    void BackoffBeforeRetry(int attempt);
    std::string fault_table_;
    SqlTrace* trace_ = nullptr;
    std::atomic<std::uint64_t> retries_{0};
};

template <typename F>
auto Database::Run(TxMode mode, F&& fn) -> std::invoke_result_t<F&, Transaction&> {
    using R = std::invoke_result_t<F&, Transaction&>;
    for (int attempt = 0;; ++attempt) {
        auto tx = Begin(mode);
        if (!tx.ok()) {
            if (tx.error().code == ErrorCode::kRetry && attempt < options_.max_retries) {
                BackoffBeforeRetry(attempt);
                continue;
            }
            return R(std::move(tx).error());
        }
        std::string recorded;
        if (trace_ != nullptr && IsWrite(mode)) (*tx)->RecordInto(&recorded);
        R result = fn(**tx);
        if (!result.ok()) {
            (*tx)->Rollback();
            if (result.error().code == ErrorCode::kRetry && attempt < options_.max_retries) {
                BackoffBeforeRetry(attempt);
                continue;
            }
            return result;
        }
        // Traced while the transaction still holds the writer, so the trace
        // keeps the order the writes ran in (SQLite commits writers in groups
        // and wakes them in any order); a commit that then fails (benchmarks only) stays in it.
        if (trace_ != nullptr && !recorded.empty()) trace_->Write(recorded);
        Status committed = (*tx)->Commit();
        if (committed.ok()) return result;
        (*tx)->Rollback();
        if (committed.error().code == ErrorCode::kRetry && attempt < options_.max_retries) {
            BackoffBeforeRetry(attempt);
            continue;
        }
        return R(std::move(committed).error());
    }
}

// Opens "sqlite:PATH", "sqlite::memory:" or "postgres://…"/"postgresql://…".
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, const DatabaseOptions& options = {});

}  // namespace entitled::storage
