#pragma once
// SQL for Smart Accounts, Virtual Accounts, memberships and the account
// event log.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/accounts.hpp"
#include "domain/authorization.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

enum class AccountSearch { kDomain, kName, kEmail, kMine };

struct EventFilter {
    std::optional<std::string> action;  // prefix, e.g. "member."
    std::optional<Micros> from;
    std::optional<Micros> to;
    std::optional<std::int64_t> before_id;
    int limit = 50;
};

struct EventRow {
    std::int64_t id = 0;
    Micros at = 0;
    std::string actor;
    std::string action;
    std::string target_type;
    std::string target_id;
    std::optional<std::string> before_json;
    std::optional<std::string> after_json;
    std::optional<std::string> reason;
    std::optional<std::string> case_number;
};

class AccountRepository {
  public:
    explicit AccountRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> InsertAccount(const domain::SmartAccount& row, std::optional<std::int64_t> created_by);
    Result<std::optional<domain::SmartAccount>> FindAccount(std::int64_t id);
    // The account holding `domain` that has not expired, if any.
    Result<std::optional<domain::SmartAccount>> FindLiveByDomain(const std::string& domain);
    // Conditional on the current status, so concurrent changes cannot both win.
    Result<bool> ChangeStatus(std::int64_t id, domain::AccountStatus from, domain::AccountStatus to, Micros now);
    // Ids in ascending order after `after_id`. `user_id` is the caller, for kMine.
    Result<std::vector<domain::SmartAccount>> Search(AccountSearch by, const std::string& query, std::int64_t user_id,
                                                     std::int64_t after_id, int limit);

    Result<std::int64_t> InsertVirtualAccount(std::int64_t sa, const std::string& name, const std::string& description,
                                              Micros now);
    Result<std::vector<domain::VirtualAccount>> VirtualAccounts(std::int64_t sa);
    Result<std::optional<domain::VirtualAccount>> FindVirtualAccount(std::int64_t id);
    Status UpdateVirtualAccount(std::int64_t id, const std::optional<std::string>& name,
                                const std::optional<std::string>& description);
    // Leaves a tombstone (see migration 11) and revokes the VA's registration tokens.
    Status DeleteVirtualAccount(std::int64_t id, Micros now);
    Result<domain::VirtualAccountContents> ContentsOf(std::int64_t va);

    // kConflict "unique_violation" when the user already has that role there.
    Status InsertMembership(std::int64_t sa, std::int64_t user, domain::Role role, std::optional<std::int64_t> va,
                            Micros now);
    Result<std::int64_t> DeleteMemberships(std::int64_t sa, std::int64_t user);
    Result<std::vector<domain::Member>> Members(std::int64_t sa);
    Result<std::int64_t> CountAdmins(std::int64_t sa);
    Result<std::vector<domain::Membership>> MembershipsOf(std::int64_t user);
    Result<std::vector<domain::Role>> RolesOf(std::int64_t sa, std::int64_t user);

    Result<std::vector<EventRow>> Events(std::int64_t sa, const EventFilter& filter);
    // License totals per product, for the whole account or only the given VAs.

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
