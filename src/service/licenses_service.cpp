#include "service/licenses_service.hpp"

#include <boost/json.hpp>
#include <map>
#include <unordered_map>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/ledger.hpp"
#include "storage/account_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;

// What devices and moves see of a VA's lots of one product: unexpired lots, oldest first.
struct Group {
    std::vector<std::int64_t> quantities;
    std::vector<domain::LotSlot> slots;
    std::vector<std::int64_t> lot_ids;
    std::int64_t in_use = 0;

    void Add(const domain::Lot& lot, Micros now) {
        if (lot.ExpiredAt(now)) return;
        quantities.push_back(lot.quantity);
        slots.push_back({lot.quantity - lot.reserved, lot.usable});
        lot_ids.push_back(lot.id);
    }
};

Result<std::map<std::int64_t, std::string>> VirtualAccountNames(storage::Transaction& tx, std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto vas, storage::AccountRepository(tx).VirtualAccounts(sa));
    std::map<std::int64_t, std::string> names;
    for (const auto& v : vas) names[v.id] = v.name;
    return names;
}

// Totals per pool (VA, product, model) over `scope`, no authorization.
Result<std::vector<ProductLine>> Summarize(storage::Transaction& tx, const storage::LotScope& scope, Micros now) {
    storage::LicenseRepository repo(tx);
    ENT_ASSIGN_OR_RETURN(auto lots, repo.All(scope));
    ENT_ASSIGN_OR_RETURN(auto usage, repo.InUse(scope, now));
    std::map<domain::PoolKey, Group> groups;
    for (const auto& lot : lots) groups[domain::PoolOf(lot)].Add(lot, now);
    for (const auto& u : usage) groups[u.pool].in_use = u.in_use;
    ENT_ASSIGN_OR_RETURN(auto names, VirtualAccountNames(tx, scope.smart_account_id));
    std::vector<ProductLine> out;
    out.reserve(groups.size());
    for (const auto& [key, g] : groups) {
        out.push_back({key.virtual_account_id, names[key.virtual_account_id], key.product,
                       domain::Totals(g.quantities, g.slots, g.in_use), key.model});
    }
    return out;
}

Result<Group> GroupOf(storage::LicenseRepository& repo, const domain::PoolKey& pool, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto lots, repo.LotsOf(pool));
    Group g;
    for (const auto& lot : lots) g.Add(lot, now);
    ENT_ASSIGN_OR_RETURN(g.in_use, repo.InUseOf(pool, now));
    return g;
}

Result<ProductLine> LineOf(storage::Transaction& tx, std::int64_t sa, const domain::PoolKey& pool, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto lines, Summarize(tx, {sa, std::set<std::int64_t>{pool.virtual_account_id}, pool.product}, now));
    for (const auto& l : lines) {
        if (l.license_model == pool.model) return l;
    }
    ENT_ASSIGN_OR_RETURN(auto names, VirtualAccountNames(tx, sa));
    return ProductLine{pool.virtual_account_id, names[pool.virtual_account_id], pool.product, {}, pool.model};
}

}  // namespace

Result<std::int64_t> ConsumableOf(storage::LicenseRepository& repo, const domain::PoolKey& pool, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto lots, repo.LotsOf(pool));
    Group g;
    for (const auto& lot : lots) g.Add(lot, now);
    return domain::Consumable(g.slots);
}

Result<std::optional<std::set<std::int64_t>>> AssetScope(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                         std::optional<std::int64_t> va) {
    if (va) {
        ENT_TRY(Require(tx, actor, Action::kViewAssets, domain::VirtualAccountRef{sa, *va}));
    } else {
        ENT_TRY(Require(tx, actor, Action::kViewAssets, domain::AccountRef{sa}));
    }
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto account, accounts.FindAccount(sa));
    if (!account) return NotFound();
    if (va) {
        ENT_ASSIGN_OR_RETURN(auto v, accounts.FindVirtualAccount(*va));
        if (!v || v->smart_account_id != sa) {
            return FieldInvalid("virtual_account_id", "not_in_account", "field.not_in_account");
        }
        return std::optional<std::set<std::int64_t>>(std::set<std::int64_t>{*va});
    }
    return domain::VisibleVirtualAccounts(PrincipalOf(actor), sa);
}

Result<std::vector<ProductLine>> SummarizeLicenses(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                   std::optional<std::int64_t> va, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto vas, AssetScope(tx, actor, sa, va));
    return Summarize(tx, {sa, std::move(vas), std::nullopt}, now);
}

std::map<std::int64_t, std::int64_t> InUseByLot(const std::vector<domain::Lot>& lots,
                                                const std::map<domain::PoolKey, std::int64_t>& in_use, Micros now) {
    std::map<std::int64_t, std::int64_t> out;
    for (size_t begin = 0; begin < lots.size();) {
        const domain::PoolKey pool = domain::PoolOf(lots[begin]);
        Group g;
        size_t end = begin;
        for (; end < lots.size() && domain::PoolOf(lots[end]) == pool; ++end) g.Add(lots[end], now);
        const auto it = in_use.find(pool);
        const auto allocation = domain::AllocateUsage(g.slots, it == in_use.end() ? 0 : it->second);
        for (size_t i = 0; i < g.lot_ids.size(); ++i) out[g.lot_ids[i]] = allocation.in_use[i];
        begin = end;
    }
    return out;
}

std::vector<ProductLine> PerProduct(const std::vector<ProductLine>& lines) {
    std::map<std::pair<std::string, domain::LicenseModel>, domain::ProductTotals> sums;
    for (const auto& l : lines) {
        auto& s = sums[{l.product, l.license_model}];
        s.purchased += l.totals.purchased;
        s.in_use += l.totals.in_use;
        s.reserved += l.totals.reserved;
        s.available += l.totals.available;
        s.shortage += l.totals.shortage;  // one VA's surplus never covers another's shortage
    }
    std::vector<ProductLine> out;
    out.reserve(sums.size());
    for (const auto& [key, totals] : sums) out.push_back({0, "", key.first, totals, key.second});
    return out;
}

Result<LicensePage> ListLicenses(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                 std::optional<std::int64_t> va, const std::optional<std::string>& product,
                                 std::int64_t after_id, int limit, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto vas, AssetScope(tx, actor, sa, va));
    storage::LicenseRepository repo(tx);
    ENT_ASSIGN_OR_RETURN(auto rows, repo.List({sa, std::move(vas), product}, after_id, limit + 1));
    LicensePage page;
    page.more = rows.size() > static_cast<size_t>(limit);
    if (page.more) rows.resize(static_cast<size_t>(limit));
    // Devices (or leases) use a pool's lots oldest first; work that out once per pool on the page.
    std::unordered_map<std::int64_t, std::int64_t> in_use;
    std::set<domain::PoolKey> done;
    for (const auto& r : rows) {
        if (!done.insert(domain::PoolOf(r.lot)).second) continue;
        ENT_ASSIGN_OR_RETURN(auto g, GroupOf(repo, domain::PoolOf(r.lot), now));
        const auto allocation = domain::AllocateUsage(g.slots, g.in_use);
        for (size_t i = 0; i < g.lot_ids.size(); ++i) in_use[g.lot_ids[i]] = allocation.in_use[i];
    }
    for (auto& r : rows) {
        LicenseItem item;
        item.expired = r.lot.ExpiredAt(now);
        item.in_use = in_use[r.lot.id];
        item.available = r.lot.usable && !item.expired ? r.lot.quantity - r.lot.reserved - item.in_use : 0;
        item.listing = std::move(r);
        page.items.push_back(std::move(item));
    }
    return page;
}

Result<MoveOutcome> MoveLicenses(storage::Transaction& tx, const Actor& actor, const LicenseMove& move, Micros now) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto from, accounts.FindVirtualAccount(move.from_virtual_account_id));
    if (!from) return NotFound();
    const std::int64_t sa = from->smart_account_id;
    ENT_TRY(Require(tx, actor, Action::kManageAssets, domain::VirtualAccountRef{sa, from->id}));
    if (move.to_virtual_account_id == from->id) {
        return FieldInvalid("to_virtual_account_id", "same_virtual_account", "field.same_virtual_account");
    }
    ENT_ASSIGN_OR_RETURN(auto to, accounts.FindVirtualAccount(move.to_virtual_account_id));
    if (!to || to->smart_account_id != sa) {
        return FieldInvalid("to_virtual_account_id", "not_in_account", "field.not_in_account");
    }
    const std::string reference = "va-move-" + RandomHex(8);
    ENT_TRY(service::MoveLicenses(tx, actor,
                                  {domain::MoveCause::kVirtualAccountMove,
                                   FreeLicenses{{from->id, move.product, move.license_model}, move.quantity},
                                   to->id, nullptr, reference},
                                  now));
    ENT_TRY(Audit(tx, actor, now,
                  {"license.move", "virtual_account", std::to_string(from->id),
                   boost::json::object{{"virtual_account", from->name}},
                   boost::json::object{{"virtual_account", to->name},
                                       {"product", move.product},
                                       {"license_model", domain::LicenseModelName(move.license_model)},
                                       {"quantity", move.quantity},
                                       {"reference", reference}},
                   std::nullopt, sa}));
    MoveOutcome out;
    ENT_ASSIGN_OR_RETURN(out.from, LineOf(tx, sa, {from->id, move.product, move.license_model}, now));
    ENT_ASSIGN_OR_RETURN(out.to, LineOf(tx, sa, {to->id, move.product, move.license_model}, now));
    return out;
}

}  // namespace entitled::service
