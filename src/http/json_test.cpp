#include "http/json.hpp"

#include <gtest/gtest.h>

namespace entitled::http {
namespace {

Request Body(std::string body, const std::string& content_type = "application/json") {
    Request req;
    if (!content_type.empty()) req.headers.set("Content-Type", content_type);
    req.body = std::move(body);
    return req;
}

json::object Object(std::string text) { return ParseJsonObject(Body(std::move(text))).value(); }

std::string Fields(const Status& st) {
    std::string out;
    if (st.ok()) return out;
    for (const auto& f : st.error().fields) out += (out.empty() ? "" : ",") + f.field + ":" + f.code;
    return out;
}

TEST(JsonParse, MalformedBodyIsMalformedWithReason) {
    auto r = ParseJsonText("{\"a\":");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(ProblemName(r.error().problem), "malformed_json");
    EXPECT_FALSE(r.error().args.at("reason").empty());
}

TEST(JsonParse, NonObjectIsRejectedWhereObjectExpected) {
    auto r = ParseJsonObject(Body("[1,2]"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(ProblemName(r.error().problem), "expected_object");
    EXPECT_TRUE(ParseJsonObject(Body("", ""), true).ok());
    EXPECT_FALSE(ParseJsonObject(Body("", ""), false).ok());
}

TEST(JsonParse, DeepNestingIsRefusedNotCrashed) {
    std::string deep(10000, '[');
    EXPECT_FALSE(ParseJsonText(deep).ok());
}

TEST(JsonParse, ADuplicateKeyIsRefusedNamingItsPath) {
    auto top = ParseJsonText(R"({"email": "a@example.com", "email": "b@example.com"})");
    ASSERT_FALSE(top.ok());
    EXPECT_EQ(top.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(ProblemName(top.error().problem), "duplicate_key");
    ASSERT_EQ(top.error().fields.size(), 1U);
    EXPECT_EQ(top.error().fields[0].field, "email");
    EXPECT_EQ(top.error().fields[0].code, "duplicate_key");
    auto nested = ParseJsonText(R"({"lines": [{"sku": "A"}, {"n": [1, {"x": 1}], "sku": "B", "sku": "C"}]})");
    ASSERT_FALSE(nested.ok());
    EXPECT_EQ(nested.error().fields.at(0).field, "lines[1].sku");
    auto object = ParseJsonText(R"({"legal_entity": {"name": "X", "name": "Y"}})");
    ASSERT_FALSE(object.ok());
    EXPECT_EQ(object.error().fields.at(0).field, "legal_entity.name");
    auto array = ParseJsonText(R"([{"device_id": 1}, {"device_id": 2, "device_id": 3}])");
    ASSERT_FALSE(array.ok());
    EXPECT_EQ(array.error().fields.at(0).field, "[1].device_id");
    // A key split by escapes is still the same key.
    auto escaped = ParseJsonText(R"({"a": 1, "\u0061": 2})");
    ASSERT_FALSE(escaped.ok());
    EXPECT_EQ(escaped.error().fields.at(0).field, "a");
}

TEST(JsonParse, TheSameKeyInDifferentObjectsIsFine) {
    auto ok = ParseJsonText(R"({"a": {"id": 1}, "b": {"id": 2}, "list": [{"id": 3}, {"id": 4}], "id": 5})");
    ASSERT_TRUE(ok.ok()) << ProblemName(ok.error().problem);
    EXPECT_EQ(ok->at("list").at(1).at("id"), 4);
}

TEST(JsonBody, ABodyMustBeSentAsApplicationJson) {
    for (const char* type : {"application/json", "Application/JSON", "application/json; charset=utf-8",
                             "application/json;charset=\"UTF-8\"", " application/json ; foo=bar"}) {
        EXPECT_TRUE(ParseJsonObject(Body("{}", type)).ok()) << type;
    }
    for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                             "application/jsonx", "text/json", "application/json; charset=iso-8859-1"}) {
        auto r = ParseJsonObject(Body("{}", type));
        ASSERT_FALSE(r.ok()) << type;
        EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMediaType) << type;
        EXPECT_EQ(ProblemName(r.error().problem), "unsupported_media_type");
    }
    // No body, no type needed.
    EXPECT_TRUE(ParseJsonObject(Body("", ""), true).ok());
    EXPECT_EQ(ParseJson(Body("[1]", "text/plain")).error().code, ErrorCode::kUnsupportedMediaType);
}

TEST(JsonReader, CollectsEveryBadFieldAtOnce) {
    auto obj = Object(R"({"name": 5, "count": "x", "flag": 1, "extra": true})");
    JsonReader in(obj);
    in.String("name", true);
    in.Int("count", true, 0, 10);
    in.Bool("flag", true);
    in.String("missing", true);
    in.RejectUnknown();
    EXPECT_EQ(Fields(in.Finish()), "name:wrong_type,count:wrong_type,flag:wrong_type,missing:required,extra:unknown");
}

TEST(JsonReader, ChecksRangesLengthsAndChoices) {
    auto obj = Object(R"({"n": 11, "s": "héllo", "e": "purple", "big": 18446744073709551615})");
    JsonReader in(obj);
    EXPECT_FALSE(in.Int("n", true, 0, 10));
    EXPECT_FALSE(in.String("s", true, 4));  // five characters, though six bytes
    EXPECT_FALSE(in.Enum("e", true, {"red", "green"}));
    EXPECT_FALSE(in.Int("big", true, 0, INT64_MAX - 1));
    EXPECT_EQ(Fields(in.Finish()), "n:out_of_range,s:too_long,e:invalid_choice,big:out_of_range");
}

TEST(JsonReader, AcceptsValidValuesAndNullAsAbsent) {
    auto obj = Object(R"({"s": "héllo", "n": 3, "b": false, "opt": null, "arr": ["a", "b"]})");
    JsonReader in(obj);
    EXPECT_EQ(in.String("s", true, 5), "héllo");
    EXPECT_EQ(in.Int("n", true, 0, 10), 3);
    EXPECT_EQ(in.Bool("b", true), false);
    EXPECT_EQ(in.String("opt", false), std::nullopt);
    EXPECT_EQ(in.StringArray("arr", true)->size(), 2U);
    in.RejectUnknown();
    EXPECT_TRUE(in.Finish().ok());
}

TEST(JsonReader, NamesArrayItemsAndNestedPrefixes) {
    auto obj = Object(R"({"emails": ["a", 1, "a"]})");
    std::vector<FieldError> sink;
    JsonReader in(obj, "lines[2].", &sink);
    EXPECT_FALSE(in.StringArray("emails", true));
    ASSERT_EQ(sink.size(), 2U);
    EXPECT_EQ(sink[0].field, "lines[2].emails[1]");
    EXPECT_EQ(sink[1].field, "lines[2].emails[2]");
    EXPECT_EQ(sink[1].code, "duplicate");
}

TEST(JsonReader, WholeFloatsCountAsIntegersFractionsDoNot) {
    auto obj = Object(R"({"a": 2.0, "b": 2.5})");
    JsonReader in(obj);
    EXPECT_EQ(in.Int("a", true, 0, 10), 2);
    EXPECT_FALSE(in.Int("b", true, 0, 10));
}

}  // namespace
}  // namespace entitled::http
