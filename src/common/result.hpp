#pragma once
// Expected failures are values. A Result<T> holds either a T or an Error.
// Error carries a stable ErrorCode (mapped to an HTTP status in one table,
// http/problem.cpp), a message key into the i18n catalogs with its arguments,
// and, for bad input, one FieldError per offending field.
//
// Thread safety: plain values, no shared state.

#include <cassert>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/problems.hpp"

namespace entitled {

struct FieldError {
    std::string field;
    std::string code;     // stable machine code, e.g. "required", "invalid_email"
    std::string message;  // i18n key; localized when rendered
    std::map<std::string, std::string> args;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    // The stable problem code (problems.hpp); `code` is its class unless a caller changed it.
    Problem problem = Problem::kInternal;
    // i18n key of the human-readable detail, and the values it interpolates.
    std::string message;
    std::map<std::string, std::string> args;
    std::vector<FieldError> fields;
    // Engine-level diagnostics kept for logs only, never sent to clients.
    std::string internal;
    // Numbers a client acts on, as members of the problem+json body (RFC 9457
    // extension members), e.g. `available` and `retry_after`; also in `args`.
    std::map<std::string, std::int64_t> members;

    Error& With(std::string key, std::string value) {
        args[std::move(key)] = std::move(value);
        return *this;
    }
    Error& WithMember(const std::string& key, std::int64_t value) {
        members[key] = value;
        return With(key, std::to_string(value));
    }
};

// The problem with its class and default message; `message` overrides the message key.
inline Error MakeError(Problem problem, std::string message = {}) {
    const ProblemInfo& info = InfoOf(problem);
    Error e;
    e.code = info.code;
    e.problem = problem;
    e.message = message.empty() ? std::string(info.message) : std::move(message);
    return e;
}

// 404 "not_found": also what a caller gets for what it may not see.
inline Error NotFound() { return MakeError(Problem::kNotFound); }

// A validation error listing fields; message "validation_failed".
inline Error ValidationError(std::vector<FieldError> fields) {
    Error e = MakeError(Problem::kValidationFailed);
    e.fields = std::move(fields);
    return e;
}

inline Error FieldInvalid(std::string field, std::string code, std::string message = {}) {
    if (message.empty()) message = "field." + code;
    return ValidationError({FieldError{std::move(field), std::move(code), std::move(message), {}}});
}

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(v_);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(v_));
    }

  private:
    std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

}  // namespace entitled

#define ENT_CONCAT_INNER(a, b) a##b
#define ENT_CONCAT(a, b) ENT_CONCAT_INNER(a, b)

// Propagates an error from an expression returning Result/Status. The
// temporary's name is unique, so ENT_TRY nests inside lambdas in ENT_TRY.
// `tmp` and `lhs` are a name and a declaration, which cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ENT_TRY(expr) ENT_TRY_IMPL(ENT_CONCAT(ent_try_, __COUNTER__), expr)
#define ENT_TRY_IMPL(tmp, expr)                       \
    do {                                              \
        auto tmp = (expr);                            \
        if (!tmp.ok()) return std::move(tmp).error(); \
    } while (0)
// Declares `lhs` from a Result's value, or returns its error.
#define ENT_ASSIGN_OR_RETURN(lhs, expr) ENT_ASSIGN_OR_RETURN_IMPL(ENT_CONCAT(ent_r_, __LINE__), lhs, expr)
#define ENT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                            \
    if (!tmp.ok()) return std::move(tmp).error(); \
    lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
