#include "domain/licenses.hpp"

#include "common/enum_names.hpp"

namespace entitled::domain {
namespace {

constexpr EnumName<LicenseType> kLicenseTypes[] = {{LicenseType::kPerpetual, "perpetual"},
                                                   {LicenseType::kTerm, "term"}};
constexpr EnumName<BuyingModel> kBuyingModels[] = {{BuyingModel::kTransactional, "transactional"},
                                                   {BuyingModel::kEnterpriseAgreement, "enterprise_agreement"}};
constexpr EnumName<LicenseModel> kLicenseModels[] = {{LicenseModel::kDevice, "device"},
                                                     {LicenseModel::kFloating, "floating"}};

}  // namespace

std::string_view LicenseModelName(LicenseModel m) { return NameIn<LicenseModel>(kLicenseModels, m); }
std::optional<LicenseModel> ParseLicenseModel(std::string_view s) { return ParseIn<LicenseModel>(kLicenseModels, s); }
std::string_view LicenseTypeName(LicenseType t) { return NameIn<LicenseType>(kLicenseTypes, t); }
std::optional<LicenseType> ParseLicenseType(std::string_view s) { return ParseIn<LicenseType>(kLicenseTypes, s); }
std::string_view BuyingModelName(BuyingModel m) { return NameIn<BuyingModel>(kBuyingModels, m); }
std::optional<BuyingModel> ParseBuyingModel(std::string_view s) { return ParseIn<BuyingModel>(kBuyingModels, s); }

bool UsableIn(AccountKind kind) { return kind != AccountKind::kHolding; }

std::optional<MoveRefusal> CheckLicenseMove(MoveCause cause, const MoveEnd& from, const MoveEnd& to,
                                            std::int64_t quantity, std::int64_t movable) {
    if (to.status != AccountStatus::kActive) return MoveRefusal::kDestinationNotActive;
    const bool across = from.smart_account_id != to.smart_account_id;
    if (cause == MoveCause::kTransfer) {
        if (to.kind != AccountKind::kCustomer) return MoveRefusal::kDestinationNotCustomer;
    } else if (across && from.kind == AccountKind::kCustomer) {
        return MoveRefusal::kUseAssetTransfer;
    }
    if (quantity > movable) return MoveRefusal::kNotEnoughFree;
    return std::nullopt;
}

}  // namespace entitled::domain
