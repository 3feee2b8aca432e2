#pragma once
// Every problem the server can report, as one enumeration (the stable
// `code` of a problem+json answer). Each problem has one row in kProblems
// (problems.cpp): its class of error (and so its HTTP status, through
// http/problem.cpp), its wire name and the i18n key of its default message.
// docs/openapi.json lists the same wire names; a unit test keeps them equal.
//
// Thread safety: constant data.

#include <span>
#include <string_view>

namespace entitled {

enum class ErrorCode {
    kMalformed,             // 400: the request could not be parsed
    kUnauthenticated,       // 401
    kForbidden,             // 403
    kNotFound,              // 404
    kMethodNotAllowed,      // 405
    kConflict,              // 409
    kTooLarge,              // 413
    kUnsupportedMediaType,  // 415
    kValidation,            // 422
    kRateLimited,           // 429
    kHeadersTooLarge,       // 431
    kInternal,              // 500
    kNotImplemented,        // 501: a request feature the server does not support (a transfer coding)
    kUnavailable,           // 503
    kRetry,                 // storage: serialization failure, the transaction may be retried
};

enum class Problem {
    kTlsProfileFailed,
    kDuplicateKey,
    kUnsupportedMediaType,
    kUnsupportedTransferCoding,
    kBadHost,
    kBadFraming,
    kAlreadyInvited,
    kAlreadyMember,
    kAssetInOpenTransfer,
    kBadDatabaseUrl,
    kBadListenAddress,
    kBodyTooLarge,
    kCannotChangeSelf,
    kCaseClosed,
    kCaseNumberRequired,
    kConflict,
    kCsrfFailed,
    kDatabaseBusy,
    kDatabaseUnavailable,
    kDatabaseUnreachable,
    kDefaultVirtualAccount,
    kDeviceUnauthorized,
    kDomainTaken,
    kDuplicateEmail,
    kDuplicateOrder,
    kExpectedObject,
    kForbidden,
    kForeignKeyViolation,
    kHeadersTooLarge,
    kIdempotencyKeyReused,
    kIdempotencyRace,
    kIllegalTransition,
    kInsufficientLicenses,
    kInternal,
    kInvalidCredentials,
    kInvalidToken,
    kInvalidLink,
    kInvalidTotpCode,
    kInvitationExpired,
    kInvitationUsed,
    kLastAdmin,
    kLastSigningKey,
    kLeaseExpired,
    kLeaseLost,
    kLicenseMoveForbidden,
    kLicensesExpired,
    kLicensesReserved,
    kListenFailed,
    kMalformed,
    kMalformedJson,
    kMethodNotAllowed,
    kMigrationsPending,
    kNoLicenseAvailable,
    kNotFound,
    kNotTheTransferee,
    kNothingFound,
    kOpenLicensingCase,
    kOverloaded,
    kQuantityOverflow,
    kRateLimited,
    kRequestExpired,
    kRequestNotPending,
    kSerialTaken,
    kSerializationFailure,
    kSessionExpired,
    kSignInRequired,
    kSmartAccountNotAssignable,
    kSmartAccountNotActive,
    kSmtpFailed,
    kTlsFailed,
    kTotpAlreadyEnabled,
    kTotpEnrollmentRequired,
    kTotpNotEnabled,
    kTotpNotStarted,
    kTotpRequired,
    kTotpRequiredToDisable,
    kUnauthenticated,
    kUnavailable,
    kUniqueViolation,
    kUnknownUser,
    kUnsupported,
    kUseAssetTransfer,
    kUserExists,
    kValidationFailed,
    kVirtualAccountNameTaken,
    kVirtualAccountNotEmpty,
    kWrongUser,
};

struct ProblemInfo {
    Problem problem;
    ErrorCode code;
    std::string_view wire;     // the problem+json `code`
    std::string_view message;  // i18n key of the default detail
};

const ProblemInfo& InfoOf(Problem p);
std::string_view ProblemName(Problem p);
std::span<const ProblemInfo> AllProblems();

}  // namespace entitled
