#include "common/problems.hpp"

#include <array>

namespace entitled {
namespace {

// Sorted by wire name. Two problems share a wire name only where one code
// is answered with two statuses (an invalid token in a link is 404, as an
// API credential 401).
constexpr ProblemInfo kProblems[] = {
    {Problem::kTlsProfileFailed, ErrorCode::kInternal, "tls_failed", "internal"},
    {Problem::kDuplicateKey, ErrorCode::kMalformed, "duplicate_key", "duplicate_key"},
    {Problem::kUnsupportedMediaType, ErrorCode::kUnsupportedMediaType, "unsupported_media_type",
     "unsupported_media_type"},
    {Problem::kUnsupportedTransferCoding, ErrorCode::kNotImplemented, "unsupported_transfer_coding",
     "unsupported_transfer_coding"},
    {Problem::kBadHost, ErrorCode::kMalformed, "bad_host", "bad_host"},
    {Problem::kBadFraming, ErrorCode::kMalformed, "bad_framing", "bad_framing"},
    {Problem::kAlreadyInvited, ErrorCode::kConflict, "already_invited", "already_invited"},
    {Problem::kAlreadyMember, ErrorCode::kConflict, "already_member", "already_member"},
    {Problem::kAssetInOpenTransfer, ErrorCode::kConflict, "asset_in_open_transfer", "asset_in_open_transfer"},
    {Problem::kBadDatabaseUrl, ErrorCode::kValidation, "bad_database_url", "field.invalid"},
    {Problem::kBadListenAddress, ErrorCode::kValidation, "bad_listen_address", "field.invalid"},
    {Problem::kBodyTooLarge, ErrorCode::kTooLarge, "body_too_large", "body_too_large"},
    {Problem::kCannotChangeSelf, ErrorCode::kConflict, "cannot_change_self", "cannot_change_self"},
    {Problem::kCaseClosed, ErrorCode::kConflict, "case_closed", "case_closed"},
    {Problem::kCaseNumberRequired, ErrorCode::kForbidden, "case_number_required", "case_number_required"},
    {Problem::kConflict, ErrorCode::kConflict, "conflict", "conflict"},
    {Problem::kCsrfFailed, ErrorCode::kForbidden, "csrf_failed", "csrf_failed"},
    {Problem::kDatabaseBusy, ErrorCode::kUnavailable, "database_busy", "unavailable"},
    {Problem::kDatabaseUnavailable, ErrorCode::kUnavailable, "database_unavailable", "unavailable"},
    {Problem::kDatabaseUnreachable, ErrorCode::kUnavailable, "database_unreachable", "unavailable"},
    {Problem::kDefaultVirtualAccount, ErrorCode::kConflict, "default_virtual_account", "default_virtual_account"},
    {Problem::kDeviceUnauthorized, ErrorCode::kUnauthenticated, "device_unauthorized", "device_unauthorized"},
    {Problem::kDomainTaken, ErrorCode::kConflict, "domain_taken", "domain_taken"},
    {Problem::kDuplicateEmail, ErrorCode::kConflict, "duplicate_email", "duplicate_email"},
    {Problem::kDuplicateOrder, ErrorCode::kConflict, "duplicate_order", "duplicate_order"},
    {Problem::kExpectedObject, ErrorCode::kMalformed, "expected_object", "expected_object"},
    {Problem::kForbidden, ErrorCode::kForbidden, "forbidden", "forbidden"},
    {Problem::kForeignKeyViolation, ErrorCode::kConflict, "foreign_key_violation", "conflict"},
    {Problem::kHeadersTooLarge, ErrorCode::kHeadersTooLarge, "headers_too_large", "headers_too_large"},
    {Problem::kIdempotencyKeyReused, ErrorCode::kValidation, "idempotency_key_reused", "idempotency_key_reused"},
    {Problem::kIdempotencyRace, ErrorCode::kRetry, "idempotency_race", "unavailable"},
    {Problem::kIllegalTransition, ErrorCode::kConflict, "illegal_transition", "illegal_transition"},
    {Problem::kInsufficientLicenses, ErrorCode::kConflict, "insufficient_licenses", "insufficient_licenses"},
    {Problem::kInternal, ErrorCode::kInternal, "internal", "internal"},
    {Problem::kInvalidCredentials, ErrorCode::kUnauthenticated, "invalid_credentials", "invalid_credentials"},
    {Problem::kInvalidToken, ErrorCode::kUnauthenticated, "invalid_token", "unauthenticated"},
    {Problem::kInvalidLink, ErrorCode::kNotFound, "invalid_token", "invalid_link"},
    {Problem::kInvalidTotpCode, ErrorCode::kUnauthenticated, "invalid_totp_code", "invalid_totp_code"},
    {Problem::kInvitationExpired, ErrorCode::kConflict, "invitation_expired", "invitation_expired"},
    {Problem::kInvitationUsed, ErrorCode::kConflict, "invitation_used", "invitation_used"},
    {Problem::kLastAdmin, ErrorCode::kConflict, "last_admin", "last_admin"},
    {Problem::kLastSigningKey, ErrorCode::kConflict, "last_signing_key", "last_signing_key"},
    {Problem::kLeaseExpired, ErrorCode::kConflict, "lease_expired", "lease_expired"},
    {Problem::kLeaseLost, ErrorCode::kConflict, "lease_lost", "conflict"},
    {Problem::kLicenseMoveForbidden, ErrorCode::kForbidden, "license_move_forbidden", "license_move_forbidden"},
    {Problem::kLicensesExpired, ErrorCode::kConflict, "licenses_expired", "licenses_expired"},
    {Problem::kLicensesReserved, ErrorCode::kConflict, "licenses_reserved", "licenses_reserved"},
    {Problem::kListenFailed, ErrorCode::kUnavailable, "listen_failed", "unavailable"},
    {Problem::kMalformed, ErrorCode::kMalformed, "malformed", "malformed"},
    {Problem::kMalformedJson, ErrorCode::kMalformed, "malformed_json", "malformed_json"},
    {Problem::kMethodNotAllowed, ErrorCode::kMethodNotAllowed, "method_not_allowed", "method_not_allowed"},
    {Problem::kMigrationsPending, ErrorCode::kUnavailable, "migrations_pending", "unavailable"},
    {Problem::kNoLicenseAvailable, ErrorCode::kConflict, "no_license_available", "no_license_available"},
    {Problem::kNotFound, ErrorCode::kNotFound, "not_found", "not_found"},
    {Problem::kNotTheTransferee, ErrorCode::kForbidden, "not_the_transferee", "not_the_transferee"},
    {Problem::kNothingFound, ErrorCode::kNotFound, "nothing_found", "nothing_found"},
    {Problem::kOpenLicensingCase, ErrorCode::kForbidden, "open_licensing_case", "open_licensing_case"},
    {Problem::kOverloaded, ErrorCode::kUnavailable, "overloaded", "unavailable"},
    {Problem::kQuantityOverflow, ErrorCode::kConflict, "quantity_overflow", "quantity_overflow"},
    {Problem::kRateLimited, ErrorCode::kRateLimited, "rate_limited", "rate_limited"},
    {Problem::kRequestExpired, ErrorCode::kConflict, "request_expired", "request_expired"},
    {Problem::kRequestNotPending, ErrorCode::kConflict, "request_not_pending", "request_not_pending"},
    {Problem::kSerialTaken, ErrorCode::kConflict, "serial_taken", "serial_taken"},
    {Problem::kSerializationFailure, ErrorCode::kRetry, "serialization_failure", "unavailable"},
    {Problem::kSessionExpired, ErrorCode::kUnauthenticated, "session_expired", "session_expired"},
    {Problem::kSignInRequired, ErrorCode::kUnauthenticated, "sign_in_required", "sign_in_required"},
    {Problem::kSmartAccountNotAssignable, ErrorCode::kConflict, "smart_account_not_assignable",
     "smart_account_not_assignable"},
    {Problem::kSmartAccountNotActive, ErrorCode::kConflict, "smart_account_not_active", "smart_account_not_active"},
    {Problem::kSmtpFailed, ErrorCode::kUnavailable, "smtp_failed", "unavailable"},
    {Problem::kTlsFailed, ErrorCode::kValidation, "tls_failed", "field.invalid"},
    {Problem::kTotpAlreadyEnabled, ErrorCode::kConflict, "totp_already_enabled", "totp_already_enabled"},
    {Problem::kTotpEnrollmentRequired, ErrorCode::kForbidden, "totp_enrollment_required", "totp_enrollment_required"},
    {Problem::kTotpNotEnabled, ErrorCode::kConflict, "totp_not_enabled", "totp_not_enabled"},
    {Problem::kTotpNotStarted, ErrorCode::kConflict, "totp_not_started", "totp_not_started"},
    {Problem::kTotpRequired, ErrorCode::kUnauthenticated, "totp_required", "totp_required"},
    {Problem::kTotpRequiredToDisable, ErrorCode::kConflict, "totp_required", "totp_required"},
    {Problem::kUnauthenticated, ErrorCode::kUnauthenticated, "unauthenticated", "unauthenticated"},
    {Problem::kUnavailable, ErrorCode::kUnavailable, "unavailable", "unavailable"},
    {Problem::kUniqueViolation, ErrorCode::kConflict, "unique_violation", "conflict"},
    {Problem::kUnknownUser, ErrorCode::kNotFound, "unknown_user", "unknown_user"},
    {Problem::kUnsupported, ErrorCode::kInternal, "unsupported", "internal"},
    {Problem::kUseAssetTransfer, ErrorCode::kConflict, "use_asset_transfer", "use_asset_transfer"},
    {Problem::kUserExists, ErrorCode::kConflict, "user_exists", "user_exists"},
    {Problem::kValidationFailed, ErrorCode::kValidation, "validation_failed", "validation_failed"},
    {Problem::kVirtualAccountNameTaken, ErrorCode::kConflict, "virtual_account_name_taken",
     "virtual_account_name_taken"},
    {Problem::kVirtualAccountNotEmpty, ErrorCode::kConflict, "virtual_account_not_empty", "virtual_account_not_empty"},
    {Problem::kWrongUser, ErrorCode::kForbidden, "wrong_user", "wrong_user"},
};

}  // namespace

const ProblemInfo& InfoOf(Problem p) {
    for (const auto& info : kProblems) {
        if (info.problem == p) return info;
    }
    return InfoOf(Problem::kInternal);
}

std::string_view ProblemName(Problem p) { return InfoOf(p).wire; }

std::span<const ProblemInfo> AllProblems() { return kProblems; }

}  // namespace entitled
