#pragma once
// The Asset Transfer Manager's status machine (SPEC §5, seed 000) as one
// table: every (status, event) pair either names the next status or is
// illegal. The job runner drives the automatic events, the API the human
// ones; both ask Next() and nothing else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/authorization.hpp"
#include "domain/devices.hpp"
#include "domain/licenses.hpp"

namespace entitled::domain {

enum class TransferStatus {
    kValidationInitiated,
    kValidationCompleted,
    kPendingSubmission,
    kSubmitted,
    kAwaitingTransfereeConsent,
    kComplianceScreening,
    kComplianceScreeningRejected,
    kTransferInitiated,
    kTransferCompleted,
    kTransferCompletedWithFailure,
    kCancelled,
};

enum class TransferEvent {
    kValidated,          // job: the assets were checked
    kNothingEligible,    // job: no asset can be transferred
    kReadyToSubmit,      // job: at least one asset is eligible
    kSubmit,             // requester: the "Action" button
    kCancel,             // requester
    kSameLegalEntity,    // job: routing after submission
    kOtherLegalEntity,   // job: routing after submission
    kConsentApproved,    // transferee
    kConsentRejected,    // transferee
    kRulesPassed,        // job: automatic screening rules pass for the same legal entity
    kRulesFailed,        // job: an automatic screening rule refuses
    kScreeningApproved,  // compliance officer
    kScreeningRejected,  // compliance officer
    kExecutedAll,        // job: every asset moved
    kExecutedPartly,     // job: some assets could not move
    kAbandoned,          // job: it waited for a person longer than the policy allows
};

const std::vector<TransferStatus>& AllTransferStatuses();
const std::vector<TransferEvent>& AllTransferEvents();
std::string_view TransferStatusName(TransferStatus s);  // wire value, e.g. "pending_submission"
std::optional<TransferStatus> ParseTransferStatus(std::string_view s);
std::string_view TransferEventName(TransferEvent e);

// The status after `event`, or nullopt when the event is not allowed in `from`.
std::optional<TransferStatus> Next(TransferStatus from, TransferEvent event);

bool IsTerminal(TransferStatus s);
// A transfer that waits for a person (the requester's "Action", the
// transferee's consent) holds its reservations meanwhile; after
// `abandon_after` of waiting it is cancelled, releasing them.
constexpr Micros kDefaultAbandonAfter = 30LL * 24 * 3600 * 1'000'000;
bool WaitsForAPerson(TransferStatus s);
bool Abandoned(TransferStatus s, Micros waiting_since, Micros now, Micros abandon_after);
// Assets are reserved when the request is made ("Submit for Review") and
// stay reserved until the transfer ends: moved, or released on cancel or
// rejection. So no second transfer or device can take them meanwhile.
bool HoldsReservations(TransferStatus s);

// Why an asset cannot be transferred (API.md reasons), in the order they are checked.
enum class Ineligibility { kEnterpriseAgreement, kOnPrem, kInOpenTransfer, kInUse, kReserved };
std::string_view IneligibilityName(Ineligibility r);

// SPEC §5: how much of a lot could be transferred, and if nothing, why.
// `in_use` is what devices that stay behind consume of it.
struct LotEligibility {
    std::int64_t transferable = 0;
    std::optional<Ineligibility> reason;
};
LotEligibility EligibilityOf(const Lot& lot, std::int64_t in_use);
// A device can move unless it runs on premises or another open transfer holds it.
std::optional<Ineligibility> EligibilityOf(const Device& device);

enum class AssetKind { kLicense, kDevice };
enum class AssetOutcome { kPending, kMoved, kFailed, kReleased };
// Why an asset that was reserved could not move at execution.
enum class AssetFailure { kNotReserved, kExpired, kDeviceDeleted, kSerialTaken, kDestinationUnavailable };
std::string_view AssetKindName(AssetKind k);
std::optional<AssetKind> ParseAssetKind(std::string_view s);
std::string_view AssetOutcomeName(AssetOutcome o);
std::optional<AssetOutcome> ParseAssetOutcome(std::string_view s);
std::string_view AssetFailureName(AssetFailure f);
std::optional<AssetFailure> ParseAssetFailure(std::string_view s);

struct Transfer {
    std::int64_t id = 0;
    std::string number;  // AT-2026-000123
    TransferStatus status = TransferStatus::kValidationInitiated;
    std::int64_t source_smart_account_id = 0;
    std::int64_t destination_smart_account_id = 0;
    std::int64_t destination_virtual_account_id = 0;
    bool same_legal_entity = true;
    std::optional<std::string> transferee_email;
    std::string justification;
    std::string requester_name;
    std::string requester_phone;
    std::string requester_company;
    std::optional<std::int64_t> requested_by;
    std::string requested_by_label;
    std::optional<std::string> case_number;
    Micros terms_accepted_at = 0;
    std::optional<Micros> rules_passed_at;
    Micros created_at = 0;
    Micros updated_at = 0;
    // Joined names.
    std::string source_name;
    std::string destination_name;
    std::string destination_virtual_account_name;
};

struct TransferAsset {
    std::int64_t id = 0;
    std::int64_t transfer_id = 0;
    AssetKind kind = AssetKind::kLicense;
    std::optional<std::int64_t> license_lot_id;
    std::optional<std::int64_t> device_id;
    std::string product;
    std::int64_t quantity = 0;
    AssetOutcome outcome = AssetOutcome::kPending;
    std::optional<AssetFailure> reason;
    // Joined for devices.
    std::optional<std::string> device_name;
    std::optional<std::string> device_serial;
};

struct TransferHistoryEntry {
    TransferStatus status = TransferStatus::kValidationInitiated;
    Micros at = 0;
    std::string actor;
    std::optional<std::string> note;
};

// The facts authorization decides a transfer by.
TransferRef RefOf(const Transfer& t);
// The actions the caller may take now (API: allowed_actions): submit, cancel, consent, screen.
std::vector<std::string_view> TransferActions(const Principal& who, const Transfer& t);

}  // namespace entitled::domain
