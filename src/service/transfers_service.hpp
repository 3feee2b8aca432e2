#pragma once
// The Asset Transfer Manager (SPEC §5, seed 000). Requests reserve every
// asset at once; the status machine (domain/transfers.hpp) moves on by the
// requester's, transferee's and compliance officer's decisions and by
// AdvanceTransfers, which the job runner calls every round. Each step is one
// transaction with its history row, its ledger entries and its mail, so a
// crash at any point leaves the transfer in one status, to resume from.

#include <optional>
#include <string>
#include <vector>

#include "domain/transfers.hpp"
#include "service/accounts_service.hpp"
#include "service/actor.hpp"
#include "storage/device_repository.hpp"
#include "storage/license_repository.hpp"
#include "storage/transfer_repository.hpp"

namespace entitled::service {

struct EligibleLicense {
    domain::Lot lot;
    std::string virtual_account_name;
    std::int64_t in_use = 0;
    std::int64_t transferable = 0;
    std::optional<domain::Ineligibility> reason;
};
struct EligibleDevice {
    domain::Device device;
    std::optional<domain::Ineligibility> reason;
};
struct EligibleAssets {
    std::vector<EligibleLicense> licenses;
    std::vector<EligibleDevice> devices;
};
Result<EligibleAssets> EligibleAssetsOf(storage::Transaction& tx, const Actor& actor, std::int64_t source, Micros now);

struct LicenseRequest {
    std::int64_t license_id = 0;
    std::int64_t quantity = 0;
};
struct NewTransfer {
    std::int64_t source_smart_account_id = 0;
    std::int64_t destination_smart_account_id = 0;
    std::int64_t destination_virtual_account_id = 0;
    bool same_legal_entity = true;
    std::optional<std::string> transferee_email;
    std::vector<LicenseRequest> licenses;
    std::vector<std::int64_t> devices;
    std::string justification;
    std::string requester_name;
    std::string requester_phone;
    std::string requester_company;
};

struct TransferView {
    domain::Transfer transfer;
    std::vector<domain::TransferAsset> assets;
    std::vector<domain::TransferHistoryEntry> history;
    std::vector<std::string_view> allowed_actions;  // submit, cancel, consent, screen
};

Result<TransferView> RequestTransfer(storage::Transaction& tx, const Actor& actor, const NewTransfer& input,
                                     const MailContext& mail, Micros now);
Result<TransferView> GetTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number);

struct TransferListItem {
    domain::Transfer transfer;
    std::int64_t asset_count = 0;
    std::vector<std::string_view> allowed_actions;
};
Result<std::vector<TransferListItem>> ListTransfers(storage::Transaction& tx, const Actor& actor,
                                                    storage::TransferFilter filter);

Result<TransferView> SubmitTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                    const MailContext& mail, Micros now);
Result<TransferView> CancelTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                    const MailContext& mail, Micros now);
Result<TransferView> DecideConsent(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                   bool approve, const std::string& comment, const MailContext& mail, Micros now);
Result<TransferView> DecideScreening(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                     bool approve, const std::string& reason, const MailContext& mail, Micros now);

struct TransferPolicy {
    // How long a transfer may wait for a person before it is cancelled (issue 18).
    Micros abandon_after = domain::kDefaultAbandonAfter;
};

// One automatic step for every transfer that waits for one, and the
// cancellation of every transfer that waited for a person past the policy,
// each in its own transaction; returns the number of steps taken.
Result<int> AdvanceTransfers(storage::Database& db, const MailContext& mail, Micros now,
                             const TransferPolicy& policy = {});

}  // namespace entitled::service
