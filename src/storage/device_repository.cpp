#include "storage/device_repository.hpp"

#include <unordered_map>

#include "storage/license_repository.hpp"

namespace entitled::storage {
namespace {

constexpr std::string_view kTokenColumns =
    "id, smart_account_id, virtual_account_id, token_hash, description, export_controlled, max_uses, uses, "
    "created_by, created_at, expires_at, revoked_at";

domain::RegistrationToken ToToken(const Row& r) {
    return {r.Int(0), r.Int(1), r.Int(2),    r.Text(3), r.Text(4), r.Bool(5),
            r.Int(6), r.Int(7), r.OptInt(8), r.Int(9),  r.Int(10), r.OptInt(11)};
}

constexpr std::string_view kDeviceColumns =
    "d.id, d.smart_account_id, d.virtual_account_id, d.name, d.serial, d.product, d.deployment, d.secret_hash, "
    "d.token_id, d.export_controlled, d.registered_at, d.last_seen_at, d.deleted_at, v.name, d.reserved_by_transfer, "
    "d.last_check_in_at, d.authorization_status";

domain::Device ToDevice(const Row& r) {
    domain::Device d;
    d.id = r.Int(0);
    d.smart_account_id = r.Int(1);
    d.virtual_account_id = r.Int(2);
    d.name = r.Text(3);
    d.serial = r.Text(4);
    d.product = r.Text(5);
    d.deployment = r.Enum(6, domain::ParseDeployment);
    d.secret_hash = r.Text(7);
    d.token_id = r.OptInt(8);
    d.export_controlled = r.Bool(9);
    d.registered_at = r.Int(10);
    d.last_seen_at = r.OptInt(11);
    d.deleted_at = r.OptInt(12);
    d.virtual_account_name = r.Text(13);
    d.reserved_by_transfer = r.OptInt(14);
    d.last_check_in_at = r.OptInt(15);
    if (!r.IsNull(16)) d.authorization_status = r.Enum(16, domain::ParseAuthorizationStatus);
    return d;
}

std::string SelectDevices() {
    return "SELECT " + std::string(kDeviceColumns) +
           " FROM devices d JOIN virtual_accounts v ON v.id = d.virtual_account_id ";
}

}  // namespace

Result<std::int64_t> DeviceRepository::InsertToken(const domain::RegistrationToken& t) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO registration_tokens (smart_account_id, virtual_account_id, token_hash, "
                             "description, export_controlled, max_uses, uses, created_by, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
                             {t.smart_account_id, t.virtual_account_id, t.token_hash, t.description,
                              Bool(t.export_controlled), t.max_uses, Opt(t.created_by), t.created_at, t.expires_at}));
    return r->Int(0);
}

Result<std::optional<domain::RegistrationToken>> DeviceRepository::FindToken(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("SELECT " + std::string(kTokenColumns) + " FROM registration_tokens WHERE id = ?", {id}));
    if (!r) return std::optional<domain::RegistrationToken>();
    return std::optional<domain::RegistrationToken>(ToToken(*r));
}

Result<std::optional<domain::RegistrationToken>> DeviceRepository::FindTokenByHash(const std::string& hash) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("SELECT " + std::string(kTokenColumns) + " FROM registration_tokens WHERE token_hash = ?",
                             {hash}));
    if (!r) return std::optional<domain::RegistrationToken>();
    return std::optional<domain::RegistrationToken>(ToToken(*r));
}

Result<std::vector<domain::RegistrationToken>> DeviceRepository::Tokens(std::int64_t virtual_account_id) {
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT " + std::string(kTokenColumns) +
                                                  " FROM registration_tokens WHERE virtual_account_id = ? "
                                                  "ORDER BY id DESC",
                                              {virtual_account_id}));
    std::vector<domain::RegistrationToken> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToToken(r));
    return out;
}

Status DeviceRepository::RevokeToken(std::int64_t id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE registration_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {now, id}));
    return Ok();
}

Result<bool> DeviceRepository::UseToken(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE registration_tokens SET uses = uses + 1 WHERE id = ? AND "
                                          "uses < max_uses AND revoked_at IS NULL",
                                          {id}));
    return n == 1;
}

Result<std::int64_t> DeviceRepository::InsertDevice(const domain::Device& d) {
    ENT_ASSIGN_OR_RETURN(
        auto r, tx_.QueryOne("INSERT INTO devices (smart_account_id, virtual_account_id, name, serial, product, "
                             "deployment, secret_hash, token_id, export_controlled, registered_at) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {d.smart_account_id, d.virtual_account_id, d.name, d.serial, d.product,
                              std::string(domain::DeploymentName(d.deployment)), d.secret_hash, Opt(d.token_id),
                              Bool(d.export_controlled), d.registered_at}));
    return r->Int(0);
}

Result<std::optional<domain::Device>> DeviceRepository::FindDevice(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(SelectDevices() + "WHERE d.id = ? AND d.deleted_at IS NULL", {id}));
    if (!r) return std::optional<domain::Device>();
    return std::optional<domain::Device>(ToDevice(*r));
}

Result<bool> DeviceRepository::SerialTaken(std::int64_t smart_account_id, const std::string& serial) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT 1 FROM devices WHERE smart_account_id = ? AND serial = ? AND "
                                              "deleted_at IS NULL",
                                              {smart_account_id, serial}));
    return r.has_value();
}

Result<std::vector<domain::Device>> DeviceRepository::FindBySerial(const std::string& serial) {
    ENT_ASSIGN_OR_RETURN(
        auto rows, tx_.Query(SelectDevices() + "WHERE d.serial = ? AND d.deleted_at IS NULL ORDER BY d.id", {serial}));
    std::vector<domain::Device> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToDevice(r));
    return out;
}

Result<std::vector<domain::Device>> DeviceRepository::List(const DeviceScope& scope, std::int64_t after_id, int limit) {
    Params params{scope.smart_account_id};
    std::string sql = SelectDevices() + "WHERE d.smart_account_id = ? AND d.deleted_at IS NULL";
    sql += VirtualAccountFilter(scope.virtual_accounts, "d.virtual_account_id", params);
    if (!scope.query.empty()) {
        // Prefix match on name or serial; LIKE special characters in the query are escaped.
        std::string pattern;
        for (char c : scope.query) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        sql += " AND (LOWER(d.name) LIKE LOWER(?) ESCAPE '\\' OR d.serial LIKE ? ESCAPE '\\')";
        params.emplace_back("%" + pattern + "%");
        params.emplace_back(pattern + "%");
    }
    sql += " AND d.id > ? ORDER BY d.id LIMIT ?";
    params.emplace_back(after_id);
    params.emplace_back(static_cast<std::int64_t>(limit));
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    std::vector<domain::Device> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToDevice(r));
    ENT_TRY(FillUsage(out));
    return out;
}

Status DeviceRepository::FillUsage(std::vector<domain::Device>& devices) {
    if (devices.empty()) return Ok();
    std::set<std::int64_t> ids;
    std::unordered_map<std::int64_t, domain::Device*> by_id;
    for (auto& d : devices) {
        ids.insert(d.id);
        by_id[d.id] = &d;
    }
    Params params;
    const std::string sql = "SELECT device_id, product, count FROM device_usage WHERE " +
                            InList("device_id", ids, params) + " ORDER BY device_id, product";
    ENT_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    for (const auto& r : rows) by_id[r.Int(0)]->usage.push_back({r.Text(1), r.Int(2)});
    return Ok();
}

Result<std::int64_t> DeviceRepository::Count(std::int64_t smart_account_id,
                                             const std::optional<std::set<std::int64_t>>& vas) {
    Params params{smart_account_id};
    std::string sql = "SELECT COUNT(*) FROM devices WHERE smart_account_id = ? AND deleted_at IS NULL";
    sql += VirtualAccountFilter(vas, "virtual_account_id", params);
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(sql, params));
    return r->Int(0);
}

Result<std::vector<domain::UsageItem>> DeviceRepository::Usage(std::int64_t device_id) {
    ENT_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT product, count FROM device_usage WHERE device_id = ? ORDER BY product", {device_id}));
    std::vector<domain::UsageItem> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.Text(0), r.Int(1)});
    return out;
}

Status DeviceRepository::MarkDeleted(std::int64_t id, Micros now) {
    ENT_TRY(tx_.Exec("DELETE FROM device_usage WHERE device_id = ?", {id}));
    ENT_TRY(tx_.Exec("UPDATE devices SET deleted_at = ? WHERE id = ?", {now, id}));
    return EndLeases(id, now);
}

// A device's leases are seats of its VA's pool: they end when it leaves the VA.
Status DeviceRepository::EndLeases(std::int64_t device_id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE leases SET released_at = ?, end_reason = 'device_gone' WHERE device_id = ? AND "
                     "released_at IS NULL",
                     {now, device_id}));
    return Ok();
}

Result<std::optional<domain::Device>> DeviceRepository::FindAnyDevice(std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne(SelectDevices() + "WHERE d.id = ?", {id}));
    if (!r) return std::optional<domain::Device>();
    return std::optional<domain::Device>(ToDevice(*r));
}

Result<bool> DeviceRepository::Reserve(std::int64_t device_id, std::int64_t transfer_id) {
    ENT_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE devices SET reserved_by_transfer = ? WHERE id = ? AND "
                                          "reserved_by_transfer IS NULL AND deleted_at IS NULL",
                                          {transfer_id, device_id}));
    return n == 1;
}

Status DeviceRepository::Release(std::int64_t device_id, std::int64_t transfer_id) {
    ENT_TRY(tx_.Exec("UPDATE devices SET reserved_by_transfer = NULL WHERE id = ? AND reserved_by_transfer = ?",
                     {device_id, transfer_id}));
    return Ok();
}

Status DeviceRepository::MoveTo(std::int64_t device_id, std::int64_t sa, std::int64_t va, Micros now) {
    ENT_TRY(EndLeases(device_id, now));
    ENT_TRY(
        tx_.Exec("UPDATE devices SET smart_account_id = ?, virtual_account_id = ?, reserved_by_transfer = NULL "
                 "WHERE id = ?",
                 {sa, va, device_id}));
    ENT_TRY(tx_.Exec("UPDATE device_usage SET virtual_account_id = ? WHERE device_id = ?", {va, device_id}));
    return Ok();
}

Status DeviceRepository::ReplaceUsage(std::int64_t device_id, std::int64_t virtual_account_id,
                                      const std::vector<domain::UsageItem>& usage) {
    ENT_TRY(tx_.Exec("DELETE FROM device_usage WHERE device_id = ?", {device_id}));
    for (const auto& u : usage) {
        if (u.count == 0) continue;  // zero means "no longer used"
        ENT_TRY(tx_.Exec("INSERT INTO device_usage (device_id, product, count, virtual_account_id) VALUES (?, ?, ?, ?)",
                         {device_id, u.product, u.count, virtual_account_id}));
    }
    return Ok();
}

Status DeviceRepository::Touch(std::int64_t device_id, Micros now) {
    ENT_TRY(tx_.Exec("UPDATE devices SET last_seen_at = ? WHERE id = ?", {now, device_id}));
    return Ok();
}

Status DeviceRepository::RecordCheckIn(std::int64_t device_id, Micros now, domain::AuthorizationStatus status) {
    ENT_TRY(tx_.Exec("UPDATE devices SET last_seen_at = ?, last_check_in_at = ?, authorization_status = ? WHERE id = ?",
                     {now, now, std::string(domain::AuthorizationStatusName(status)), device_id}));
    return Ok();
}

Result<std::int64_t> DeviceRepository::UsedBefore(std::int64_t virtual_account_id, const std::string& product,
                                                  std::int64_t device_id) {
    ENT_ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT COALESCE(SUM(count), 0) FROM device_usage WHERE "
                                              "virtual_account_id = ? AND product = ? AND device_id < ?",
                                              {virtual_account_id, product, device_id}));
    return r->Int(0);
}

Result<std::vector<domain::Device>> DeviceRepository::SilentWithUsage(Micros seen_before, int limit) {
    ENT_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query(SelectDevices() +
                      "WHERE d.deleted_at IS NULL AND (d.last_seen_at < ? OR (d.last_seen_at IS NULL AND "
                      "d.registered_at < ?)) AND EXISTS (SELECT 1 FROM device_usage u WHERE u.device_id = d.id) "
                      "ORDER BY d.id LIMIT ?",
                  {seen_before, seen_before, static_cast<std::int64_t>(limit)}));
    std::vector<domain::Device> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToDevice(r));
    ENT_TRY(FillUsage(out));
    return out;
}

Status DeviceRepository::ClearUsage(std::int64_t device_id) {
    ENT_TRY(tx_.Exec("DELETE FROM device_usage WHERE device_id = ?", {device_id}));
    return Ok();
}

}  // namespace entitled::storage
