#include "service/accounts_service.hpp"

#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/identity_service.hpp"
#include "service/licenses_service.hpp"
#include "service/outbox.hpp"
#include "storage/device_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

using domain::Action;

std::string ProblemCodeOf(const Error& e) { return std::string(ProblemName(e.problem)); }

boost::json::object AccountJson(const domain::SmartAccount& a) {
    return {{"id", a.id},
            {"name", a.name},
            {"domain", a.domain},
            {"kind", domain::AccountKindName(a.kind)},
            {"status", domain::AccountStatusName(a.status)}};
}

Status AuditAccount(storage::Transaction& tx, const Actor& actor, Micros now, std::int64_t sa, std::string action,
                    std::string target_type, std::string target_id, std::optional<boost::json::value> before,
                    std::optional<boost::json::value> after, std::optional<std::string> reason = std::nullopt) {
    AuditChange change{std::move(action),
                       std::move(target_type),
                       std::move(target_id),
                       std::move(before),
                       std::move(after),
                       std::move(reason),
                       sa};
    return Audit(tx, actor, now, change);
}

Result<domain::SmartAccount> LoadAccount(storage::Transaction& tx, std::int64_t id) {
    ENT_ASSIGN_OR_RETURN(auto a, storage::AccountRepository(tx).FindAccount(id));
    if (!a) return NotFound();
    return std::move(*a);
}

// The VA must belong to the account; otherwise the caller named something it cannot see.
Result<domain::VirtualAccount> LoadVirtualAccountOf(storage::Transaction& tx, std::int64_t sa, std::int64_t va) {
    ENT_ASSIGN_OR_RETURN(auto v, storage::AccountRepository(tx).FindVirtualAccount(va));
    if (!v || v->smart_account_id != sa) {
        return FieldInvalid("virtual_account_id", "not_found", "field.not_in_account");
    }
    return std::move(*v);
}

std::string RoleLabel(domain::Role r) { return std::string(domain::RoleName(r)); }

Status MailInvitation(storage::Transaction& tx, const Actor& actor, const domain::SmartAccount& account,
                      const domain::Invitation& inv, const std::string& token, const std::string& note, Locale locale,
                      const MailContext& mail, Micros now) {
    mail::MailParams params{{"inviter_name", actor.user ? actor.user->name : "entitled"},
                            {"account_name", account.name},
                            {"role", RoleLabel(inv.role)},
                            {"note", note},
                            {"expires_at", FormatRfc3339(inv.expires_at).substr(0, 10)},
                            {"link", mail.base_url + "/accept-invitation?token=" + token}};
    ENT_TRY(EnqueueMail(tx, {inv.email, locale, "invitation", params}, mail.base_url, now));
    return Ok();
}

}  // namespace

Result<Locale> LocaleFor(storage::Transaction& tx, const std::string& email, Locale fallback) {
    ENT_ASSIGN_OR_RETURN(auto user, storage::UserRepository(tx).FindByEmail(email));
    return user ? user->locale : fallback;
}

Status LoadMemberships(storage::Transaction& tx, Actor& actor) {
    if (!actor.user) return Ok();
    ENT_ASSIGN_OR_RETURN(actor.memberships, storage::AccountRepository(tx).MembershipsOf(actor.user->id));
    return Ok();
}

Status CheckDomainFree(storage::Transaction& tx, const std::string& domain_name) {
    ENT_ASSIGN_OR_RETURN(auto existing, storage::AccountRepository(tx).FindLiveByDomain(domain_name));
    if (!existing) return Ok();
    Error e = MakeError(Problem::kDomainTaken);
    e.With("domain", domain_name).With("account_name", existing->name).With("account_id", std::to_string(existing->id));
    e.With("status", std::string(domain::AccountStatusName(existing->status)));
    e.fields.push_back({"domain", "taken", "field.domain_taken", {{"account_name", existing->name}}});
    return e;
}

Result<domain::SmartAccount> CreateAccount(storage::Transaction& tx, const Actor& actor, const NewAccount& input,
                                           Micros now) {
    ENT_TRY(Require(tx, actor, Action::kSignedIn));
    if (!actor.user) return MakeError(Problem::kUnauthenticated);  // the console has no user to make its sa_admin
    ENT_TRY(CheckDomainFree(tx, input.domain));
    storage::AccountRepository accounts(tx);
    domain::SmartAccount row;
    row.name = input.name;
    row.domain = input.domain;
    row.kind = input.kind;
    row.status = domain::AccountStatus::kActive;
    row.legal_entity_name = input.legal_entity_name;
    row.legal_entity_country = input.legal_entity_country;
    row.created_at = now;
    row.activated_at = now;
    auto id = accounts.InsertAccount(row, actor.user->id);
    // Two requests for one domain at once: the unique index decides.
    if (!id.ok() && id.error().problem == Problem::kUniqueViolation) return CheckDomainFree(tx, input.domain).error();
    if (!id.ok()) return std::move(id).error();
    row.id = *id;
    ENT_ASSIGN_OR_RETURN(auto va, accounts.InsertVirtualAccount(row.id, domain::kDefaultVirtualAccount, "", now));
    ENT_TRY(accounts.InsertMembership(row.id, actor.user->id, domain::Role::kSaAdmin, std::nullopt, now));
    ENT_TRY(AuditAccount(tx, actor, now, row.id, "account.create", "smart_account", std::to_string(row.id),
                         std::nullopt, AccountJson(row)));
    (void)va;
    return row;
}

namespace {

VirtualAccountView ViewOf(const Actor& actor, domain::VirtualAccount va) {
    VirtualAccountView view{std::move(va), {}};
    view.allowed_actions = domain::VirtualAccountActions(PrincipalOf(actor), {view.va.smart_account_id, view.va.id});
    return view;
}

Result<std::vector<VirtualAccountView>> VirtualAccountsOf(storage::Transaction& tx, const Actor& actor,
                                                          std::int64_t sa) {
    ENT_ASSIGN_OR_RETURN(auto vas, storage::AccountRepository(tx).VirtualAccounts(sa));
    std::vector<VirtualAccountView> out;
    out.reserve(vas.size());
    for (auto& va : vas) out.push_back(ViewOf(actor, std::move(va)));
    return out;
}

}  // namespace

Result<AccountView> GetAccount(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    ENT_TRY(Require(tx, actor, Action::kViewAccount, domain::AccountRef{id}));
    ENT_ASSIGN_OR_RETURN(auto account, LoadAccount(tx, id));
    AccountView view{std::move(account), {}, {}, {}};
    ENT_ASSIGN_OR_RETURN(view.virtual_accounts, VirtualAccountsOf(tx, actor, id));
    if (actor.user) {
        ENT_ASSIGN_OR_RETURN(view.my_roles, storage::AccountRepository(tx).RolesOf(id, actor.user->id));
    }
    view.allowed_actions = domain::AccountActions(PrincipalOf(actor), id);
    return view;
}

Result<std::vector<domain::SmartAccount>> SearchAccounts(storage::Transaction& tx, const Actor& actor,
                                                         storage::AccountSearch by, const std::string& query,
                                                         std::int64_t after_id, int limit) {
    ENT_TRY(Require(tx, actor, Action::kSignedIn));
    return storage::AccountRepository(tx).Search(by, query, actor.user_id().value_or(0), after_id, limit);
}

Result<AssetSummary> SummarizeAssets(storage::Transaction& tx, const Actor& actor, std::int64_t sa, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto lines, SummarizeLicenses(tx, actor, sa, std::nullopt, now));
    AssetSummary summary;
    summary.licenses = PerProduct(lines);
    const auto visible = domain::VisibleVirtualAccounts(PrincipalOf(actor), sa);
    ENT_ASSIGN_OR_RETURN(summary.devices, storage::DeviceRepository(tx).Count(sa, visible));
    return summary;
}

Result<VirtualAccountView> CreateVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                const std::string& name, const std::string& description, Micros now) {
    ENT_TRY(Require(tx, actor, Action::kManageVirtualAccounts, domain::AccountRef{sa}));
    ENT_TRY(LoadAccount(tx, sa));
    storage::AccountRepository accounts(tx);
    auto id = accounts.InsertVirtualAccount(sa, name, description, now);
    if (!id.ok() && id.error().problem == Problem::kUniqueViolation) {
        Error e = FieldInvalid("name", "taken", "field.taken");
        e.code = ErrorCode::kConflict;
        e.problem = Problem::kVirtualAccountNameTaken;
        e.message = "virtual_account_name_taken";
        return e.With("name", name);
    }
    if (!id.ok()) return std::move(id).error();
    domain::VirtualAccount row{*id, sa, name, description, now};
    ENT_TRY(AuditAccount(tx, actor, now, sa, "virtual_account.create", "virtual_account", std::to_string(*id),
                         std::nullopt, boost::json::object{{"name", name}, {"description", description}}));
    return ViewOf(actor, std::move(row));
}

Result<std::vector<VirtualAccountView>> ListVirtualAccounts(storage::Transaction& tx, const Actor& actor,
                                                            std::int64_t sa) {
    ENT_TRY(Require(tx, actor, Action::kViewAccount, domain::AccountRef{sa}));
    ENT_TRY(LoadAccount(tx, sa));
    return VirtualAccountsOf(tx, actor, sa);
}

Result<std::vector<domain::VirtualAccount>> AssignableVirtualAccounts(storage::Transaction& tx, const Actor& actor,
                                                                      std::int64_t sa) {
    ENT_TRY(Require(tx, actor, Action::kSignedIn));
    ENT_ASSIGN_OR_RETURN(auto account, LoadAccount(tx, sa));
    if (!domain::CanReceiveOrders(account.status)) return NotFound();
    return storage::AccountRepository(tx).VirtualAccounts(sa);
}

Result<VirtualAccountView> UpdateVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t va,
                                                const std::optional<std::string>& name,
                                                const std::optional<std::string>& description, Micros now) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto before, accounts.FindVirtualAccount(va));
    if (!before) return NotFound();
    ENT_TRY(Require(tx, actor, Action::kManageVirtualAccounts, domain::AccountRef{before->smart_account_id}));
    if (name && before->name == domain::kDefaultVirtualAccount && *name != before->name) {
        return MakeError(Problem::kDefaultVirtualAccount);
    }
    Status updated = accounts.UpdateVirtualAccount(va, name, description);
    if (!updated.ok() && updated.error().problem == Problem::kUniqueViolation) {
        Error e = FieldInvalid("name", "taken", "field.taken");
        e.code = ErrorCode::kConflict;
        e.problem = Problem::kVirtualAccountNameTaken;
        e.message = "virtual_account_name_taken";
        return e.With("name", name.value_or(""));
    }
    ENT_TRY(updated);
    ENT_ASSIGN_OR_RETURN(auto after, accounts.FindVirtualAccount(va));
    ENT_TRY(AuditAccount(tx, actor, now, before->smart_account_id, "virtual_account.update", "virtual_account",
                         std::to_string(va),
                         boost::json::object{{"name", before->name}, {"description", before->description}},
                         boost::json::object{{"name", after->name}, {"description", after->description}}));
    return ViewOf(actor, std::move(*after));
}

Status DeleteVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t va, Micros now) {
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto row, accounts.FindVirtualAccount(va));
    if (!row) return NotFound();
    ENT_TRY(Require(tx, actor, Action::kManageVirtualAccounts, domain::AccountRef{row->smart_account_id}));
    if (row->name == domain::kDefaultVirtualAccount) return MakeError(Problem::kDefaultVirtualAccount);
    ENT_ASSIGN_OR_RETURN(auto contents, accounts.ContentsOf(va));
    if (!domain::IsEmpty(contents)) return MakeError(Problem::kVirtualAccountNotEmpty).With("name", row->name);
    ENT_TRY(accounts.DeleteVirtualAccount(va, now));
    return AuditAccount(tx, actor, now, row->smart_account_id, "virtual_account.delete", "virtual_account",
                        std::to_string(va), boost::json::object{{"name", row->name}}, std::nullopt);
}

Result<MemberList> ListMembers(storage::Transaction& tx, const Actor& actor, std::int64_t sa) {
    ENT_TRY(Require(tx, actor, Action::kViewAccount, domain::AccountRef{sa}));
    ENT_TRY(LoadAccount(tx, sa));
    MemberList list;
    ENT_ASSIGN_OR_RETURN(list.members, storage::AccountRepository(tx).Members(sa));
    ENT_ASSIGN_OR_RETURN(list.invitations, storage::AccountRequestRepository(tx).PendingInvitations(sa));
    return list;
}

namespace {

// Adds the membership or the invitation; assumes authorization and validation are done.
Result<MemberAdded> GrantOrInvite(storage::Transaction& tx, const Actor& actor, const domain::SmartAccount& account,
                                  const NewMember& input, const std::string& note, Locale mail_locale,
                                  const MailContext& mail, Micros now) {
    storage::AccountRepository accounts(tx);
    storage::AccountRequestRepository requests(tx);
    ENT_ASSIGN_OR_RETURN(auto user, storage::UserRepository(tx).FindByEmail(input.email));
    MemberAdded added;
    boost::json::object after{{"email", input.email}, {"role", RoleLabel(input.role)}};
    if (input.virtual_account_id) after["virtual_account_id"] = *input.virtual_account_id;
    if (user) {
        Status inserted = accounts.InsertMembership(account.id, user->id, input.role, input.virtual_account_id, now);
        if (!inserted.ok() && inserted.error().problem == Problem::kUniqueViolation) {
            return MakeError(Problem::kAlreadyMember).With("email", input.email);
        }
        ENT_TRY(inserted);
        domain::Member m{user->id, user->email, user->name, input.role, input.virtual_account_id, std::nullopt};
        added.member = m;
        ENT_TRY(AuditAccount(tx, actor, now, account.id, "member.add", "user", std::to_string(user->id), std::nullopt,
                             after));
        mail::MailParams params{{"name", user->name},
                                {"inviter_name", actor.user ? actor.user->name : "entitled"},
                                {"account_name", account.name},
                                {"role", RoleLabel(input.role)},
                                {"note", note},
                                {"link", mail.base_url + "/smart-accounts/" + std::to_string(account.id)}};
        ENT_TRY(EnqueueMail(tx, {user->email, user->locale, "member_added", params}, mail.base_url, now));
        return added;
    }
    ENT_ASSIGN_OR_RETURN(auto existing,
                         requests.PendingInvitation(account.id, input.email, input.role, input.virtual_account_id));
    if (existing) return MakeError(Problem::kAlreadyInvited).With("email", input.email);
    const std::string token = RandomToken(32);
    domain::Invitation inv;
    inv.smart_account_id = account.id;
    inv.email = input.email;
    inv.role = input.role;
    inv.virtual_account_id = input.virtual_account_id;
    inv.invited_by = actor.user_id();
    inv.created_at = now;
    inv.expires_at = now + domain::kInvitationLifetime;
    ENT_ASSIGN_OR_RETURN(inv.id, requests.InsertInvitation(inv, HashSecret(token)));
    ENT_TRY(AuditAccount(tx, actor, now, account.id, "member.invite", "invitation", std::to_string(inv.id),
                         std::nullopt, after));
    ENT_TRY(MailInvitation(tx, actor, account, inv, token, note, mail_locale, mail, now));
    added.invitation = inv;
    return added;
}

Status ValidateVaForRole(storage::Transaction& tx, std::int64_t sa, const NewMember& m) {
    if (domain::IsVaRole(m.role)) {
        if (!m.virtual_account_id) return FieldInvalid("virtual_account_id", "required", "field.required");
        ENT_TRY(LoadVirtualAccountOf(tx, sa, *m.virtual_account_id));
    } else if (m.virtual_account_id) {
        return FieldInvalid("virtual_account_id", "invalid", "field.va_for_sa_role");
    }
    return Ok();
}

}  // namespace

Result<MemberAdded> AddMember(storage::Transaction& tx, const Actor& actor, std::int64_t sa, const NewMember& input,
                              const std::string& note, const MailContext& mail, Micros now,
                              std::optional<Locale> invite_locale) {
    ENT_TRY(Require(tx, actor, Action::kManageMembers, domain::AccountRef{sa}));
    ENT_ASSIGN_OR_RETURN(auto account, LoadAccount(tx, sa));
    ENT_TRY(ValidateVaForRole(tx, sa, input));
    const Locale fallback = invite_locale.value_or(actor.user ? actor.user->locale : Locale::kEn);
    return GrantOrInvite(tx, actor, account, input, note, fallback, mail, now);
}

Status RemoveMember(storage::Transaction& tx, const Actor& actor, std::int64_t sa, std::int64_t user, Micros now) {
    ENT_TRY(Require(tx, actor, Action::kManageMembers, domain::AccountRef{sa}));
    ENT_TRY(LoadAccount(tx, sa));
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto roles, accounts.RolesOf(sa, user));
    if (roles.empty()) return NotFound();
    ENT_ASSIGN_OR_RETURN(auto admins, accounts.CountAdmins(sa));
    if (domain::LeavesNoAdmin(roles, admins)) return MakeError(Problem::kLastAdmin);
    ENT_TRY(accounts.DeleteMemberships(sa, user));
    boost::json::array before;
    for (const auto r : roles) before.emplace_back(domain::RoleName(r));
    return AuditAccount(tx, actor, now, sa, "member.remove", "user", std::to_string(user),
                        boost::json::object{{"roles", before}}, std::nullopt);
}

namespace {

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i);
}

// Splits one CSV line; quoted fields may contain commas and doubled quotes.
std::vector<std::string> SplitCsvLine(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(Trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(Trim(cur));
    return out;
}

}  // namespace

Result<ImportResult> ImportMembers(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                   const std::string& csv, const MailContext& mail, Micros now) {
    ENT_TRY(Require(tx, actor, Action::kManageMembers, domain::AccountRef{sa}));
    ENT_ASSIGN_OR_RETURN(auto account, LoadAccount(tx, sa));
    ENT_ASSIGN_OR_RETURN(auto vas, storage::AccountRepository(tx).VirtualAccounts(sa));
    std::vector<FieldError> errors;
    std::vector<NewMember> rows;
    std::set<std::string> seen;
    std::istringstream in(csv);
    std::string line;
    int number = 0;
    bool first = true;
    while (std::getline(in, line)) {
        if (Trim(line).empty()) continue;
        auto cols = SplitCsvLine(line);
        if (first && !cols.empty() && domain::Lower(cols[0]) == "email") {
            first = false;
            continue;  // header
        }
        first = false;
        ++number;
        const std::string prefix = "rows[" + std::to_string(number) + "].";
        if (cols.size() < 2 || cols.size() > 3) {
            errors.push_back({"rows[" + std::to_string(number) + "]", "invalid", "field.csv_columns", {}});
            continue;
        }
        NewMember m;
        m.email = domain::NormalizeEmail(cols[0]);
        if (!domain::IsValidEmail(m.email))
            errors.push_back({prefix + "email", "invalid_email", "field.invalid_email", {}});
        auto role = domain::ParseRole(domain::Lower(cols[1]));
        if (!role) {
            errors.push_back({prefix + "role",
                              "invalid_choice",
                              "field.invalid_choice",
                              {{"choices", "sa_admin, sa_user, sa_viewer, va_admin, va_user, va_viewer"}}});
        } else {
            m.role = *role;
        }
        const std::string va_name = cols.size() > 2 ? cols[2] : "";
        if (role && domain::IsVaRole(*role)) {
            auto it = std::find_if(vas.begin(), vas.end(),
                                   [&](const auto& v) { return domain::Lower(v.name) == domain::Lower(va_name); });
            if (va_name.empty())
                errors.push_back({prefix + "virtual_account", "required", "field.required", {}});
            else if (it == vas.end())
                errors.push_back(
                    {prefix + "virtual_account", "not_found", "field.unknown_virtual_account", {{"name", va_name}}});
            else
                m.virtual_account_id = it->id;
        } else if (role && !va_name.empty()) {
            errors.push_back({prefix + "virtual_account", "invalid", "field.va_for_sa_role", {}});
        }
        const std::string key = m.email + "|" + cols[1] + "|" + va_name;
        if (!seen.insert(key).second) errors.push_back({prefix + "email", "duplicate", "field.duplicate", {}});
        rows.push_back(std::move(m));
    }
    if (number == 0) errors.push_back({"rows", "required", "field.csv_empty", {}});
    if (!errors.empty()) return ValidationError(std::move(errors));
    ImportResult result;
    const Locale fallback = actor.user ? actor.user->locale : Locale::kEn;
    for (size_t i = 0; i < rows.size(); ++i) {
        auto added = GrantOrInvite(tx, actor, account, rows[i], "", fallback, mail, now);
        if (!added.ok()) {
            // A conflict found only now (already a member) still names its row; nothing is applied.
            Error e = std::move(added).error();
            if (e.code == ErrorCode::kConflict) {
                Error v = ValidationError(
                    {{"rows[" + std::to_string(i + 1) + "].email", ProblemCodeOf(e), "field." + ProblemCodeOf(e), {}}});
                return v;
            }
            return e;
        }
        result.added += added->member ? 1 : 0;
        result.invited += added->invitation ? 1 : 0;
    }
    return result;
}

Result<std::vector<storage::EventRow>> ListEvents(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                  const storage::EventFilter& filter) {
    ENT_TRY(Require(tx, actor, Action::kViewEvents, domain::AccountRef{sa}));
    ENT_TRY(LoadAccount(tx, sa));
    return storage::AccountRepository(tx).Events(sa, filter);
}

Result<InvitationView> LookupInvitation(storage::Transaction& tx, const std::string& token, Micros now) {
    storage::AccountRequestRepository requests(tx);
    ENT_ASSIGN_OR_RETURN(auto inv, requests.FindInvitationByTokenHash(HashSecret(token)));
    if (!inv) return MakeError(Problem::kInvalidLink);
    if (inv->accepted_at) return MakeError(Problem::kInvitationUsed);
    if (now >= inv->expires_at) return MakeError(Problem::kInvitationExpired);
    ENT_ASSIGN_OR_RETURN(auto account, LoadAccount(tx, inv->smart_account_id));
    InvitationView view{*inv, std::move(account), std::nullopt, ""};
    if (inv->virtual_account_id) {
        ENT_ASSIGN_OR_RETURN(view.virtual_account,
                             storage::AccountRepository(tx).FindVirtualAccount(*inv->virtual_account_id));
    }
    if (inv->invited_by) {
        ENT_ASSIGN_OR_RETURN(auto by, storage::UserRepository(tx).FindById(*inv->invited_by));
        if (by) view.invited_by = by->name;
    }
    return view;
}

Result<std::pair<domain::User, domain::SmartAccount>> AcceptInvitation(storage::Transaction& tx,
                                                                       const std::string& token,
                                                                       const std::string& name,
                                                                       const std::string& password_hash, Locale locale,
                                                                       const std::string& request_id, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto view, LookupInvitation(tx, token, now));
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto existing, users.FindByEmail(view.invitation.email));
    if (existing) return MakeError(Problem::kUserExists);
    storage::NewUserRow row{view.invitation.email, name, password_hash, locale, domain::UserKind::kExternal, {}};
    ENT_ASSIGN_OR_RETURN(auto user_id, users.Insert(row, now));
    ENT_ASSIGN_OR_RETURN(auto user, users.FindById(user_id));
    Actor self = Actor::Of(*user, request_id);
    ENT_TRY(Audit(tx, self, now,
                  {"user.create",
                   "user",
                   std::to_string(user_id),
                   std::nullopt,
                   boost::json::object{{"email", user->email}, {"via", "invitation"}},
                   {}}));
    // Every pending invitation for this email is honoured, not only the one clicked.
    storage::AccountRequestRepository requests(tx);
    storage::AccountRepository accounts(tx);
    ENT_ASSIGN_OR_RETURN(auto pending, requests.PendingInvitationsFor(user->email, now));
    for (const auto& inv : pending) {
        Status granted =
            accounts.InsertMembership(inv.smart_account_id, user_id, inv.role, inv.virtual_account_id, now);
        if (!granted.ok() && granted.error().problem != Problem::kUniqueViolation) return std::move(granted).error();
        ENT_TRY(requests.MarkInvitationAccepted(inv.id, now));
        ENT_TRY(AuditAccount(tx, self, now, inv.smart_account_id, "member.join", "user", std::to_string(user_id),
                             std::nullopt, boost::json::object{{"email", user->email}, {"role", RoleLabel(inv.role)}}));
    }
    return std::make_pair(std::move(*user), std::move(view.account));
}

}  // namespace entitled::service
