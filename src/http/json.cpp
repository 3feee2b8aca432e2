#include "http/json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <cctype>
#include <limits>

#include "common/text.hpp"

namespace entitled::http {

namespace {

// Length in code points, as a person counts characters.
size_t CodePoints(std::string_view s) {
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80 ? 1 : 0;
    return chars;
}

constexpr std::size_t kMaxDepth = 64;

// Boost.JSON's SAX parser (basic_parser) with a handler that builds nothing
// and remembers the keys of each open object, so a key given twice is found
// where it occurs — parse() itself would silently keep the last one.
class DuplicateKeyFinder {
  public:
    // Boost.JSON's handler interface requires these names.
    // NOLINTBEGIN(readability-identifier-naming)
    static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
    // NOLINTEND(readability-identifier-naming)

    // The path of the first duplicated member ("lines[2].sku"), if any.
    const std::optional<std::string>& duplicate() const { return duplicate_; }

    bool on_document_begin(boost::system::error_code& /*ec*/) { return true; }
    bool on_document_end(boost::system::error_code& /*ec*/) { return true; }
    bool on_object_begin(boost::system::error_code& /*ec*/) {
        frames_.push_back(Frame{false});
        return true;
    }
    bool on_object_end(std::size_t /*n*/, boost::system::error_code& /*ec*/) { return Close(); }
    bool on_array_begin(boost::system::error_code& /*ec*/) {
        frames_.push_back(Frame{true});
        return true;
    }
    bool on_array_end(std::size_t /*n*/, boost::system::error_code& /*ec*/) { return Close(); }
    bool on_key_part(json::string_view s, std::size_t /*n*/, boost::system::error_code& /*ec*/) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t /*n*/, boost::system::error_code& ec) {
        key_.append(s.data(), s.size());
        Frame& frame = frames_.back();
        if (!frame.keys.insert(key_).second) {
            duplicate_ = Path() + key_;
            ec = json::error::syntax;  // stops the parser; duplicate_ tells why
            return false;
        }
        frame.key = std::move(key_);
        key_.clear();
        return true;
    }
    bool on_string_part(json::string_view /*s*/, std::size_t /*n*/, boost::system::error_code& /*ec*/) { return true; }
    bool on_string(json::string_view /*s*/, std::size_t /*n*/, boost::system::error_code& /*ec*/) { return Value(); }
    bool on_number_part(json::string_view /*s*/, boost::system::error_code& /*ec*/) { return true; }
    bool on_int64(std::int64_t /*i*/, json::string_view /*s*/, boost::system::error_code& /*ec*/) { return Value(); }
    bool on_uint64(std::uint64_t /*u*/, json::string_view /*s*/, boost::system::error_code& /*ec*/) { return Value(); }
    bool on_double(double /*d*/, json::string_view /*s*/, boost::system::error_code& /*ec*/) { return Value(); }
    bool on_bool(bool /*b*/, boost::system::error_code& /*ec*/) { return Value(); }
    bool on_null(boost::system::error_code& /*ec*/) { return Value(); }
    bool on_comment_part(json::string_view /*s*/, boost::system::error_code& /*ec*/) { return true; }
    bool on_comment(json::string_view /*s*/, boost::system::error_code& /*ec*/) { return true; }

  private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;  // arrays: elements completed so far, the index of the one being read
        std::set<std::string, std::less<>> keys;
        std::string key;  // objects: the member being read
    };

    // A value ended: in an array, the next one has the next index.
    bool Value() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
        return true;
    }
    bool Close() {
        frames_.pop_back();
        return Value();
    }
    // Where the innermost object sits, in JsonReader's notation, ending in "." when not at the top.
    std::string Path() const {
        std::string path;
        for (size_t i = 0; i + 1 < frames_.size(); ++i) {
            if (frames_[i].array) {
                path += "[" + std::to_string(frames_[i].index) + "]";
            } else {
                if (!path.empty()) path += ".";
                path += frames_[i].key;
            }
        }
        if (!path.empty()) path += ".";
        return path;
    }

    std::vector<Frame> frames_;
    std::string key_;
    std::optional<std::string> duplicate_;
};

Error Malformed(const boost::system::error_code& ec) {
    Error e = MakeError(Problem::kMalformedJson);
    e.With("reason", ec.message());
    return e;
}

std::string_view TrimSpace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool IEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// JSON is UTF-8 (RFC 8259 §8.1): a charset parameter, when given, must say so.
bool CharsetIsUtf8(std::string_view content_type) {
    size_t semi = content_type.find(';');
    while (semi != std::string_view::npos) {
        std::string_view rest = content_type.substr(semi + 1);
        const size_t next = rest.find(';');
        std::string_view param = TrimSpace(rest.substr(0, next));
        semi = next == std::string_view::npos ? next : semi + 1 + next;
        const size_t eq = param.find('=');
        if (eq == std::string_view::npos || !IEquals(TrimSpace(param.substr(0, eq)), "charset")) continue;
        std::string_view value = TrimSpace(param.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (!IEquals(value, "utf-8")) return false;
    }
    return true;
}

Status CheckJsonBodyType(const Request& req) {
    const std::string_view type = req.Header("Content-Type");
    if (IsJsonMediaType(type) && CharsetIsUtf8(type)) return Ok();
    return MakeError(Problem::kUnsupportedMediaType);
}

}  // namespace

bool IsJsonMediaType(std::string_view content_type) {
    return IEquals(TrimSpace(content_type.substr(0, content_type.find(';'))), "application/json");
}

Result<json::value> ParseJsonText(std::string_view text) {
    json::parse_options opts;
    opts.max_depth = kMaxDepth;
    boost::system::error_code ec;
    {
        json::basic_parser<DuplicateKeyFinder> keys(opts);
        keys.write_some(false, text.data(), text.size(), ec);
        if (const auto& dup = keys.handler().duplicate()) {
            Error e = MakeError(Problem::kDuplicateKey).With("key", *dup);
            e.fields.push_back(FieldError{*dup, "duplicate_key", "field.duplicate_key", {}});
            return e;
        }
        if (ec) return Malformed(ec);
    }
    json::value v = json::parse(text, ec, {}, opts);
    if (ec) return Malformed(ec);
    return v;
}

Result<json::value> ParseJson(const Request& req) {
    if (!req.body.empty()) ENT_TRY(CheckJsonBodyType(req));
    return ParseJsonText(req.body);
}

Result<json::object> ParseJsonObject(const Request& req, bool allow_empty) {
    if (allow_empty && req.body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
    ENT_ASSIGN_OR_RETURN(json::value v, ParseJson(req));
    if (!v.is_object()) return MakeError(Problem::kExpectedObject);
    return std::move(v.as_object());
}

JsonReader::JsonReader(const json::object& obj, std::string prefix, std::vector<FieldError>* sink)
    : obj_(obj), prefix_(std::move(prefix)), sink_(sink != nullptr ? sink : &own_) {}

const json::value* JsonReader::Get(std::string_view field, bool required) {
    seen_.emplace(field);
    const json::value* v = obj_.if_contains(field);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(field, "required");
        return nullptr;
    }
    return v;
}

void JsonReader::WrongType(std::string_view field, const char* expected) {
    AddError(field, "wrong_type", std::string("field.expected_") + expected, {{"expected", expected}});
}

void JsonReader::AddError(std::string_view field, std::string code, std::string message,
                          std::map<std::string, std::string> args) {
    if (message.empty()) message = "field." + code;
    sink_->push_back(FieldError{Path(field), std::move(code), std::move(message), std::move(args)});
}

std::optional<std::string> JsonReader::String(std::string_view field, bool required, size_t max_len, size_t min_len) {
    const json::value* v = Get(field, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
        WrongType(field, "string");
        return std::nullopt;
    }
    std::string s(v->as_string());
    const size_t chars = CodePoints(s);
    if (chars > max_len) {
        AddError(field, "too_long", {}, {{"max", std::to_string(max_len)}});
        return std::nullopt;
    }
    if (chars < min_len) {
        AddError(field, required && chars == 0 ? "required" : "too_short", {}, {{"min", std::to_string(min_len)}});
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> JsonReader::Name(std::string_view field, bool required, size_t max_len) {
    // Presence and type as for any string; the length counts once normalized.
    const auto raw = String(field, required, std::numeric_limits<size_t>::max());
    if (!raw) return std::nullopt;
    std::string name = NormalizeName(*raw);
    switch (CheckName(name)) {
        case NameCheck::kOk:
            break;
        case NameCheck::kControlCharacter:
            AddError(field, "control_character");
            return std::nullopt;
        case NameCheck::kBidiControl:
            AddError(field, "bidi_control");
            return std::nullopt;
        case NameCheck::kBlank:
            AddError(field, name.empty() && required ? "required" : "blank");
            return std::nullopt;
    }
    if (CodePoints(name) > max_len) {
        AddError(field, "too_long", {}, {{"max", std::to_string(max_len)}});
        return std::nullopt;
    }
    return name;
}

std::optional<std::int64_t> JsonReader::Int(std::string_view field, bool required, std::int64_t min, std::int64_t max) {
    const json::value* v = Get(field, required);
    if (v == nullptr) return std::nullopt;
    std::int64_t n = 0;
    if (v->is_int64()) {
        n = v->as_int64();
    } else if (v->is_uint64()) {
        n = INT64_MAX;  // Boost.JSON only uses uint64 above INT64_MAX: out of any range we accept
    } else if (v->is_double() && v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double())) &&
               v->as_double() > -9.2e18 && v->as_double() < 9.2e18) {
        n = static_cast<std::int64_t>(v->as_double());
    } else {
        WrongType(field, "integer");
        return std::nullopt;
    }
    if (n < min || n > max) {
        AddError(field, "out_of_range", {}, {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
        return std::nullopt;
    }
    return n;
}

std::optional<bool> JsonReader::Bool(std::string_view field, bool required) {
    const json::value* v = Get(field, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_bool()) {
        WrongType(field, "boolean");
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<std::string> JsonReader::Enum(std::string_view field, bool required,
                                            const std::vector<std::string>& choices) {
    auto s = String(field, required, 200);
    if (!s) return std::nullopt;
    for (const auto& c : choices) {
        if (*s == c) return s;
    }
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    AddError(field, "invalid_choice", {}, {{"choices", list}});
    return std::nullopt;
}

const json::array* JsonReader::Array(std::string_view field, bool required, size_t max_items) {
    const json::value* v = Get(field, required);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
        WrongType(field, "array");
        return nullptr;
    }
    if (v->as_array().size() > max_items) {
        AddError(field, "out_of_range", {}, {{"min", "0"}, {"max", std::to_string(max_items)}});
        return nullptr;
    }
    return &v->as_array();
}

const json::object* JsonReader::Object(std::string_view field, bool required) {
    const json::value* v = Get(field, required);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
        WrongType(field, "object");
        return nullptr;
    }
    return &v->as_object();
}

std::optional<std::vector<std::string>> JsonReader::StringArray(std::string_view field, bool required, size_t max_len) {
    const json::array* arr = Array(field, required);
    if (arr == nullptr) return std::nullopt;
    std::vector<std::string> out;
    std::set<std::string> unique;
    bool ok = true;
    for (size_t i = 0; i < arr->size(); ++i) {
        const std::string item = std::string(field) + "[" + std::to_string(i) + "]";
        const json::value& v = (*arr)[i];
        if (!v.is_string()) {
            AddError(item, "wrong_type", "field.expected_string", {{"expected", "string"}});
            ok = false;
            continue;
        }
        std::string s(v.as_string());
        if (s.size() > max_len) {
            AddError(item, "too_long", {}, {{"max", std::to_string(max_len)}});
            ok = false;
            continue;
        }
        if (!unique.insert(s).second) {
            AddError(item, "duplicate");
            ok = false;
            continue;
        }
        out.push_back(std::move(s));
    }
    if (!ok) return std::nullopt;
    return out;
}

void JsonReader::RejectUnknown() {
    for (const auto& kv : obj_) {
        if (seen_.find(std::string_view(kv.key())) == seen_.end()) AddError(kv.key(), "unknown");
    }
}

Status JsonReader::Finish() const {
    if (sink_->empty()) return Ok();
    return ValidationError(*sink_);
}

std::string ToJson(const json::value& v) { return json::serialize(v); }

}  // namespace entitled::http
