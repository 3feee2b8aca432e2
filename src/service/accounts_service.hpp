#pragma once
// Use cases for Smart Accounts, Virtual Accounts, members and invitations.
// Each runs inside the caller's transaction, authorizes first, audits every
// change into the account's event log, and queues its mail in the outbox.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/accounts.hpp"
#include "service/actor.hpp"
#include "service/licenses_service.hpp"
#include "storage/account_repository.hpp"
#include "storage/account_request_repository.hpp"

namespace entitled::service {

struct NewAccount {
    std::string name;
    std::string domain;  // normalised
    domain::AccountKind kind = domain::AccountKind::kCustomer;
    std::optional<std::string> legal_entity_name;
    std::optional<std::string> legal_entity_country;
};

// A Virtual Account with what the caller may do in it (API: allowed_actions).
struct VirtualAccountView {
    domain::VirtualAccount va;
    std::vector<std::string_view> allowed_actions;
};

struct AccountView {
    domain::SmartAccount account;
    std::vector<VirtualAccountView> virtual_accounts;
    std::vector<domain::Role> my_roles;
    std::vector<std::string_view> allowed_actions;
};

struct MailContext {
    std::string base_url;
};

// 409 "domain_taken" naming the account that holds a live domain.
Status CheckDomainFree(storage::Transaction& tx, const std::string& domain);
// An active account with a DEFAULT Virtual Account; the caller becomes sa_admin.
Result<domain::SmartAccount> CreateAccount(storage::Transaction& tx, const Actor& actor, const NewAccount& input,
                                           Micros now);
Result<AccountView> GetAccount(storage::Transaction& tx, const Actor& actor, std::int64_t id);
// Any signed-in user may search; what they see of each hit is decided by the caller.
Result<std::vector<domain::SmartAccount>> SearchAccounts(storage::Transaction& tx, const Actor& actor,
                                                         storage::AccountSearch by, const std::string& query,
                                                         std::int64_t after_id, int limit);

// Show Counts: licenses per product (VA roles see their VAs only) and devices.
struct AssetSummary {
    std::vector<ProductLine> licenses;  // per product over the VAs the caller sees
    std::int64_t devices = 0;
};
Result<AssetSummary> SummarizeAssets(storage::Transaction& tx, const Actor& actor, std::int64_t sa, Micros now);

Result<VirtualAccountView> CreateVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                const std::string& name, const std::string& description, Micros now);
Result<std::vector<VirtualAccountView>> ListVirtualAccounts(storage::Transaction& tx, const Actor& actor,
                                                            std::int64_t sa);
// The VAs of an account that can receive orders (pending or active), for any
// signed-in user choosing where to assign an order; 404 otherwise.
Result<std::vector<domain::VirtualAccount>> AssignableVirtualAccounts(storage::Transaction& tx, const Actor& actor,
                                                                      std::int64_t sa);
Result<VirtualAccountView> UpdateVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t va,
                                                const std::optional<std::string>& name,
                                                const std::optional<std::string>& description, Micros now);
Status DeleteVirtualAccount(storage::Transaction& tx, const Actor& actor, std::int64_t va, Micros now);

struct MemberList {
    std::vector<domain::Member> members;
    std::vector<domain::Invitation> invitations;
};
Result<MemberList> ListMembers(storage::Transaction& tx, const Actor& actor, std::int64_t sa);

struct NewMember {
    std::string email;  // normalised
    domain::Role role = domain::Role::kSaUser;
    std::optional<std::int64_t> virtual_account_id;
};
struct MemberAdded {
    std::optional<domain::Member> member;          // the email had a user
    std::optional<domain::Invitation> invitation;  // it did not: an invitation was mailed
};
// An invitation to an unknown email is written in `invite_locale`, else the actor's language.
Result<MemberAdded> AddMember(storage::Transaction& tx, const Actor& actor, std::int64_t sa, const NewMember& input,
                              const std::string& note, const MailContext& mail, Micros now,
                              std::optional<Locale> invite_locale = std::nullopt);
// 409 "last_admin" when it would leave the account without an sa_admin.
Status RemoveMember(storage::Transaction& tx, const Actor& actor, std::int64_t sa, std::int64_t user, Micros now);

struct ImportResult {
    int added = 0;
    int invited = 0;
};
// CSV "email,role,virtual_account" (header line optional). Every row is
// checked before anything is applied; any bad row fails the whole import
// with a FieldError per problem, named "rows[N].column".
Result<ImportResult> ImportMembers(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                   const std::string& csv, const MailContext& mail, Micros now);

Result<std::vector<storage::EventRow>> ListEvents(storage::Transaction& tx, const Actor& actor, std::int64_t sa,
                                                  const storage::EventFilter& filter);

// Invitations sent to emails without a user.
struct InvitationView {
    domain::Invitation invitation;
    domain::SmartAccount account;
    std::optional<domain::VirtualAccount> virtual_account;
    std::string invited_by;
};
Result<InvitationView> LookupInvitation(storage::Transaction& tx, const std::string& token, Micros now);
// Creates the user (name, password hash) and grants every pending invitation for their email.
Result<std::pair<domain::User, domain::SmartAccount>> AcceptInvitation(storage::Transaction& tx,
                                                                       const std::string& token,
                                                                       const std::string& name,
                                                                       const std::string& password_hash, Locale locale,
                                                                       const std::string& request_id, Micros now);

// Loads the user's memberships into the actor (at authentication).
Status LoadMemberships(storage::Transaction& tx, Actor& actor);

// The language to write to `email` in: their own if they have a user, else `fallback`.
Result<Locale> LocaleFor(storage::Transaction& tx, const std::string& email, Locale fallback);

}  // namespace entitled::service
