#include "service/account_requests_service.hpp"

#include <boost/json.hpp>

#include "common/random.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/orders_service.hpp"
#include "service/outbox.hpp"
#include "storage/user_repository.hpp"

namespace entitled::service {
namespace {

std::string Day(Micros t) { return FormatRfc3339(t).substr(0, 10); }

// A customer who has a user reads mail in their own language; one who does
// not yet, in the language chosen with the request (else the requester's).
Result<Locale> CustomerLocale(storage::Transaction& tx, const domain::AccountRequest& r, Locale requester) {
    return LocaleFor(tx, r.customer_email, r.customer_locale.value_or(requester));
}

Error InvalidLink() { return MakeError(Problem::kInvalidLink); }

Result<RequestLookup> Load(storage::Transaction& tx, const domain::AccountRequest& request) {
    ENT_ASSIGN_OR_RETURN(auto account, storage::AccountRepository(tx).FindAccount(request.smart_account_id));
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto requester, users.FindById(request.requester_id));
    ENT_ASSIGN_OR_RETURN(auto customer, users.FindByEmail(request.customer_email));
    if (!account || !requester) return MakeError(Problem::kInternal);
    return RequestLookup{request, std::move(*account), std::move(*requester), customer.has_value()};
}

// Moves a pending account on as its request is decided, by the account status table.
Result<bool> MoveAccount(storage::Transaction& tx, std::int64_t account, domain::AccountStatus to, Micros now) {
    if (!domain::CanChangeAccountStatus(domain::AccountStatus::kPending, to)) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "pending accounts do not become " + std::string(domain::AccountStatusName(to));
        return e;
    }
    return storage::AccountRepository(tx).ChangeStatus(account, domain::AccountStatus::kPending, to, now);
}

// The request may still be decided `to` (the status table) and has not run out.
Status RequireDecidable(const domain::AccountRequest& r, domain::RequestStatus to, Micros now) {
    if (!domain::CanChangeRequestStatus(r.status, to)) {
        return MakeError(Problem::kRequestNotPending).With("status", std::string(domain::RequestStatusName(r.status)));
    }
    if (now >= r.expires_at) {
        return MakeError(Problem::kRequestExpired).With("expires_at", Day(r.expires_at));
    }
    return Ok();
}

mail::MailParams RequestParams(const RequestLookup& r, const MailContext& mail, const std::string& token) {
    return {{"requester_name", r.requester.name},      {"requester_email", r.requester.email},
            {"account_name", r.account.name},          {"domain", r.account.domain},
            {"note", r.request.note_to_customer},      {"customer_email", r.request.customer_email},
            {"expires_at", Day(r.request.expires_at)}, {"link", mail.base_url + "/accept-account?token=" + token}};
}

std::vector<std::string> UserEmails(const domain::AccountRequest& r) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(r.user_emails_json, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& e : v.as_array()) {
        if (e.is_string()) out.emplace_back(e.as_string());
    }
    return out;
}

}  // namespace

Result<RequestCreated> RequestAccount(storage::Transaction& tx, const Actor& actor, const NewAccountRequest& input,
                                      const MailContext& mail, Micros now) {
    if (!actor.user) return MakeError(Problem::kUnauthenticated);
    ENT_TRY(CheckDomainFree(tx, input.domain));
    storage::AccountRepository accounts(tx);
    domain::SmartAccount account;
    account.name = input.account_name;
    account.domain = input.domain;
    account.kind = domain::AccountKind::kCustomer;
    account.status = domain::AccountStatus::kPending;
    account.legal_entity_name = input.legal_entity_name;
    account.legal_entity_country = input.legal_entity_country;
    account.created_at = now;
    account.expires_at = now + domain::kRequestLifetime;
    auto id = accounts.InsertAccount(account, actor.user->id);
    if (!id.ok() && id.error().problem == Problem::kUniqueViolation) return CheckDomainFree(tx, input.domain).error();
    if (!id.ok()) return std::move(id).error();
    account.id = *id;
    ENT_TRY(accounts.InsertVirtualAccount(account.id, domain::kDefaultVirtualAccount, "", now));

    const std::string token = RandomToken(32);
    boost::json::array emails;
    for (const auto& e : input.user_emails) emails.emplace_back(e);
    domain::AccountRequest request;
    request.smart_account_id = account.id;
    request.requester_id = actor.user->id;
    request.customer_email = input.customer_email;
    request.note_to_customer = input.note_to_customer;
    request.user_emails_json = boost::json::serialize(emails);
    request.note_to_users = input.note_to_users;
    request.created_at = now;
    request.expires_at = *account.expires_at;
    request.customer_locale = input.customer_locale.value_or(actor.user->locale);
    storage::AccountRequestRepository requests(tx);
    ENT_ASSIGN_OR_RETURN(request.id, requests.Insert(request));
    ENT_TRY(requests.AddLink(request.id, HashSecret(token), now));

    ENT_TRY(Audit(tx, actor, now,
                  {"account_request.create", "account_request", std::to_string(request.id), std::nullopt,
                   boost::json::object{{"account_name", account.name},
                                       {"domain", account.domain},
                                       {"customer_email", request.customer_email},
                                       {"user_emails", emails}},
                   std::nullopt, account.id}));
    RequestLookup view{request, account, *actor.user, false};
    ENT_ASSIGN_OR_RETURN(Locale locale, CustomerLocale(tx, request, actor.user->locale));
    ENT_TRY(EnqueueMail(tx, {request.customer_email, locale, "account_request", RequestParams(view, mail, token)},
                        mail.base_url, now));
    return RequestCreated{request, account};
}

Result<RequestLookup> LookupRequest(storage::Transaction& tx, const std::string& token) {
    ENT_ASSIGN_OR_RETURN(auto request, storage::AccountRequestRepository(tx).FindByTokenHash(HashSecret(token)));
    if (!request) return InvalidLink();
    return Load(tx, *request);
}

Result<Acceptance> AcceptRequest(storage::Transaction& tx, const Actor& actor, const std::string& token,
                                 const std::optional<NewCustomer>& new_customer, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto view, LookupRequest(tx, token));
    ENT_TRY(RequireDecidable(view.request, domain::RequestStatus::kAccepted, now));
    storage::UserRepository users(tx);
    ENT_ASSIGN_OR_RETURN(auto customer, users.FindByEmail(view.request.customer_email));
    Acceptance result;
    Actor customer_actor = actor;
    if (customer) {
        // The link proves the mailbox, but an existing user must also sign in.
        if (!actor.user) {
            return MakeError(Problem::kSignInRequired).With("email", customer->email);
        }
        if (actor.user->id != customer->id) {
            return MakeError(Problem::kWrongUser).With("email", customer->email);
        }
    } else {
        if (!new_customer) {
            return ValidationError(
                {{"name", "required", "field.required", {}}, {"password", "required", "field.required", {}}});
        }
        storage::NewUserRow row{view.request.customer_email, new_customer->name,          new_customer->password_hash,
                                new_customer->locale,        domain::UserKind::kExternal, {}};
        ENT_ASSIGN_OR_RETURN(auto user_id, users.Insert(row, now));
        ENT_ASSIGN_OR_RETURN(customer, users.FindById(user_id));
        customer_actor = Actor::Of(*customer, actor.request_id);
        ENT_TRY(Audit(tx, customer_actor, now,
                      {"user.create",
                       "user",
                       std::to_string(user_id),
                       std::nullopt,
                       boost::json::object{{"email", customer->email}, {"via", "account_request"}},
                       {}}));
        result.created_user = customer;
    }
    storage::AccountRequestRepository requests(tx);
    ENT_ASSIGN_OR_RETURN(bool decided,
                         requests.Decide(view.request.id, domain::RequestStatus::kAccepted, now, std::nullopt));
    ENT_ASSIGN_OR_RETURN(bool activated, MoveAccount(tx, view.account.id, domain::AccountStatus::kActive, now));
    if (!decided || !activated) {
        return MakeError(Problem::kRequestNotPending).With("status", "decided");
    }
    storage::AccountRepository accounts(tx);
    ENT_TRY(accounts.InsertMembership(view.account.id, customer->id, domain::Role::kSaAdmin, std::nullopt, now));
    ENT_TRY(LoadMemberships(tx, customer_actor));  // now an sa_admin: may invite the listed users
    ENT_TRY(Audit(tx, customer_actor, now,
                  {"account_request.accept", "account_request", std::to_string(view.request.id),
                   boost::json::object{{"status", "pending"}}, boost::json::object{{"status", "active"}}, std::nullopt,
                   view.account.id}));
    // The users the requester listed, as sa_user, with the requester's note.
    view.account.status = domain::AccountStatus::kActive;
    Actor inviter = customer_actor;
    for (const auto& email : UserEmails(view.request)) {
        if (email == customer->email) continue;
        // Unknown users are written to in the requester's language, who wrote the note.
        auto added = AddMember(tx, inviter, view.account.id, {email, domain::Role::kSaUser, std::nullopt},
                               view.request.note_to_users, mail, now, view.requester.locale);
        if (!added.ok() && added.error().problem != Problem::kAlreadyMember &&
            added.error().problem != Problem::kAlreadyInvited) {
            return std::move(added).error();
        }
    }
    // Activation lifts the Smart Account hold of every line assigned here: deposit what is now ready.
    ENT_TRY(DepositLinesOf(tx, view.account.id, now));
    mail::MailParams params = RequestParams(view, mail, "");
    params["link"] = mail.base_url + "/smart-accounts/" + std::to_string(view.account.id);
    ENT_TRY(EnqueueMail(tx, {view.requester.email, view.requester.locale, "account_request_accepted", params},
                        mail.base_url, now));
    result.account = view.account;
    return result;
}

Status DeclineRequest(storage::Transaction& tx, const Actor& actor, const std::string& token, const std::string& reason,
                      const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(auto view, LookupRequest(tx, token));
    ENT_TRY(RequireDecidable(view.request, domain::RequestStatus::kDeclined, now));
    storage::AccountRequestRepository requests(tx);
    ENT_ASSIGN_OR_RETURN(bool decided, requests.Decide(view.request.id, domain::RequestStatus::kDeclined, now, reason));
    if (!decided) return MakeError(Problem::kRequestNotPending).With("status", "decided");
    // A declined request frees its domain, like an expired one.
    ENT_TRY(MoveAccount(tx, view.account.id, domain::AccountStatus::kExpired, now));
    Actor who = actor;
    if (!who.user) who.label = view.request.customer_email + " (link)";
    ENT_TRY(Audit(tx, who, now,
                  {"account_request.decline", "account_request", std::to_string(view.request.id),
                   boost::json::object{{"status", "pending"}}, boost::json::object{{"status", "declined"}}, reason,
                   view.account.id}));
    mail::MailParams params = RequestParams(view, mail, "");
    params["reason"] = reason;
    ENT_TRY(EnqueueMail(tx, {view.requester.email, view.requester.locale, "account_request_declined", params},
                        mail.base_url, now));
    return Ok();
}

Result<RequestLookup> GetRequest(storage::Transaction& tx, const Actor& actor, std::int64_t id) {
    ENT_TRY(Require(tx, actor, domain::Action::kSignedIn));
    ENT_ASSIGN_OR_RETURN(auto request, storage::AccountRequestRepository(tx).FindById(id));
    if (!request) return NotFound();
    ENT_TRY(Require(tx, actor, domain::Action::kViewAccountRequest, domain::AccountRequestRef{request->requester_id}));
    return Load(tx, *request);
}

Result<std::vector<domain::AccountRequest>> MyRequests(storage::Transaction& tx, const Actor& actor, int limit) {
    ENT_TRY(Require(tx, actor, domain::Action::kSignedIn));
    if (!actor.user) return std::vector<domain::AccountRequest>();
    return storage::AccountRequestRepository(tx).ByRequester(actor.user->id, limit);
}

Result<int> ExpireDueRequests(storage::Database& db, const MailContext& mail, Micros now) {
    int expired = 0;
    for (;;) {
        ENT_ASSIGN_OR_RETURN(auto due, db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
            return storage::AccountRequestRepository(tx).DueForExpiry(now, 100);
        }));
        if (due.empty()) return expired;
        for (const auto& request : due) {
            ENT_ASSIGN_OR_RETURN(
                bool did, db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
                    storage::AccountRequestRepository requests(tx);
                    ENT_ASSIGN_OR_RETURN(
                        bool ok, requests.Decide(request.id, domain::RequestStatus::kExpired, now, std::nullopt));
                    if (!ok) return false;  // another runner got there first
                    ENT_TRY(MoveAccount(tx, request.smart_account_id, domain::AccountStatus::kExpired, now));
                    ENT_ASSIGN_OR_RETURN(auto view, Load(tx, request));
                    Actor system = Actor::Cli();
                    system.label = "system";
                    ENT_TRY(
                        Audit(tx, system, now,
                              {"account_request.expire", "account_request", std::to_string(request.id),
                               boost::json::object{{"status", "pending"}}, boost::json::object{{"status", "expired"}},
                               std::nullopt, request.smart_account_id}));
                    ENT_ASSIGN_OR_RETURN(Locale locale, CustomerLocale(tx, request, view.requester.locale));
                    ENT_TRY(EnqueueMail(
                        tx, {request.customer_email, locale, "account_request_expired", RequestParams(view, mail, "")},
                        mail.base_url, now));
                    return true;
                }));
            expired += did ? 1 : 0;
        }
        if (due.size() < 100) return expired;
    }
}

namespace {

Result<int> SendReminder(storage::Database& db, const MailContext& mail, Micros now, storage::Reminder which) {
    const Micros window = which == storage::Reminder::kFirst ? domain::kFirstReminder : domain::kSecondReminder;
    ENT_ASSIGN_OR_RETURN(auto due, db.Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
        return storage::AccountRequestRepository(tx).DueForReminder(which, now, window, 500);
    }));
    int sent = 0;
    for (const auto& request : due) {
        ENT_ASSIGN_OR_RETURN(bool did, db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
            storage::AccountRequestRepository requests(tx);
            ENT_ASSIGN_OR_RETURN(bool claimed, requests.MarkReminded(request.id, which, now));
            if (!claimed) return false;
            // Past the second reminder's window the first is moot: record it, don't send it.
            if (which == storage::Reminder::kFirst && request.expires_at - now <= domain::kSecondReminder) {
                return false;
            }
            ENT_ASSIGN_OR_RETURN(auto view, Load(tx, request));
            // A link of its own: the first mail's token is kept only hashed, and stays valid.
            const std::string token = RandomToken(32);
            ENT_TRY(requests.AddLink(request.id, HashSecret(token), now));
            auto params = RequestParams(view, mail, token);
            const Micros left = request.expires_at - now;
            params["days_left"] = std::to_string((left + kMicrosPerDay - 1) / kMicrosPerDay);
            ENT_ASSIGN_OR_RETURN(Locale locale, CustomerLocale(tx, request, view.requester.locale));
            ENT_TRY(EnqueueMail(tx, {request.customer_email, locale, "account_request_reminder", params}, mail.base_url,
                                now));
            return true;
        }));
        sent += did ? 1 : 0;
    }
    return sent;
}

}  // namespace

Result<int> SendDueReminders(storage::Database& db, const MailContext& mail, Micros now) {
    ENT_ASSIGN_OR_RETURN(int first, SendReminder(db, mail, now, storage::Reminder::kFirst));
    ENT_ASSIGN_OR_RETURN(int second, SendReminder(db, mail, now, storage::Reminder::kSecond));
    return first + second;
}

}  // namespace entitled::service
