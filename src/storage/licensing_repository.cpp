#include "storage/licensing_repository.hpp"

#include "storage/license_repository.hpp"

namespace entitled::storage {
namespace {

SigningKeyRow ToKey(const Row& r) { return {r.Text(0), r.Text(1), r.Int(2), r.OptInt(3)}; }

constexpr std::string_view kLeaseColumns =
    "s.id, s.device_id, s.smart_account_id, s.virtual_account_id, s.product, s.count, s.created_at, "
    "s.heartbeat_at, s.expires_at, s.released_at, d.name, d.serial";

domain::Lease ToLease(const Row& r) {
    domain::Lease l;
    l.id = r.Int(0);
    l.device_id = r.Int(1);
    l.smart_account_id = r.Int(2);
    l.virtual_account_id = r.Int(3);
    l.product = r.Text(4);
    l.count = r.Int(5);
    l.created_at = r.Int(6);
    l.heartbeat_at = r.Int(7);
    l.expires_at = r.Int(8);
    l.released_at = r.OptInt(9);
    l.device_name = r.Text(10);
    l.device_serial = r.Text(11);
    return l;
}

std::string SelectLeases() {
    return "SELECT " + std::string(kLeaseColumns) + " FROM leases s JOIN devices d ON d.id = s.device_id ";
}

Result<std::vector<domain::Lease>> ManyLeases(Transaction& tx, const std::string& sql, const Params& params) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    std::vector<domain::Lease> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToLease(r));
    return out;
}

}  // namespace

Result<bool> SigningKeyRepository::Insert(const SigningKeyRow& key) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("INSERT INTO signing_keys (kid, algorithm, public_key, created_at) VALUES "
                                          "(?, 'Ed25519', ?, ?) ON CONFLICT (kid) DO NOTHING",
                                          {key.kid, key.public_key, key.created_at}));
    return n == 1;
}

Result<std::vector<SigningKeyRow>> SigningKeyRepository::All() {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT kid, public_key, created_at, retired_at FROM signing_keys "
                                              "ORDER BY created_at DESC, kid DESC"));
    std::vector<SigningKeyRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToKey(r));
    return out;
}

Result<std::optional<std::string>> SigningKeyRepository::CurrentKid() {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT kid FROM signing_keys WHERE retired_at IS NULL ORDER BY "
                                              "created_at DESC, kid DESC LIMIT 1"));
    if (!r) return std::optional<std::string>();
    return std::optional<std::string>(r->Text(0));
}

Result<bool> SigningKeyRepository::Retire(const std::string& kid, Micros now) {
    ENT_ASSIGN_OR_RETURN(
        auto n, tx_.Exec("UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL", {now, kid}));
    return n == 1;
}

Result<std::int64_t> LeaseRepository::Insert(const domain::Lease& l) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO leases (device_id, smart_account_id, virtual_account_id, product, count, "
                             "created_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {l.device_id, l.smart_account_id, l.virtual_account_id, l.product, l.count, l.created_at,
                              l.heartbeat_at, l.expires_at}));
    return r->Int(0);
}

Result<std::optional<domain::Lease>> LeaseRepository::Find(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto rows, ManyLeases(tx_, SelectLeases() + "WHERE s.id = ?", {id}));
    if (rows.empty()) return std::optional<domain::Lease>();
    return std::optional<domain::Lease>(std::move(rows.front()));
}

Result<LeaseRepository::Held> LeaseRepository::HeldOf(std::int64_t virtual_account_id, const std::string& product,
                                                      Micros now) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT COALESCE(SUM(count), 0), MIN(expires_at) FROM leases WHERE "
                                              "virtual_account_id = ? AND product = ? AND released_at IS NULL AND "
                                              "expires_at > ?",
                                              {virtual_account_id, product, now}));
    return Held{r->Int(0), r->OptInt(1)};
}

Status LeaseRepository::Renew(std::int64_t id, Micros now, Micros expires_at) {
    ENT_TRY(tx_.Exec("UPDATE leases SET heartbeat_at = ?, expires_at = ? WHERE id = ?", {now, expires_at, id}));
    return Ok();
}

Status LeaseRepository::End(std::int64_t id, Micros at, domain::LeaseEnd why) {
    ENT_TRY(tx_.Exec("UPDATE leases SET released_at = ?, end_reason = ? WHERE id = ? AND released_at IS NULL",
                     {at, std::string(domain::LeaseEndName(why)), id}));
    return Ok();
}

Result<std::vector<domain::Lease>> LeaseRepository::Active(const LeaseScope& scope, Micros now, std::int64_t after_id,
                                                           int limit) {
    Params params{scope.smart_account_id, now};
    std::string sql = SelectLeases() + "WHERE s.smart_account_id = ? AND s.released_at IS NULL AND s.expires_at > ?";
    sql += VirtualAccountFilter(scope.virtual_accounts, "s.virtual_account_id", params);
    sql += " AND s.id > ? ORDER BY s.id LIMIT ?";
    params.emplace_back(after_id);
    params.emplace_back(static_cast<std::int64_t>(limit));
    return ManyLeases(tx_, sql, params);
}

Result<std::vector<domain::Lease>> LeaseRepository::Lapsed(Micros now, int limit) {
    return ManyLeases(tx_, SelectLeases() + "WHERE s.released_at IS NULL AND s.expires_at <= ? ORDER BY s.id LIMIT ?",
                      {now, static_cast<std::int64_t>(limit)});
}

}  // namespace entitled::storage
