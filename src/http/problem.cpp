#include "http/problem.hpp"

#include <boost/json.hpp>

#include "common/i18n.hpp"

namespace entitled::http {
namespace {

struct StatusEntry {
    ErrorCode code;
    unsigned status;
    const char* title;
};

constexpr StatusEntry kTable[] = {
    {ErrorCode::kMalformed, 400, "Bad Request"},
    {ErrorCode::kUnauthenticated, 401, "Unauthorized"},
    {ErrorCode::kForbidden, 403, "Forbidden"},
    {ErrorCode::kNotFound, 404, "Not Found"},
    {ErrorCode::kMethodNotAllowed, 405, "Method Not Allowed"},
    {ErrorCode::kConflict, 409, "Conflict"},
    {ErrorCode::kTooLarge, 413, "Content Too Large"},
    {ErrorCode::kUnsupportedMediaType, 415, "Unsupported Media Type"},
    {ErrorCode::kValidation, 422, "Unprocessable Content"},
    {ErrorCode::kRateLimited, 429, "Too Many Requests"},
    {ErrorCode::kHeadersTooLarge, 431, "Request Header Fields Too Large"},
    {ErrorCode::kInternal, 500, "Internal Server Error"},
    {ErrorCode::kNotImplemented, 501, "Not Implemented"},
    {ErrorCode::kUnavailable, 503, "Service Unavailable"},
    // A retry that ran out of attempts is, to the client, a busy server.
    {ErrorCode::kRetry, 503, "Service Unavailable"},
};

const StatusEntry* Find(ErrorCode code) {
    for (const auto& e : kTable) {
        if (e.code == code) return &e;
    }
    return nullptr;
}

const StatusEntry& Entry(ErrorCode code) {
    // An ErrorCode missing from the table is a bug: it is rendered as the 500 it is.
    static const StatusEntry& internal = *Find(ErrorCode::kInternal);
    const StatusEntry* e = Find(code);
    return e != nullptr ? *e : internal;
}

}  // namespace

unsigned HttpStatus(ErrorCode code) { return Entry(code).status; }

std::string ProblemCode(const Error& error) { return std::string(ProblemName(error.problem)); }

Response ProblemResponse(const Error& error, Locale locale, const std::string& request_id) {
    const StatusEntry& entry = Entry(error.code);
    boost::json::object body;
    body["type"] = "about:blank";
    body["title"] = entry.title;
    body["status"] = entry.status;
    body["code"] = ProblemCode(error);
    auto args = error.args;
    args.emplace("request_id", request_id);
    // Internal details stay in the log; the client gets a generic message and the request id.
    const bool internal = error.code == ErrorCode::kInternal;
    body["detail"] = Translate(locale,
                               internal                ? "internal"
                               : error.message.empty() ? std::string(InfoOf(error.problem).message)
                                                       : error.message,
                               args);
    body["request_id"] = request_id;
    for (const auto& [name, number] : error.members) body[name] = number;
    if (!error.fields.empty()) {
        boost::json::array errors;
        for (const auto& f : error.fields) {
            boost::json::object item;
            item["field"] = f.field;
            item["code"] = f.code;
            // A field's own arguments first, then the error's (FieldInvalid(...).With(...) puts them there).
            auto field_args = f.args;
            field_args.insert(error.args.begin(), error.args.end());
            item["message"] = Translate(locale, f.message, field_args);
            errors.push_back(std::move(item));
        }
        body["errors"] = std::move(errors);
    }
    Response r;
    r.status = entry.status;
    r.content_type = "application/problem+json";
    r.body = boost::json::serialize(body);
    // RFC 9110 §10.2.3: when to try again, in seconds.
    if (const auto it = error.members.find("retry_after"); it != error.members.end()) {
        r.SetHeader("Retry-After", std::to_string(it->second));
    }
    return r;
}

}  // namespace entitled::http
