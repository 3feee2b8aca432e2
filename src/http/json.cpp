#include "http/json.hpp"

namespace entitled::http {

Result<json::value> ParseJson(std::string_view body) {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 64;
    json::value v = json::parse(body, ec, {}, opts);
    if (ec) {
        Error e = MakeError(Problem::kMalformedJson);
        e.With("reason", ec.message());
        return e;
    }
    return v;
}

Result<json::object> ParseJsonObject(std::string_view body, bool allow_empty) {
    if (allow_empty && body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
    ENT_ASSIGN_OR_RETURN(json::value v, ParseJson(body));
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
    // Length in code points, as a person counts characters.
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80 ? 1 : 0;
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
