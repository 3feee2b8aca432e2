#include "storage/db.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <sodium.h>

#include <boost/json.hpp>

#include "storage/postgres/pg_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace entitled::storage {

std::string InList(std::string_view column, const std::set<std::int64_t>& ids, Params& params) {
    if (ids.empty()) return "1 = 0";
    std::string sql = std::string(column) + " IN (";
    const char* separator = "";
    for (auto id : ids) {
        sql += separator;
        sql += "?";
        separator = ", ";
        params.emplace_back(id);
    }
    return sql + ")";
}

void Row::Unknown(size_t i, const std::string& text) {
    throw std::logic_error("column " + std::to_string(i) + " holds '" + text +
                           "', which its enumeration does not know");
}

void Row::NullColumn(size_t i) {
    throw std::logic_error("column " + std::to_string(i) + " is NULL; a nullable column is read with Opt...");
}

std::int64_t Row::Int(size_t i) const {
    const Value& v = values_.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) {
        // PostgreSQL's NUMERIC (SUM over BIGINT) arrives as text.
        std::int64_t out = 0;
        const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        if (ec != std::errc() || end != s->data() + s->size()) {
            throw std::logic_error("column " + std::to_string(i) + " holds '" + *s + "', not an integer");
        }
        return out;
    }
    NullColumn(i);
}

double Row::Double(size_t i) const {
    const Value& v = values_.at(i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
    if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
    NullColumn(i);
}

std::string Row::Text(size_t i) const {
    const Value& v = values_.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
    NullColumn(i);
}

std::optional<std::int64_t> Row::OptInt(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

namespace {

// True when `sql` writes to `table`: INSERT INTO t, UPDATE t, DELETE FROM t.
bool WritesTo(std::string_view sql, std::string_view table) {
    std::string lower;
    lower.reserve(sql.size());
    for (char c : sql) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view verb : {"insert into ", "update ", "delete from "}) {
        const std::string needle = std::string(verb) + std::string(table);
        const size_t pos = lower.find(needle);
        if (pos == std::string::npos) continue;
        const size_t end = pos + needle.size();
        if (end == lower.size() || !(std::isalnum(static_cast<unsigned char>(lower[end])) || lower[end] == '_')) {
            return true;
        }
    }
    return false;
}

}  // namespace

Status Transaction::CheckFault(std::string_view sql) const {
    if (fault_table_ != nullptr && WritesTo(sql, *fault_table_)) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "injected write fault on table " + *fault_table_;
        return e;
    }
    return Ok();
}

void Transaction::Record(std::string_view sql, const Params& params) {
    boost::json::array values;
    for (const auto& v : params) {
        std::visit(
            [&](const auto& x) {
                if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::nullptr_t>) {
                    values.emplace_back(nullptr);
                } else {
                    values.emplace_back(x);
                }
            },
            v);
    }
    if (!record_->empty()) *record_ += ',';
    *record_ += boost::json::serialize(boost::json::object{{"sql", sql}, {"params", std::move(values)}});
}

Result<Rows> Transaction::Query(std::string_view sql, const Params& params) {
    ENT_TRY(CheckFault(sql));
    if (record_ != nullptr) Record(sql, params);
    return DoQuery(sql, params);
}

Result<std::int64_t> Transaction::Exec(std::string_view sql, const Params& params) {
    ENT_TRY(CheckFault(sql));
    if (record_ != nullptr) Record(sql, params);
    return DoExec(sql, params);
}

SqlTrace::SqlTrace(const std::string& path) : out_(path, std::ios::app) {}

void SqlTrace::Write(const std::string& statements) {
    std::lock_guard lock(mutex_);
    out_ << "{\"statements\":[" << statements << "]}\n";
    out_.flush();
}

Status Transaction::ExecScript(std::string_view sql) { return DoExecScript(sql); }

Result<std::optional<Row>> Transaction::QueryOne(std::string_view sql, const Params& params) {
    ENT_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
    if (rows.empty()) return std::optional<Row>();
    return std::optional<Row>(std::move(rows.front()));
}

void Database::BackoffBeforeRetry(int attempt) {
    retries_.fetch_add(1);
    // Randomised exponential backoff so contending writers spread out.
    const int cap_us = 200 << std::min(attempt, 6);
    std::this_thread::sleep_for(std::chrono::microseconds(100 + randombytes_uniform(static_cast<uint32_t>(cap_us))));
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, const DatabaseOptions& options) {
    if (url.rfind("sqlite:", 0) == 0) return sqlite::OpenSqlite(url.substr(7), options);
    if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
        return postgres::OpenPostgres(url, options);
    }
    Error e = MakeError(Problem::kBadDatabaseUrl);
    e.internal = "database URL must start with sqlite: or postgres://";
    return e;
}

}  // namespace entitled::storage
