#pragma once
// JSON request parsing and field-by-field validation. A JsonReader walks one
// object and collects a FieldError for every bad field instead of stopping at
// the first, so the client learns everything wrong with its request at once.
// Field paths use dots and brackets: "lines[2].quantity".
//
// Thread safety: none needed; readers are per request.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"

namespace entitled::http {

namespace json = boost::json;

// Parses JSON text; 400 "malformed_json" naming the reason on failure, and
// 400 "duplicate_key" naming the member (errors[].field, e.g.
// "lines[2].sku") when an object has the same key twice: parsers disagree
// on which of the two counts (Boost.JSON keeps the last, others the first),
// so a checker and an applier could see different requests.
Result<json::value> ParseJsonText(std::string_view text);

// The one way a handler reads a JSON request body: a body that is present
// must be sent as application/json (parameters allowed; a charset, if given,
// utf-8), else 415 "unsupported_media_type" — a cross-site form or
// text/plain post cannot reach a JSON endpoint. Then ParseJsonText.
Result<json::value> ParseJson(const Request& req);
// ParseJson and require an object; an empty body (with or without a
// Content-Type) is an empty object when `allow_empty`.
Result<json::object> ParseJsonObject(const Request& req, bool allow_empty = false);
// True for "application/json", any case, with optional parameters.
bool IsJsonMediaType(std::string_view content_type);

class JsonReader {
  public:
    // `prefix` is prepended to field names ("lines[0].").
    explicit JsonReader(const json::object& obj, std::string prefix = {}, std::vector<FieldError>* sink = nullptr);

    std::optional<std::string> String(std::string_view field, bool required, size_t max_len = 1000, size_t min_len = 0);
    // A name a person gives (account, VA, user, device, case subject): NFC,
    // trimmed, one line of visible text (common/text.hpp); 1..max_len characters.
    std::optional<std::string> Name(std::string_view field, bool required, size_t max_len);
    std::optional<std::int64_t> Int(std::string_view field, bool required, std::int64_t min, std::int64_t max);
    std::optional<bool> Bool(std::string_view field, bool required);
    // One of `choices`.
    std::optional<std::string> Enum(std::string_view field, bool required, const std::vector<std::string>& choices);
    const json::array* Array(std::string_view field, bool required, size_t max_items = 10000);
    const json::object* Object(std::string_view field, bool required);
    // Strings, each at most `max_len`; duplicates reported.
    std::optional<std::vector<std::string>> StringArray(std::string_view field, bool required, size_t max_len = 1000);

    // Reports every member not read so far as "unknown" (typos never pass silently).
    void RejectUnknown();
    void AddError(std::string_view field, std::string code, std::string message = {},
                  std::map<std::string, std::string> args = {});
    bool has_errors() const { return !sink_->empty(); }
    const std::string& prefix() const { return prefix_; }
    std::string Path(std::string_view field) const { return prefix_ + std::string(field); }
    // ValidationError with every collected field, or Ok.
    Status Finish() const;

  private:
    const json::value* Get(std::string_view field, bool required);
    void WrongType(std::string_view field, const char* expected);

    const json::object& obj_;
    std::string prefix_;
    std::vector<FieldError> own_;
    std::vector<FieldError>* sink_;
    std::set<std::string, std::less<>> seen_;
};

// Serializes with no trailing whitespace.
std::string ToJson(const json::value& v);

}  // namespace entitled::http
