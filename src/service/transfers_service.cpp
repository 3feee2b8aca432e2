#include "service/transfers_service.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "common/i18n.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/ledger.hpp"
#include "service/licenses_service.hpp"
#include "service/outbox.hpp"
#include "storage/account_repository.hpp"
#include "storage/order_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;
using domain::TransferEvent;
using domain::TransferStatus;

constexpr const char* kSystem = "system";

Error Illegal(TransferStatus status) {
    return MakeError(Problem::kIllegalTransition).With("status", std::string(domain::TransferStatusName(status)));
}

std::string StatusLabel(Locale locale, TransferStatus s) {
    return Translate(locale, "transfer.status." + std::string(domain::TransferStatusName(s)), {});
}

Result<domain::SmartAccount> LoadAccount(storage::Transaction& tx, std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto a, storage::AccountRepository(tx).FindAccount(id));
    if (!a) return NotFound();
    return std::move(*a);
}

Result<domain::Transfer> LoadVisible(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::TransferRepository(tx).FindByNumber(number));
    if (!row) return NotFound();
    ENT_TRY(Require(tx, actor, Action::kViewTransfer, domain::RefOf(*row)));
    return std::move(*row);
}

std::string Link(const MailContext& mail, const domain::Transfer& t) {
    return mail.base_url + "/transfers/" + t.number;
}

Status MailUser(storage::Transaction& tx, const domain::User& user, const std::string& template_name,
                mail::MailParams params, const MailContext& mail, Micros now) {
    params.emplace("name", user.name);
    ENT_TRY(EnqueueMail(tx, {user.email, user.locale, template_name, std::move(params)}, mail.base_url, now));
    return Ok();
}

// The transferor hears of the request and of every later status change.
Status MailTransferor(storage::Transaction& tx, const domain::Transfer& t, TransferStatus status,
                      const std::optional<std::string>& note, const MailContext& mail, Micros now) {
    if (!t.requested_by) return Ok();
    ENT_ASSIGN_OR_RETURN(auto user, storage::UserRepository(tx).FindById(*t.requested_by));
    if (!user) return Ok();
    return MailUser(tx, *user, "transfer_status",
                    {{"number", t.number},
                     {"status", StatusLabel(user->locale, status)},
                     {"source", t.source_name},
                     {"destination", t.destination_name},
                     {"note", note && !note->empty() ? *note : "-"},
                     {"link", Link(mail, t)}},
                    mail, now);
}

Status MailTransferee(storage::Transaction& tx, const domain::Transfer& t, const MailContext& mail, Micros now) {
    if (!t.transferee_email) return Ok();
    ENT_ASSIGN_OR_RETURN(auto user, storage::UserRepository(tx).FindByEmail(*t.transferee_email));
    if (!user) return Ok();
    return MailUser(tx, *user, "transfer_consent",
                    {{"number", t.number},
                     {"requester", t.requester_name + " (" + t.requester_company + ")"},
                     {"source", t.source_name},
                     {"destination", t.destination_name},
                     {"justification", t.justification},
                     {"link", Link(mail, t)}},
                    mail, now);
}

Status MailComplianceOfficers(storage::Transaction& tx, const domain::Transfer& t, const MailContext& mail,
                              Micros now) {
    ENT_ASSIGN_OR_RETURN(auto officers, storage::UserRepository(tx).WithFlag(domain::Flag::kCompliance));
    for (const auto& officer : officers) {
        ENT_TRY(MailUser(tx, officer, "transfer_screening",
                         {{"number", t.number},
                          {"source", t.source_name},
                          {"destination", t.destination_name},
                          {"link", Link(mail, t)}},
                         mail, now));
    }
    return Ok();
}

// Gives back every asset still pending: the transfer leaves everything where it was.
Status ReleaseAll(storage::Transaction& tx, const domain::Transfer& t, Micros now) {
    storage::TransferRepository transfers(tx);
    storage::LicenseRepository licenses(tx);
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto assets, transfers.Assets(t.id));
    for (const auto& a : assets) {
        if (a.outcome != domain::AssetOutcome::kPending) continue;
        if (a.kind == domain::AssetKind::kLicense) {
            ENT_ASSIGN_OR_RETURN(auto lot, licenses.FindLot(*a.license_lot_id));
            if (lot) ENT_TRY(Post(licenses, *lot, domain::LedgerKind::kRelease, a.quantity, t.number, now));
        } else {
            ENT_TRY(devices.Release(*a.device_id, t.id));
        }
        ENT_TRY(transfers.SetOutcome(a.id, domain::AssetOutcome::kReleased, std::nullopt));
    }
    return Ok();
}

// Applies `event`, records it, releases the assets when the transfer ends
// without moving them, and tells the transferor.
Status Transition(storage::Transaction& tx, domain::Transfer& t, TransferEvent event, const std::string& actor,
                  const std::optional<std::string>& note, const MailContext& mail, Micros now) {
    const auto next = domain::Next(t.status, event);
    if (!next) return Illegal(t.status);
    storage::TransferRepository transfers(tx);
    ENT_ASSIGN_OR_RETURN(bool changed, transfers.SetStatus(t.id, t.status, *next, now));
    if (!changed) return Illegal(t.status);  // someone else moved it first; the caller retries on a fresh view
    ENT_TRY(transfers.AddHistory(t.id, *next, now, actor, note));
    if (*next == TransferStatus::kCancelled || *next == TransferStatus::kComplianceScreeningRejected) {
        ENT_TRY(ReleaseAll(tx, t, now));
    }
    t.status = *next;
    return MailTransferor(tx, t, *next, note, mail, now);
}

Result<TransferView> BuildView(storage::Transaction& tx, const Actor& actor, domain::Transfer row) {
    storage::TransferRepository transfers(tx);
    TransferView view;
    ENT_ASSIGN_OR_RETURN(view.assets, transfers.Assets(row.id));
    ENT_ASSIGN_OR_RETURN(view.history, transfers.History(row.id));
    view.allowed_actions = domain::TransferActions(PrincipalOf(actor), row);
    view.transfer = std::move(row);
    return view;
}

// What of `source` could be transferred, given that the devices whose usage
// is in `moving` go along (their licenses are not "in use by devices that stay").
Result<EligibleAssets> Eligibility(storage::Transaction& tx, std::int64_t source, Micros now,
                                   const std::map<domain::PoolKey, std::int64_t>& moving) {
    storage::LicenseRepository repo(tx);
    const storage::LotScope scope{source, std::nullopt, std::nullopt};
    ENT_ASSIGN_OR_RETURN(auto lots, repo.All(scope));
    ENT_ASSIGN_OR_RETURN(auto usage, repo.InUse(scope, now));
    ENT_ASSIGN_OR_RETURN(auto vas, storage::AccountRepository(tx).VirtualAccounts(source));
    std::map<std::int64_t, std::string> va_names;
    for (const auto& v : vas) va_names[v.id] = v.name;
    std::map<domain::PoolKey, std::int64_t> staying;
    for (const auto& u : usage) {
        const auto it = moving.find(u.pool);
        staying[u.pool] = u.in_use - (it == moving.end() ? 0 : it->second);
    }
    EligibleAssets out;
    const auto used = InUseByLot(lots, staying, now);
    for (const auto& lot : lots) {
        if (lot.ExpiredAt(now)) continue;
        const auto it = used.find(lot.id);
        const std::int64_t in_use = it == used.end() ? 0 : it->second;
        const auto eligibility = domain::EligibilityOf(lot, in_use);
        out.licenses.push_back(
            {lot, va_names[lot.virtual_account_id], in_use, eligibility.transferable, eligibility.reason});
    }
    ENT_ASSIGN_OR_RETURN(auto devices, storage::DeviceRepository(tx).List({source, std::nullopt, ""}, 0, 1'000'000));
    out.devices.reserve(devices.size());
    for (auto& d : devices) {
        const auto reason = domain::EligibilityOf(d);
        out.devices.push_back({std::move(d), reason});
    }
    return out;
}

std::string TransferNumber(int year, std::int64_t sequence) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "AT-%04d-%06lld", year, static_cast<long long>(sequence));
    return buf;
}

struct CheckedRequest {
    domain::SmartAccount source;
    domain::SmartAccount destination;
    std::vector<domain::Device> devices;
};

// Everything about a request that names a field, checked before anything changes.
Result<CheckedRequest> CheckRequest(storage::Transaction& tx, const Actor& actor, const NewTransfer& in, Micros now) {
    storage::AccountRepository accounts(tx);
    CheckedRequest out;
    ENT_ASSIGN_OR_RETURN(out.source, LoadAccount(tx, in.source_smart_account_id));
    ENT_TRY(Require(tx, actor, Action::kTransferAssets, domain::AccountRef{out.source.id}));
    if (in.destination_smart_account_id == out.source.id) {
        return FieldInvalid("destination_smart_account_id", "same_account", "field.same_account");
    }
    ENT_ASSIGN_OR_RETURN(auto destination, accounts.FindAccount(in.destination_smart_account_id));
    if (!destination) return FieldInvalid("destination_smart_account_id", "unknown_account", "field.unknown_account");
    out.destination = std::move(*destination);
    ENT_TRY(Require(tx, actor, Action::kTransferAssets, domain::AccountRef{out.destination.id}));
    ENT_ASSIGN_OR_RETURN(auto va, accounts.FindVirtualAccount(in.destination_virtual_account_id));
    if (!va || va->smart_account_id != out.destination.id) {
        return FieldInvalid("destination_virtual_account_id", "not_in_account", "field.not_in_account");
    }
    // The rules every license movement obeys, asked now so the request fails before anything is reserved.
    const domain::MoveEnd from{out.source.id, 0, out.source.kind, out.source.status};
    const domain::MoveEnd to{out.destination.id, va->id, out.destination.kind, out.destination.status};
    if (domain::CheckLicenseMove(domain::MoveCause::kTransfer, from, to, 0, 0)) {
        return FieldInvalid("destination_smart_account_id", "not_active_customer", "field.not_active_customer");
    }
    if (!in.same_legal_entity) {
        ENT_ASSIGN_OR_RETURN(auto transferee, storage::UserRepository(tx).FindByEmail(*in.transferee_email));
        bool member = false;
        if (transferee) {
            ENT_ASSIGN_OR_RETURN(auto roles, accounts.RolesOf(out.destination.id, transferee->id));
            member = !roles.empty();
        }
        if (!member) return FieldInvalid("transferee_email", "not_a_member", "field.not_a_member");
    }

    std::vector<FieldError> errors;
    std::map<domain::PoolKey, std::int64_t> moving;  // devices' usage, of the device pools
    storage::DeviceRepository devices(tx);
    std::set<std::int64_t> seen_devices;
    for (size_t i = 0; i < in.devices.size(); ++i) {
        const std::string field = "devices[" + std::to_string(i) + "]";
        ENT_ASSIGN_OR_RETURN(auto d, devices.FindDevice(in.devices[i]));
        if (!d || d->smart_account_id != out.source.id) {
            errors.push_back({field, "unknown_device", "field.unknown_device", {}});
        } else if (!seen_devices.insert(d->id).second) {
            errors.push_back({field, "duplicate", "field.duplicate", {}});
        } else if (const auto reason = domain::EligibilityOf(*d)) {
            const std::string name(domain::IneligibilityName(*reason));
            errors.push_back({field, name, "field.ineligible_" + name, {}});
        } else {
            ENT_ASSIGN_OR_RETURN(auto usage, devices.Usage(d->id));
            for (const auto& u : usage) {
                moving[{d->virtual_account_id, u.product, domain::LicenseModel::kDevice}] += u.count;
            }
            out.devices.push_back(std::move(*d));
        }
    }
    ENT_ASSIGN_OR_RETURN(auto eligible, Eligibility(tx, out.source.id, now, moving));
    std::map<std::int64_t, const EligibleLicense*> by_id;
    for (const auto& e : eligible.licenses) by_id[e.lot.id] = &e;
    std::set<std::int64_t> seen_lots;
    for (size_t i = 0; i < in.licenses.size(); ++i) {
        const std::string prefix = "licenses[" + std::to_string(i) + "].";
        const auto& req = in.licenses[i];
        const auto it = by_id.find(req.license_id);
        if (it == by_id.end()) {
            errors.push_back({prefix + "license_id", "unknown_license", "field.unknown_license", {}});
        } else if (!seen_lots.insert(req.license_id).second) {
            errors.push_back({prefix + "license_id", "duplicate", "field.duplicate", {}});
        } else if (it->second->reason == domain::Ineligibility::kEnterpriseAgreement) {
            errors.push_back(
                {prefix + "license_id", "enterprise_agreement", "field.ineligible_enterprise_agreement", {}});
        } else if (req.quantity > it->second->transferable) {
            const auto reason = it->second->reason.value_or(domain::Ineligibility::kInUse);
            errors.push_back({prefix + "quantity",
                              std::string(domain::IneligibilityName(reason)),
                              "field.transferable_at_most",
                              {{"max", std::to_string(it->second->transferable)}}});
        }
    }
    if (!errors.empty()) return ValidationError(std::move(errors));
    return out;
}

Status ReserveAssets(storage::Transaction& tx, const domain::Transfer& t, const NewTransfer& in,
                     const CheckedRequest& checked, Micros now) {
    storage::TransferRepository transfers(tx);
    storage::LicenseRepository licenses(tx);
    for (const auto& req : in.licenses) {
        ENT_ASSIGN_OR_RETURN(auto lot, licenses.FindLot(req.license_id));
        ENT_TRY(Post(licenses, *lot, domain::LedgerKind::kReserve, req.quantity, t.number, now));
        ENT_TRY(transfers.InsertAsset({0, t.id, domain::AssetKind::kLicense, lot->id, std::nullopt, lot->product,
                                       req.quantity, domain::AssetOutcome::kPending, std::nullopt, std::nullopt,
                                       std::nullopt}));
    }
    storage::DeviceRepository devices(tx);
    for (const auto& d : checked.devices) {
        ENT_ASSIGN_OR_RETURN(bool claimed, devices.Reserve(d.id, t.id));
        if (!claimed) {
            return MakeError(Problem::kAssetInOpenTransfer).With("asset", d.name);
        }
        ENT_TRY(transfers.InsertAsset({0, t.id, domain::AssetKind::kDevice, std::nullopt, d.id, d.product, 1,
                                       domain::AssetOutcome::kPending, std::nullopt, std::nullopt, std::nullopt}));
    }
    return Ok();
}

// --- Automatic steps ---------------------------------------------------------

Result<std::int64_t> PendingAssets(storage::Transaction& tx, std::int64_t transfer_id) {
    ENT_ASSIGN_OR_RETURN(auto assets, storage::TransferRepository(tx).Assets(transfer_id));
    std::int64_t n = 0;
    for (const auto& a : assets) n += a.outcome == domain::AssetOutcome::kPending ? 1 : 0;
    return n;
}

// Validation: each reserved asset must still be there; the ones that are not fail now.
Status Validate(storage::Transaction& tx, domain::Transfer& t, const MailContext& mail, Micros now) {
    storage::TransferRepository transfers(tx);
    storage::LicenseRepository licenses(tx);
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto assets, transfers.Assets(t.id));
    std::int64_t ok = 0;
    for (const auto& a : assets) {
        if (a.outcome != domain::AssetOutcome::kPending) continue;
        if (a.kind == domain::AssetKind::kLicense) {
            ENT_ASSIGN_OR_RETURN(auto lot, licenses.FindLot(*a.license_lot_id));
            if (lot && lot->ExpiredAt(now)) {
                ENT_TRY(Post(licenses, *lot, domain::LedgerKind::kRelease, a.quantity, t.number, now));
                ENT_TRY(transfers.SetOutcome(a.id, domain::AssetOutcome::kFailed, domain::AssetFailure::kExpired));
                continue;
            }
        } else {
            ENT_ASSIGN_OR_RETURN(auto d, devices.FindDevice(*a.device_id));
            if (!d || d->reserved_by_transfer != t.id) {
                ENT_TRY(devices.Release(*a.device_id, t.id));
                ENT_TRY(
                    transfers.SetOutcome(a.id, domain::AssetOutcome::kFailed, domain::AssetFailure::kDeviceDeleted));
                continue;
            }
        }
        ++ok;
    }
    return Transition(tx, t, TransferEvent::kValidated, kSystem,
                      std::to_string(ok) + "/" + std::to_string(assets.size()) + " eligible", mail, now);
}

// The automatic screening rules; the reason of the first that refuses.
Result<std::optional<std::string>> BrokenRule(storage::Transaction& tx, const domain::Transfer& t) {
    ENT_ASSIGN_OR_RETURN(auto source, LoadAccount(tx, t.source_smart_account_id));
    ENT_ASSIGN_OR_RETURN(auto destination, LoadAccount(tx, t.destination_smart_account_id));
    if (destination.status != domain::AccountStatus::kActive) {
        return std::optional<std::string>("destination account is not active");
    }
    storage::LicenseRepository licenses(tx);
    storage::OrderRepository orders(tx);
    ENT_ASSIGN_OR_RETURN(auto assets, storage::TransferRepository(tx).Assets(t.id));
    for (const auto& a : assets) {
        if (a.kind != domain::AssetKind::kLicense || a.outcome != domain::AssetOutcome::kPending) continue;
        ENT_ASSIGN_OR_RETURN(auto lot, licenses.FindLot(*a.license_lot_id));
        if (!lot) continue;
        ENT_ASSIGN_OR_RETURN(auto root, licenses.FindLot(lot->root()));
        if (!root || !root->source_order_line_id) continue;
        ENT_ASSIGN_OR_RETURN(auto line, orders.Line(*root->source_order_line_id));
        if (!line) continue;
        ENT_ASSIGN_OR_RETURN(auto order, orders.FindById(line->order_id));
        if (order && order->export_hold) {
            return std::optional<std::string>("export hold on order " + order->sales_order_number);
        }
    }
    if (t.same_legal_entity && source.legal_entity_name && destination.legal_entity_name) {
        auto lower = [](std::string s) {
            for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        if (lower(*source.legal_entity_name) != lower(*destination.legal_entity_name) ||
            source.legal_entity_country != destination.legal_entity_country) {
            return std::optional<std::string>("same legal entity claimed, but the accounts record " +
                                              *source.legal_entity_name + " and " + *destination.legal_entity_name);
        }
    }
    return std::optional<std::string>();
}

Status Screen(storage::Transaction& tx, domain::Transfer& t, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto broken, BrokenRule(tx, t));
    if (broken) return Transition(tx, t, TransferEvent::kRulesFailed, kSystem, *broken, mail, now);
    if (t.same_legal_entity) {
        return Transition(tx, t, TransferEvent::kRulesPassed, kSystem, "automatic screening passed", mail, now);
    }
    // A different legal entity: a compliance officer decides.
    ENT_TRY(storage::TransferRepository(tx).SetRulesPassed(t.id, now));
    return MailComplianceOfficers(tx, t, mail, now);
}

// Moves one license asset through the one license movement, or says why it
// cannot move (it then stays with the source, its reservation released).
Result<std::optional<domain::AssetFailure>> MoveLicenseAsset(storage::Transaction& tx, const domain::Transfer& t,
                                                             const domain::TransferAsset& a, Micros now) {
    storage::LicenseRepository licenses(tx);
    ENT_ASSIGN_OR_RETURN(auto lot, licenses.FindLot(*a.license_lot_id));
    if (!lot || lot->reserved < a.quantity) return std::optional(domain::AssetFailure::kNotReserved);
    const Actor system = Actor::Cli();
    auto moved = MoveLicenses(tx, system,
                              {domain::MoveCause::kTransfer, ReservedLicenses{*lot, a.quantity},
                               t.destination_virtual_account_id, nullptr, t.number},
                              now);
    if (moved.ok()) return std::optional<domain::AssetFailure>();
    std::optional<domain::AssetFailure> failure;
    switch (moved.error().problem) {
        case Problem::kLicensesExpired:
            failure = domain::AssetFailure::kExpired;
            break;
        case Problem::kSmartAccountNotActive:
        case Problem::kValidationFailed:  // not a customer's account, or the destination VA is gone
            failure = domain::AssetFailure::kDestinationUnavailable;
            break;
        case Problem::kInsufficientLicenses:
            return std::optional(domain::AssetFailure::kNotReserved);
        default:
            return std::move(moved).error();
    }
    ENT_TRY(Post(licenses, *lot, domain::LedgerKind::kRelease, a.quantity, t.number, now));
    return failure;
}

Result<std::optional<domain::AssetFailure>> MoveDeviceAsset(storage::Transaction& tx, const domain::Transfer& t,
                                                            const domain::TransferAsset& a, Micros now) {
    storage::DeviceRepository devices(tx);
    ENT_ASSIGN_OR_RETURN(auto d, devices.FindDevice(*a.device_id));
    if (!d || d->reserved_by_transfer != t.id) {
        ENT_TRY(devices.Release(*a.device_id, t.id));
        return std::optional(domain::AssetFailure::kDeviceDeleted);
    }
    ENT_ASSIGN_OR_RETURN(bool taken, devices.SerialTaken(t.destination_smart_account_id, d->serial));
    if (taken) {
        ENT_TRY(devices.Release(d->id, t.id));
        return std::optional(domain::AssetFailure::kSerialTaken);
    }
    ENT_TRY(devices.MoveTo(d->id, t.destination_smart_account_id, t.destination_virtual_account_id, now));
    return std::optional<domain::AssetFailure>();
}

Status Execute(storage::Transaction& tx, domain::Transfer& t, const MailContext& mail, Micros now) {
    storage::TransferRepository transfers(tx);
    ENT_ASSIGN_OR_RETURN(auto assets, transfers.Assets(t.id));
    std::int64_t moved = 0;
    std::int64_t failed = 0;
    for (const auto& a : assets) {
        if (a.outcome != domain::AssetOutcome::kPending) {
            failed += a.outcome == domain::AssetOutcome::kFailed ? 1 : 0;
            continue;
        }
        std::optional<domain::AssetFailure> why;
        if (a.kind == domain::AssetKind::kLicense) {
            ENT_ASSIGN_OR_RETURN(why, MoveLicenseAsset(tx, t, a, now));
        } else {
            ENT_ASSIGN_OR_RETURN(why, MoveDeviceAsset(tx, t, a, now));
        }
        ENT_TRY(transfers.SetOutcome(a.id, why ? domain::AssetOutcome::kFailed : domain::AssetOutcome::kMoved, why));
        (why ? failed : moved) += 1;
    }
    const Actor system = Actor::Cli();
    for (auto sa : {t.source_smart_account_id, t.destination_smart_account_id}) {
        ENT_TRY(Audit(tx, system, now,
                      {"transfer.execute", "transfer", t.number, std::nullopt,
                       boost::json::object{{"moved", moved}, {"failed", failed}}, std::nullopt, sa}));
    }
    return Transition(tx, t, failed == 0 ? TransferEvent::kExecutedAll : TransferEvent::kExecutedPartly, kSystem,
                      std::to_string(moved) + " moved, " + std::to_string(failed) + " failed", mail, now);
}

// One automatic step for transfer `id`; false when it waits for a person.
Result<bool> Step(storage::Transaction& tx, std::int64_t id, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::TransferRepository(tx).FindById(id));
    if (!row) return false;
    auto& t = *row;
    switch (t.status) {
        case TransferStatus::kValidationInitiated:
            ENT_TRY(Validate(tx, t, mail, now));
            return true;
        case TransferStatus::kValidationCompleted: {
            ENT_ASSIGN_OR_RETURN(auto pending, PendingAssets(tx, t.id));
            ENT_TRY(Transition(tx, t, pending > 0 ? TransferEvent::kReadyToSubmit : TransferEvent::kNothingEligible,
                               kSystem, std::nullopt, mail, now));
            return true;
        }
        case TransferStatus::kSubmitted:
            if (t.same_legal_entity) {
                ENT_TRY(Transition(tx, t, TransferEvent::kSameLegalEntity, kSystem, std::nullopt, mail, now));
            } else {
                ENT_TRY(Transition(tx, t, TransferEvent::kOtherLegalEntity, kSystem, std::nullopt, mail, now));
                ENT_TRY(MailTransferee(tx, t, mail, now));
            }
            return true;
        case TransferStatus::kComplianceScreening:
            if (t.rules_passed_at) return false;
            ENT_TRY(Screen(tx, t, mail, now));
            return true;
        case TransferStatus::kTransferInitiated:
            ENT_TRY(Execute(tx, t, mail, now));
            return true;
        default:
            return false;
    }
}

// Cancels a transfer that waited for a person past the policy, releasing its
// reservations; the requester is told why, in their language.
Result<bool> Abandon(storage::Transaction& tx, std::int64_t id, const MailContext& mail, Micros now,
                     const TransferPolicy& policy) {
    ENT_ASSIGN_OR_RETURN(auto row, storage::TransferRepository(tx).FindById(id));
    if (!row || !domain::Abandoned(row->status, row->updated_at, now, policy.abandon_after)) return false;
    Locale locale = Locale::kEn;
    if (row->requested_by) {
        ENT_ASSIGN_OR_RETURN(auto user, storage::UserRepository(tx).FindById(*row->requested_by));
        if (user) locale = user->locale;
    }
    const auto days = std::to_string(policy.abandon_after / kMicrosPerDay);
    const std::string note =
        Translate(locale, "transfer.abandoned_note", {{"days", days}, {"status", StatusLabel(locale, row->status)}});
    ENT_TRY(Transition(tx, *row, TransferEvent::kAbandoned, kSystem, note, mail, now));
    return true;
}

}  // namespace

Result<EligibleAssets> EligibleAssetsOf(storage::Transaction& tx, const Actor& actor, std::int64_t source, Micros now) {
    ENT_TRY(LoadAccount(tx, source));
    // Reading what could move changes nothing: licensing support needs its case only to request.
    if (!Allowed(actor, Action::kTransferAssets, domain::AccountRef{source})) {
        ENT_TRY(Require(tx, actor, Action::kTransferAssets, domain::AccountRef{source}));
    }
    return Eligibility(tx, source, now, {});
}

Result<TransferView> RequestTransfer(storage::Transaction& tx, const Actor& actor, const NewTransfer& in,
                                     const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto checked, CheckRequest(tx, actor, in, now));
    storage::TransferRepository transfers(tx);
    const int year = std::stoi(FormatRfc3339(now).substr(0, 4));
    ENT_ASSIGN_OR_RETURN(auto sequence, transfers.NextSequence(year));
    domain::Transfer t;
    t.number = TransferNumber(year, sequence);
    t.status = TransferStatus::kValidationInitiated;
    t.source_smart_account_id = checked.source.id;
    t.destination_smart_account_id = checked.destination.id;
    t.destination_virtual_account_id = in.destination_virtual_account_id;
    t.same_legal_entity = in.same_legal_entity;
    if (!in.same_legal_entity) t.transferee_email = in.transferee_email;
    t.justification = in.justification;
    t.requester_name = in.requester_name;
    t.requester_phone = in.requester_phone;
    t.requester_company = in.requester_company;
    t.requested_by = actor.user_id();
    t.requested_by_label = actor.label;
    t.case_number = actor.case_number;
    t.terms_accepted_at = now;
    t.created_at = now;
    t.updated_at = now;
    t.source_name = checked.source.name;
    t.destination_name = checked.destination.name;
    ENT_ASSIGN_OR_RETURN(t.id, transfers.Insert(t));
    ENT_TRY(ReserveAssets(tx, t, in, checked, now));
    ENT_TRY(transfers.AddHistory(t.id, t.status, now, actor.label, std::nullopt));
    ENT_TRY(Audit(tx, actor, now,
                  {"transfer.request", "transfer", t.number, std::nullopt,
                   boost::json::object{{"destination", checked.destination.name},
                                       {"licenses", static_cast<std::int64_t>(in.licenses.size())},
                                       {"devices", static_cast<std::int64_t>(in.devices.size())}},
                   std::nullopt, t.source_smart_account_id}));
    ENT_TRY(MailTransferor(tx, t, t.status, std::nullopt, mail, now));
    ENT_ASSIGN_OR_RETURN(auto row, transfers.FindById(t.id));
    return BuildView(tx, actor, std::move(*row));
}

Result<TransferView> GetTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number) {
    ENT_ASSIGN_OR_RETURN(auto row, LoadVisible(tx, actor, number));
    return BuildView(tx, actor, std::move(row));
}

Result<std::vector<TransferListItem>> ListTransfers(storage::Transaction& tx, const Actor& actor,
                                                    storage::TransferFilter filter) {
    ENT_TRY(Require(tx, actor, Action::kSignedIn));
    if (filter.role == storage::TransferFilter::Role::kCompliance) {
        ENT_TRY(Require(tx, actor, Action::kViewComplianceQueue));
    }
    filter.audience = domain::TransferAudience(PrincipalOf(actor));
    storage::TransferRepository transfers(tx);
    ENT_ASSIGN_OR_RETURN(auto rows, transfers.List(filter));
    std::vector<TransferListItem> out;
    out.reserve(rows.size());
    for (auto& r : rows) {
        TransferListItem item;
        ENT_ASSIGN_OR_RETURN(item.asset_count, transfers.CountAssets(r.id));
        item.allowed_actions = domain::TransferActions(PrincipalOf(actor), r);
        item.transfer = std::move(r);
        out.push_back(std::move(item));
    }
    return out;
}

Result<TransferView> SubmitTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                    const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto t, LoadVisible(tx, actor, number));
    ENT_TRY(Require(tx, actor, Action::kActForSource, domain::RefOf(t)));
    ENT_TRY(Transition(tx, t, TransferEvent::kSubmit, actor.label, std::nullopt, mail, now));
    return GetTransfer(tx, actor, number);
}

Result<TransferView> CancelTransfer(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                    const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto t, LoadVisible(tx, actor, number));
    ENT_TRY(Require(tx, actor, Action::kActForSource, domain::RefOf(t)));
    ENT_TRY(Transition(tx, t, TransferEvent::kCancel, actor.label, std::nullopt, mail, now));
    return GetTransfer(tx, actor, number);
}

Result<TransferView> DecideConsent(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                   bool approve, const std::string& comment, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto t, LoadVisible(tx, actor, number));
    ENT_TRY(Require(tx, actor, Action::kActForDestination, domain::RefOf(t)));
    if (!approve && comment.empty()) return FieldInvalid("comment", "required", "field.required");
    const std::optional<std::string> note = comment.empty() ? std::nullopt : std::optional<std::string>(comment);
    ENT_TRY(Transition(tx, t, approve ? TransferEvent::kConsentApproved : TransferEvent::kConsentRejected, actor.label,
                       note, mail, now));
    return GetTransfer(tx, actor, number);
}

Result<TransferView> DecideScreening(storage::Transaction& tx, const Actor& actor, const std::string& number,
                                     bool approve, const std::string& reason, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto t, LoadVisible(tx, actor, number));
    ENT_TRY(Require(tx, actor, Action::kScreenTransfer, domain::RefOf(t)));
    if (t.status != TransferStatus::kComplianceScreening || !t.rules_passed_at) return Illegal(t.status);
    if (!approve && reason.empty()) return FieldInvalid("reason", "required", "field.required");
    const std::optional<std::string> note = reason.empty() ? std::nullopt : std::optional<std::string>(reason);
    ENT_TRY(Transition(tx, t, approve ? TransferEvent::kScreeningApproved : TransferEvent::kScreeningRejected,
                       actor.label, note, mail, now));
    return GetTransfer(tx, actor, number);
}

Result<int> AdvanceTransfers(storage::Database& db, const MailContext& mail, Micros now, const TransferPolicy& policy) {
    // One step per transfer per round: every status is visible for a round
    // (the UI shows it, `jobs run` steps through it), and a long queue is
    // served in order.
    ENT_ASSIGN_OR_RETURN(auto due, db.Run(storage::TxMode::kRead, [](storage::Transaction& tx) {
        return storage::TransferRepository(tx).Due(500);
    }));
    int steps = 0;
    for (auto id : due) {
        ENT_ASSIGN_OR_RETURN(bool stepped, db.Run(storage::TxMode::kWrite,
                                                  [&](storage::Transaction& tx) { return Step(tx, id, mail, now); }));
        steps += stepped ? 1 : 0;
    }
    ENT_ASSIGN_OR_RETURN(auto waiting, db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
        return storage::TransferRepository(tx).WaitingSince(now - policy.abandon_after, 500);
    }));
    for (auto id : waiting) {
        ENT_ASSIGN_OR_RETURN(bool cancelled, db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
            return Abandon(tx, id, mail, now, policy);
        }));
        steps += cancelled ? 1 : 0;
    }
    return steps;
}

}  // namespace entitled::service
