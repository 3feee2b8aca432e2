#pragma once
// The Asset Transfer Manager's status machine (SPEC §5, seed 000) as one
// table: every (status, event) pair either names the next status or is
// illegal. The job runner drives the automatic events, the API the human
// ones; both ask Next() and nothing else.

#include <optional>
#include <string_view>
#include <vector>

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
};

const std::vector<TransferStatus>& AllTransferStatuses();
const std::vector<TransferEvent>& AllTransferEvents();
std::string_view TransferStatusName(TransferStatus s);  // wire value, e.g. "pending_submission"
std::optional<TransferStatus> ParseTransferStatus(std::string_view s);
std::string_view TransferEventName(TransferEvent e);

// The status after `event`, or nullopt when the event is not allowed in `from`.
std::optional<TransferStatus> Next(TransferStatus from, TransferEvent event);

bool IsTerminal(TransferStatus s);
// Assets are reserved when the request is made ("Submit for Review") and
// stay reserved until the transfer ends: moved, or released on cancel or
// rejection. So no second transfer or device can take them meanwhile.
bool HoldsReservations(TransferStatus s);

// Why an asset cannot be transferred (API.md reasons), in the order they are checked.
enum class Ineligibility { kEnterpriseAgreement, kOnPrem, kInOpenTransfer, kInUse };
std::string_view IneligibilityName(Ineligibility r);

}  // namespace entitled::domain
