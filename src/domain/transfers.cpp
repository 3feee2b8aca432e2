#include "domain/transfers.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

using S = TransferStatus;
using E = TransferEvent;

struct Transition {
    S from;
    E event;
    S to;
};

// SPEC §5. Anything not listed is illegal.
constexpr std::array<Transition, 19> kTable = {{
    {S::kValidationInitiated, E::kValidated, S::kValidationCompleted},
    {S::kValidationInitiated, E::kNothingEligible, S::kCancelled},
    {S::kValidationCompleted, E::kReadyToSubmit, S::kPendingSubmission},
    {S::kValidationCompleted, E::kNothingEligible, S::kCancelled},
    {S::kValidationCompleted, E::kCancel, S::kCancelled},
    {S::kPendingSubmission, E::kSubmit, S::kSubmitted},
    {S::kPendingSubmission, E::kCancel, S::kCancelled},
    {S::kPendingSubmission, E::kAbandoned, S::kCancelled},
    {S::kSubmitted, E::kSameLegalEntity, S::kComplianceScreening},
    {S::kSubmitted, E::kOtherLegalEntity, S::kAwaitingTransfereeConsent},
    {S::kAwaitingTransfereeConsent, E::kConsentApproved, S::kComplianceScreening},
    {S::kAwaitingTransfereeConsent, E::kConsentRejected, S::kCancelled},
    {S::kAwaitingTransfereeConsent, E::kAbandoned, S::kCancelled},
    {S::kComplianceScreening, E::kRulesPassed, S::kTransferInitiated},
    {S::kComplianceScreening, E::kRulesFailed, S::kComplianceScreeningRejected},
    {S::kComplianceScreening, E::kScreeningApproved, S::kTransferInitiated},
    {S::kComplianceScreening, E::kScreeningRejected, S::kComplianceScreeningRejected},
    {S::kTransferInitiated, E::kExecutedAll, S::kTransferCompleted},
    {S::kTransferInitiated, E::kExecutedPartly, S::kTransferCompletedWithFailure},
}};

constexpr std::array<std::pair<S, std::string_view>, 11> kStatusNames = {{
    {S::kValidationInitiated, "validation_initiated"},
    {S::kValidationCompleted, "validation_completed"},
    {S::kPendingSubmission, "pending_submission"},
    {S::kSubmitted, "submitted"},
    {S::kAwaitingTransfereeConsent, "awaiting_transferee_consent"},
    {S::kComplianceScreening, "compliance_screening"},
    {S::kComplianceScreeningRejected, "compliance_screening_rejected"},
    {S::kTransferInitiated, "transfer_initiated"},
    {S::kTransferCompleted, "transfer_completed"},
    {S::kTransferCompletedWithFailure, "transfer_completed_with_failure"},
    {S::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<E, std::string_view>, 16> kEventNames = {{
    {E::kValidated, "validated"},
    {E::kNothingEligible, "nothing_eligible"},
    {E::kReadyToSubmit, "ready_to_submit"},
    {E::kSubmit, "submit"},
    {E::kCancel, "cancel"},
    {E::kSameLegalEntity, "same_legal_entity"},
    {E::kOtherLegalEntity, "other_legal_entity"},
    {E::kConsentApproved, "consent_approved"},
    {E::kConsentRejected, "consent_rejected"},
    {E::kRulesPassed, "rules_passed"},
    {E::kRulesFailed, "rules_failed"},
    {E::kScreeningApproved, "screening_approved"},
    {E::kScreeningRejected, "screening_rejected"},
    {E::kExecutedAll, "executed_all"},
    {E::kExecutedPartly, "executed_partly"},
    {E::kAbandoned, "abandoned"},
}};

}  // namespace

const std::vector<TransferStatus>& AllTransferStatuses() {
    static const std::vector<TransferStatus> all = [] {
        std::vector<TransferStatus> v;
        v.reserve(kStatusNames.size());
        for (const auto& [s, name] : kStatusNames) v.push_back(s);
        return v;
    }();
    return all;
}

const std::vector<TransferEvent>& AllTransferEvents() {
    static const std::vector<TransferEvent> all = [] {
        std::vector<TransferEvent> v;
        v.reserve(kEventNames.size());
        for (const auto& [e, name] : kEventNames) v.push_back(e);
        return v;
    }();
    return all;
}

std::string_view TransferStatusName(TransferStatus s) {
    for (const auto& [status, name] : kStatusNames) {
        if (status == s) return name;
    }
    return "";
}

std::optional<TransferStatus> ParseTransferStatus(std::string_view s) {
    for (const auto& [status, name] : kStatusNames) {
        if (name == s) return status;
    }
    return std::nullopt;
}

std::string_view TransferEventName(TransferEvent e) {
    for (const auto& [event, name] : kEventNames) {
        if (event == e) return name;
    }
    return "";
}

std::optional<TransferStatus> Next(TransferStatus from, TransferEvent event) {
    for (const auto& t : kTable) {
        if (t.from == from && t.event == event) return t.to;
    }
    return std::nullopt;
}

bool IsTerminal(TransferStatus s) {
    return s == S::kComplianceScreeningRejected || s == S::kTransferCompleted ||
           s == S::kTransferCompletedWithFailure || s == S::kCancelled;
}

bool WaitsForAPerson(TransferStatus s) { return Next(s, E::kAbandoned).has_value(); }

bool Abandoned(TransferStatus s, Micros waiting_since, Micros now, Micros abandon_after) {
    return WaitsForAPerson(s) && now - waiting_since >= abandon_after;
}

bool HoldsReservations(TransferStatus s) { return !IsTerminal(s); }

namespace {

constexpr EnumName<Ineligibility> kIneligibilities[] = {{Ineligibility::kEnterpriseAgreement, "enterprise_agreement"},
                                                        {Ineligibility::kOnPrem, "on_prem"},
                                                        {Ineligibility::kInOpenTransfer, "in_open_transfer"},
                                                        {Ineligibility::kInUse, "in_use"},
                                                        {Ineligibility::kReserved, "reserved"}};
constexpr EnumName<AssetKind> kAssetKinds[] = {{AssetKind::kLicense, "license"}, {AssetKind::kDevice, "device"}};
constexpr EnumName<AssetOutcome> kOutcomes[] = {{AssetOutcome::kPending, "pending"},
                                                {AssetOutcome::kMoved, "moved"},
                                                {AssetOutcome::kFailed, "failed"},
                                                {AssetOutcome::kReleased, "released"}};
constexpr EnumName<AssetFailure> kFailures[] = {{AssetFailure::kNotReserved, "not_reserved"},
                                                {AssetFailure::kExpired, "expired"},
                                                {AssetFailure::kDeviceDeleted, "device_deleted"},
                                                {AssetFailure::kSerialTaken, "serial_taken"},
                                                {AssetFailure::kDestinationUnavailable, "destination_unavailable"}};

}  // namespace

std::string_view IneligibilityName(Ineligibility r) { return NameIn<Ineligibility>(kIneligibilities, r); }
std::string_view AssetKindName(AssetKind k) { return NameIn<AssetKind>(kAssetKinds, k); }
std::optional<AssetKind> ParseAssetKind(std::string_view s) { return ParseIn<AssetKind>(kAssetKinds, s); }
std::string_view AssetOutcomeName(AssetOutcome o) { return NameIn<AssetOutcome>(kOutcomes, o); }
std::optional<AssetOutcome> ParseAssetOutcome(std::string_view s) { return ParseIn<AssetOutcome>(kOutcomes, s); }
std::string_view AssetFailureName(AssetFailure f) { return NameIn<AssetFailure>(kFailures, f); }
std::optional<AssetFailure> ParseAssetFailure(std::string_view s) { return ParseIn<AssetFailure>(kFailures, s); }

LotEligibility EligibilityOf(const Lot& lot, std::int64_t in_use) {
    if (lot.buying_model == BuyingModel::kEnterpriseAgreement) return {0, Ineligibility::kEnterpriseAgreement};
    const std::int64_t transferable = std::max<std::int64_t>(lot.quantity - lot.reserved - in_use, 0);
    if (transferable > 0) return {transferable, std::nullopt};
    return {0, lot.reserved >= lot.quantity ? Ineligibility::kInOpenTransfer : Ineligibility::kInUse};
}

std::optional<Ineligibility> EligibilityOf(const Device& device) {
    if (device.deployment == Deployment::kOnPrem) return Ineligibility::kOnPrem;
    if (device.reserved_by_transfer) return Ineligibility::kInOpenTransfer;
    return std::nullopt;
}

TransferRef RefOf(const Transfer& t) {
    return {t.requested_by, t.transferee_email, t.source_smart_account_id, t.destination_smart_account_id};
}

std::vector<std::string_view> TransferActions(const Principal& who, const Transfer& t) {
    const TransferRef ref = RefOf(t);
    std::vector<std::string_view> out;
    const bool for_source = Authorize(who, Action::kActForSource, ref).allowed();
    if (t.status == S::kPendingSubmission && for_source) out.emplace_back("submit");
    if (Next(t.status, E::kCancel) && for_source) out.emplace_back("cancel");
    if (t.status == S::kAwaitingTransfereeConsent && Authorize(who, Action::kActForDestination, ref).allowed()) {
        out.emplace_back("consent");
    }
    // The officer decides after the automatic rules have run (SPEC §5).
    if (t.status == S::kComplianceScreening && t.rules_passed_at &&
        Authorize(who, Action::kScreenTransfer, ref).allowed()) {
        out.emplace_back("screen");
    }
    return out;
}

}  // namespace entitled::domain
