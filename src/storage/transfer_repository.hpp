#pragma once
// SQL for asset transfers, their assets and their status history.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/transfers.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct TransferRow {
    std::int64_t id = 0;
    std::string number;  // AT-2026-000123
    domain::TransferStatus status = domain::TransferStatus::kValidationInitiated;
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

struct TransferAssetRow {
    std::int64_t id = 0;
    std::int64_t transfer_id = 0;
    std::string kind;  // "license" or "device"
    std::optional<std::int64_t> license_lot_id;
    std::optional<std::int64_t> device_id;
    std::string product;
    std::int64_t quantity = 0;
    std::string outcome = "pending";  // pending, moved, failed, released
    std::optional<std::string> reason;
    // Joined for devices.
    std::optional<std::string> device_name;
    std::optional<std::string> device_serial;
};

struct TransferHistoryRow {
    std::string status;
    Micros at = 0;
    std::string actor;
    std::optional<std::string> note;
};

struct TransferFilter {
    enum class Role { kRequester, kTransferee, kCompliance } role = Role::kRequester;
    std::optional<std::int64_t> user_id;
    std::string email;
    std::set<std::int64_t> admin_accounts;  // where the caller is sa_admin (requester view: transfers out of them)
    bool everything = false;                // internal users asking for the compliance view
    std::optional<domain::TransferStatus> status;
    std::int64_t before_id = INT64_MAX;
    int limit = 50;
};

class TransferRepository {
  public:
    explicit TransferRepository(Transaction& tx) : tx_(tx) {}

    // The next number of `year`'s sequence (1, 2, …), in the caller's transaction.
    Result<std::int64_t> NextSequence(int year);
    Result<std::int64_t> Insert(const TransferRow& t);
    Result<std::int64_t> InsertAsset(const TransferAssetRow& a);
    Status AddHistory(std::int64_t transfer_id, domain::TransferStatus status, Micros at, const std::string& actor,
                      const std::optional<std::string>& note);

    Result<std::optional<TransferRow>> FindByNumber(const std::string& number);
    Result<std::vector<TransferAssetRow>> Assets(std::int64_t transfer_id);
    Result<std::vector<TransferHistoryRow>> History(std::int64_t transfer_id);
    Result<std::vector<TransferRow>> List(const TransferFilter& filter);
    Result<std::int64_t> CountAssets(std::int64_t transfer_id);
    // Transfers the job runner has to move along, oldest first.
    Result<std::vector<std::int64_t>> Due(int limit);
    Result<std::optional<TransferRow>> FindById(std::int64_t id);

    // Changes the status only from `from`; false when someone else changed it first.
    Result<bool> SetStatus(std::int64_t id, domain::TransferStatus from, domain::TransferStatus to, Micros now);
    Status SetRulesPassed(std::int64_t id, Micros now);
    Status SetOutcome(std::int64_t asset_id, const std::string& outcome, const std::optional<std::string>& reason);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
