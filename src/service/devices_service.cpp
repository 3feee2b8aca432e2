#include "service/devices_service.hpp"

#include <sodium.h>

#include <boost/json.hpp>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/licenses_service.hpp"
#include "storage/account_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;

Result<domain::VirtualAccount> LoadVirtualAccount(storage::Transaction& tx, std::int64_t va) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::AccountRepository(tx).FindVirtualAccount(va));
    if (!row) return NotFound();
    return std::move(*row);
}

bool SameHash(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

boost::json::object DeviceJson(const domain::Device& d) {
    return {{"name", d.name},
            {"serial", d.serial},
            {"product", d.product},
            {"deployment", domain::DeploymentName(d.deployment)}};
}

}  // namespace

Result<CreatedToken> CreateToken(storage::Transaction& tx, const Actor& actor, std::int64_t va, const NewToken& input,
                                 Micros now) {
    ENT_ASSIGN_OR_RETURN(auto v, LoadVirtualAccount(tx, va));
    ENT_TRY(Require(tx, actor, Action::kManageAssets, domain::VirtualAccountRef{v.smart_account_id, va}));
    CreatedToken out;
    out.secret = "rt_" + RandomToken(24);
    out.row.smart_account_id = v.smart_account_id;
    out.row.virtual_account_id = va;
    out.row.token_hash = HashSecret(out.secret);
    out.row.description = input.description;
    out.row.export_controlled = input.export_controlled;
    out.row.max_uses = input.max_uses;
    out.row.created_by = actor.user_id();
    out.row.created_at = now;
    out.row.expires_at = now + input.expires_in_days * kMicrosPerDay;
    ENT_ASSIGN_OR_RETURN(out.row.id, storage::DeviceRepository(tx).InsertToken(out.row));
    ENT_TRY(Audit(tx, actor, now,
                  {"token.create", "registration_token", std::to_string(out.row.id), std::nullopt,
                   boost::json::object{{"virtual_account", v.name},
                                       {"description", input.description},
                                       {"max_uses", input.max_uses},
                                       {"expires_at", FormatRfc3339(out.row.expires_at)},
                                       {"export_controlled", input.export_controlled}},
                   std::nullopt, v.smart_account_id}));
    return out;
}

Result<std::vector<domain::RegistrationToken>> ListTokens(storage::Transaction& tx, const Actor& actor,
                                                          std::int64_t va) {
    ENT_ASSIGN_OR_RETURN(auto v, LoadVirtualAccount(tx, va));
    ENT_TRY(Require(tx, actor, Action::kViewAssets, domain::VirtualAccountRef{v.smart_account_id, va}));
    return storage::DeviceRepository(tx).Tokens(va);
}

Status RevokeToken(storage::Transaction& tx, const Actor& actor, std::int64_t va, std::int64_t token_id, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto v, LoadVirtualAccount(tx, va));
    ENT_TRY(Require(tx, actor, Action::kManageAssets, domain::VirtualAccountRef{v.smart_account_id, va}));
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto token, devices.FindToken(token_id));
    if (!token || token->virtual_account_id != va) return NotFound();
    if (token->revoked_at) return Ok();  // revoking twice changes nothing
    ENT_TRY(devices.RevokeToken(token_id, now));
    return Audit(
        tx, actor, now,
        {"token.revoke", "registration_token", std::to_string(token_id),
         boost::json::object{{"description", token->description}}, std::nullopt, std::nullopt, v.smart_account_id});
}

Result<RegisteredDevice> RegisterDevice(storage::Transaction& tx, const Actor& actor, const NewDevice& input,
                                        Micros now) {
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto token, devices.FindTokenByHash(HashSecret(input.token)));
    if (!token) return FieldInvalid("token", "invalid_token", "field.registration_token_invalid");
    const auto status = domain::StatusOf(*token, now);
    if (status != domain::TokenStatus::kActive) {
        const std::string name(domain::TokenStatusName(status));
        return FieldInvalid("token", "token_" + name, "field.token_" + name);
    }
    ENT_ASSIGN_OR_RETURN(bool taken, devices.SerialTaken(token->smart_account_id, input.serial));
    if (taken) {
        Error e = FieldInvalid("serial", "taken", "field.taken");
        e.code = ErrorCode::kConflict;
        e.problem = Problem::kSerialTaken;
        e.message = "serial_taken";
        return e.With("serial", input.serial);
    }
    ENT_ASSIGN_OR_RETURN(bool counted, devices.UseToken(token->id));
    if (!counted) return FieldInvalid("token", "token_used_up", "field.token_used_up");
    RegisteredDevice out;
    out.secret = "ds_" + RandomToken(24);
    out.smart_account_id = token->smart_account_id;
    out.virtual_account_id = token->virtual_account_id;
    domain::Device d;
    d.smart_account_id = token->smart_account_id;
    d.virtual_account_id = token->virtual_account_id;
    d.name = input.name;
    d.serial = input.serial;
    d.product = input.product;
    d.deployment = input.deployment;
    d.secret_hash = HashSecret(out.secret);
    d.token_id = token->id;
    d.export_controlled = token->export_controlled;
    d.registered_at = now;
    ENT_ASSIGN_OR_RETURN(out.device_id, devices.InsertDevice(d));
    ENT_TRY(Audit(tx, actor, now,
                  {"device.register", "device", std::to_string(out.device_id), std::nullopt, DeviceJson(d),
                   std::nullopt, d.smart_account_id}));
    return out;
}

// Cost per report, in statements: one primary-key read of the device (to
// check its secret and find its VA), one UPDATE of last_seen_at, one DELETE
// of its usage rows and one INSERT per product used — all prepared once per
// connection and run in the batch's single transaction, so a batch of N
// devices using one product each costs 4N indexed statements and one commit.
// Reports are not audited one by one: they are the devices' own telemetry.
Result<std::optional<domain::Device>> FindDeviceBySecret(storage::Transaction& tx, std::int64_t device_id,
                                                         const std::string& secret) {
    ENT_ASSIGN_OR_RETURN(auto device, storage::DeviceRepository(tx).FindDevice(device_id));
    if (!device || !SameHash(device->secret_hash, HashSecret(secret))) return std::optional<domain::Device>();
    return device;
}

Result<domain::Device> AuthenticateDevice(storage::Transaction& tx, std::int64_t device_id,
                                          const std::string& secret) {
    ENT_ASSIGN_OR_RETURN(auto device, FindDeviceBySecret(tx, device_id, secret));
    if (device) return std::move(*device);
    Error e = MakeError(Problem::kDeviceUnauthorized);
    e.message = "device_credentials_invalid";
    e.fields.push_back({"device_secret", "invalid_secret", "field.invalid_device_secret", {}});
    return e;
}

Result<std::int64_t> RecordUsage(storage::Transaction& tx, const std::vector<UsageReport>& reports, Micros now) {
    storage::DeviceRepository devices(tx);
    for (size_t i = 0; i < reports.size(); ++i) {
        const auto& report = reports[i];
        ENT_ASSIGN_OR_RETURN(auto device, FindDeviceBySecret(tx, report.device_id, report.device_secret));
        if (!device) {
            Error e = MakeError(Problem::kDeviceUnauthorized).With("entry", std::to_string(i));
            e.fields.push_back(
                {"[" + std::to_string(i) + "].device_secret", "invalid_secret", "field.invalid_device_secret", {}});
            return e;
        }
        ENT_TRY(devices.Touch(device->id, now));
        ENT_TRY(devices.ReplaceUsage(device->id, device->virtual_account_id, report.usage));
    }
    return static_cast<std::int64_t>(reports.size());
}

Result<DevicePage> ListDevices(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                               std::optional<std::int64_t> va, const std::string& query, std::int64_t after_id,
                               int limit) {
    ENT_ASSIGN_OR_RETURN(auto vas, AssetScope(tx, actor, sa, va));
    ENT_ASSIGN_OR_RETURN(auto rows,
                         storage::DeviceRepository(tx).List({sa, std::move(vas), query}, after_id, limit + 1));
    DevicePage page;
    page.more = rows.size() > static_cast<size_t>(limit);
    if (page.more) rows.resize(static_cast<size_t>(limit));
    page.items = std::move(rows);
    return page;
}

Status DeleteDevice(storage::Transaction& tx, const Actor& actor, std::int64_t device_id, Micros now) {
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto device, devices.FindDevice(device_id));
    if (!device) return NotFound();
    ENT_TRY(Require(tx, actor, Action::kManageAssets,
                    domain::VirtualAccountRef{device->smart_account_id, device->virtual_account_id}));
    ENT_ASSIGN_OR_RETURN(auto usage, devices.Usage(device_id));
    ENT_TRY(devices.MarkDeleted(device_id, now));
    boost::json::object before = DeviceJson(*device);
    boost::json::array used;
    for (const auto& u : usage) used.push_back(boost::json::object{{"product", u.product}, {"count", u.count}});
    before["usage"] = std::move(used);
    return Audit(tx, actor, now,
                 {"device.delete", "device", std::to_string(device_id), before, std::nullopt, std::nullopt,
                  device->smart_account_id});
}

}  // namespace entitled::service
