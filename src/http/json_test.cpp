#include "http/json.hpp"

#include <gtest/gtest.h>

namespace entitled::http {
namespace {

std::string Fields(const Status& st) {
    std::string out;
    if (st.ok()) return out;
    for (const auto& f : st.error().fields) out += (out.empty() ? "" : ",") + f.field + ":" + f.code;
    return out;
}

TEST(JsonParse, MalformedBodyIsMalformedWithReason) {
    auto r = ParseJson("{\"a\":");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(r.error().problem, Problem::kMalformedJson);
    EXPECT_FALSE(r.error().args.at("reason").empty());
}

TEST(JsonParse, NonObjectIsRejectedWhereObjectExpected) {
    auto r = ParseJsonObject("[1,2]");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem, Problem::kExpectedObject);
    EXPECT_TRUE(ParseJsonObject("", true).ok());
    EXPECT_FALSE(ParseJsonObject("", false).ok());
}

TEST(JsonParse, DeepNestingIsRefusedNotCrashed) {
    std::string deep(10000, '[');
    EXPECT_FALSE(ParseJson(deep).ok());
}

TEST(JsonReader, CollectsEveryBadFieldAtOnce) {
    auto obj = ParseJsonObject(R"({"name": 5, "count": "x", "flag": 1, "extra": true})").value();
    JsonReader in(obj);
    in.String("name", true);
    in.Int("count", true, 0, 10);
    in.Bool("flag", true);
    in.String("missing", true);
    in.RejectUnknown();
    EXPECT_EQ(Fields(in.Finish()), "name:wrong_type,count:wrong_type,flag:wrong_type,missing:required,extra:unknown");
}

TEST(JsonReader, ChecksRangesLengthsAndChoices) {
    auto obj = ParseJsonObject(R"({"n": 11, "s": "héllo", "e": "purple", "big": 18446744073709551615})").value();
    JsonReader in(obj);
    EXPECT_FALSE(in.Int("n", true, 0, 10));
    EXPECT_FALSE(in.String("s", true, 4));  // five characters, though six bytes
    EXPECT_FALSE(in.Enum("e", true, {"red", "green"}));
    EXPECT_FALSE(in.Int("big", true, 0, INT64_MAX - 1));
    EXPECT_EQ(Fields(in.Finish()), "n:out_of_range,s:too_long,e:invalid_choice,big:out_of_range");
}

TEST(JsonReader, AcceptsValidValuesAndNullAsAbsent) {
    auto obj = ParseJsonObject(R"({"s": "héllo", "n": 3, "b": false, "opt": null, "arr": ["a", "b"]})").value();
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
    auto obj = ParseJsonObject(R"({"emails": ["a", 1, "a"]})").value();
    std::vector<FieldError> sink;
    JsonReader in(obj, "lines[2].", &sink);
    EXPECT_FALSE(in.StringArray("emails", true));
    ASSERT_EQ(sink.size(), 2U);
    EXPECT_EQ(sink[0].field, "lines[2].emails[1]");
    EXPECT_EQ(sink[1].field, "lines[2].emails[2]");
    EXPECT_EQ(sink[1].code, "duplicate");
}

TEST(JsonReader, WholeFloatsCountAsIntegersFractionsDoNot) {
    auto obj = ParseJsonObject(R"({"a": 2.0, "b": 2.5})").value();
    JsonReader in(obj);
    EXPECT_EQ(in.Int("a", true, 0, 10), 2);
    EXPECT_FALSE(in.Int("b", true, 0, 10));
}

}  // namespace
}  // namespace entitled::http
