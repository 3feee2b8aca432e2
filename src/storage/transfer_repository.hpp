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

// Which transfers a list shows: the caller's side of them, by the caller's
// domain::TransferAudience. Requester: what they asked for and what leaves
// accounts they administer; transferee: what names them, and what comes to
// accounts they administer that they did not ask for themselves;
// compliance: all, for those whose audience is everything. Together the
// three show exactly what the caller may read by id.
struct TransferFilter {
    enum class Role { kRequester, kTransferee, kCompliance } role = Role::kRequester;
    domain::Audience audience;
    std::optional<domain::TransferStatus> status;
    std::int64_t before_id = INT64_MAX;
    int limit = 50;
};

class TransferRepository {
  public:
    explicit TransferRepository(Transaction& tx) : tx_(tx) {}

    // The next number of `year`'s sequence (1, 2, …), in the caller's transaction.
    Result<std::int64_t> NextSequence(int year);
    Result<std::int64_t> Insert(const domain::Transfer& t);
    Result<std::int64_t> InsertAsset(const domain::TransferAsset& a);
    Status AddHistory(std::int64_t transfer_id, domain::TransferStatus status, Micros at, const std::string& actor,
                      const std::optional<std::string>& note);

    Result<std::optional<domain::Transfer>> FindByNumber(const std::string& number);
    Result<std::vector<domain::TransferAsset>> Assets(std::int64_t transfer_id);
    Result<std::vector<domain::TransferHistoryEntry>> History(std::int64_t transfer_id);
    Result<std::vector<domain::Transfer>> List(const TransferFilter& filter);
    Result<std::int64_t> CountAssets(std::int64_t transfer_id);
    // Transfers the job runner has to move along, oldest first.
    Result<std::vector<std::int64_t>> Due(int limit);
    // Transfers waiting for a person (domain::WaitsForAPerson) whose status
    // has not changed since `since` or earlier, oldest first.
    Result<std::vector<std::int64_t>> WaitingSince(Micros since, int limit);
    Result<std::optional<domain::Transfer>> FindById(std::int64_t id);

    // Changes the status only from `from`; false when someone else changed it first.
    Result<bool> SetStatus(std::int64_t id, domain::TransferStatus from, domain::TransferStatus to, Micros now);
    Status SetRulesPassed(std::int64_t id, Micros now);
    Status SetOutcome(std::int64_t asset_id, domain::AssetOutcome outcome, std::optional<domain::AssetFailure> reason);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
