#include "domain/orders.hpp"

namespace entitled::domain {

std::string_view LicenseTypeName(LicenseType t) { return t == LicenseType::kTerm ? "term" : "perpetual"; }

std::optional<LicenseType> ParseLicenseType(std::string_view s) {
    if (s == "perpetual") return LicenseType::kPerpetual;
    if (s == "term") return LicenseType::kTerm;
    return std::nullopt;
}

std::string_view BuyingModelName(BuyingModel m) {
    return m == BuyingModel::kEnterpriseAgreement ? "enterprise_agreement" : "transactional";
}

std::optional<BuyingModel> ParseBuyingModel(std::string_view s) {
    if (s == "transactional") return BuyingModel::kTransactional;
    if (s == "enterprise_agreement") return BuyingModel::kEnterpriseAgreement;
    return std::nullopt;
}

bool OnSaHold(const LineState& line) {
    return line.smart_enabled && (!line.account_status || *line.account_status != AccountStatus::kActive);
}

bool ReadyToDeposit(const LineState& line) {
    return line.smart_enabled && line.shipped && !OnSaHold(line) && !line.export_hold && !line.deposited;
}

Reassignment ClassifyReassignment(const LineState& line, bool same_account) {
    if (!line.deposited) return Reassignment::kFree;
    if (same_account || line.account_kind == AccountKind::kHolding) return Reassignment::kMoveLicenses;
    return Reassignment::kUseAssetTransfer;
}

bool CanReceiveOrders(AccountStatus status) {
    return status == AccountStatus::kPending || status == AccountStatus::kActive;
}

}  // namespace entitled::domain
