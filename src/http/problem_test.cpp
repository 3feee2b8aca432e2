#include "http/problem.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace entitled::http {
namespace {

TEST(Problem, MapsEveryErrorCodeToItsStatus) {
    EXPECT_EQ(HttpStatus(ErrorCode::kMalformed), 400U);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401U);
    EXPECT_EQ(HttpStatus(ErrorCode::kForbidden), 403U);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404U);
    EXPECT_EQ(HttpStatus(ErrorCode::kMethodNotAllowed), 405U);
    EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409U);
    EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413U);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMediaType), 415U);
    EXPECT_EQ(HttpStatus(ErrorCode::kValidation), 422U);
    EXPECT_EQ(HttpStatus(ErrorCode::kRateLimited), 429U);
    EXPECT_EQ(HttpStatus(ErrorCode::kHeadersTooLarge), 431U);
    EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500U);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotImplemented), 501U);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503U);
    EXPECT_EQ(HttpStatus(ErrorCode::kRetry), 503U);
}

TEST(Problem, UnsupportedMediaTypeHasItsOwnCode) {
    Error e = MakeError(Problem::kUnsupportedMediaType);
    auto body = boost::json::parse(ProblemResponse(e, Locale::kFr, "r").body).as_object();
    EXPECT_EQ(body.at("status"), 415);
    EXPECT_EQ(body.at("code").as_string(), "unsupported_media_type");
    EXPECT_EQ(body.at("detail").as_string(), "Envoyez le corps de la requête au format application/json.");
}

TEST(Problem, RendersLocalizedDetailAndFields) {
    Error e = FieldInvalid("email", "invalid_email");
    Response r = ProblemResponse(e, Locale::kDe, "rid1");
    EXPECT_EQ(r.status, 422U);
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("code").as_string(), "validation_failed");
    EXPECT_EQ(body.at("detail").as_string(), "Einige Felder sind ungültig.");
    EXPECT_EQ(body.at("request_id").as_string(), "rid1");
    const auto& err = body.at("errors").as_array().at(0).as_object();
    EXPECT_EQ(err.at("field").as_string(), "email");
    EXPECT_EQ(err.at("code").as_string(), "invalid_email");
    EXPECT_EQ(err.at("message").as_string(), "Dies ist keine gültige E-Mail-Adresse.");
}

TEST(Problem, FieldMessagesUseTheErrorsArgumentsToo) {
    Error e = FieldInvalid("q", "too_long", "field.too_long").With("max", "100");
    auto body = boost::json::parse(ProblemResponse(e, Locale::kEn, "r").body).as_object();
    EXPECT_EQ(body.at("errors").as_array().at(0).at("message").as_string(),
              "This field must be at most 100 characters long.");
}

TEST(Problem, InternalErrorsNeverLeakTheirCause) {
    Error e = MakeError(Problem::kInternal);
    e.internal = "SQL: secret table name";
    Response r = ProblemResponse(e, Locale::kEn, "abc");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_NE(r.body.find("abc"), std::string::npos);
}

}  // namespace
}  // namespace entitled::http
