#pragma once
// The one table from ErrorCode to HTTP status, and the rendering of an Error
// as application/problem+json (RFC 9457) in the request's language.

#include "common/result.hpp"
#include "http/message.hpp"

namespace entitled::http {

unsigned HttpStatus(ErrorCode code);
// `code` member of the problem: the Error's own problem code, else the generic one for its ErrorCode.
std::string ProblemCode(const Error& error);
Response ProblemResponse(const Error& error, Locale locale, const std::string& request_id);

}  // namespace entitled::http
