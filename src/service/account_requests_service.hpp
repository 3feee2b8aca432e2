#pragma once
// Requesting a Smart Account for a customer (SPEC §2, seed 003). The account
// exists at once as pending for 90 days; the customer accepts or declines
// through a single-use link (its token is stored hashed); accepting activates
// the account, makes the customer sa_admin and invites the listed users as
// sa_user. Reminders go out 14 and 3 days before expiry, each once; at expiry
// request and account become expired and the customer is told.

#include <optional>
#include <string>
#include <vector>

#include "service/accounts_service.hpp"
#include "storage/db.hpp"

namespace entitled::service {

struct NewAccountRequest {
    std::string account_name;
    std::string domain;          // normalised
    std::string customer_email;  // normalised
    std::string note_to_customer;
    std::vector<std::string> user_emails;  // normalised
    std::string note_to_users;
    std::optional<std::string> legal_entity_name;
    std::optional<std::string> legal_entity_country;
    // The language of every mail to the customer; nullopt: the requester's.
    std::optional<Locale> customer_locale;
};

struct RequestCreated {
    domain::AccountRequest request;
    domain::SmartAccount account;
};

struct RequestLookup {
    domain::AccountRequest request;
    domain::SmartAccount account;
    domain::User requester;
    bool customer_has_account = false;
};

struct NewCustomer {
    std::string name;
    std::string password_hash;
    Locale locale = Locale::kEn;
};

struct Acceptance {
    domain::SmartAccount account;
    std::optional<domain::User> created_user;  // set when the customer created their user from the link
};

Result<RequestCreated> RequestAccount(storage::Transaction& tx, const Actor& actor, const NewAccountRequest& input,
                                      const MailContext& mail, Micros now);
Result<RequestLookup> LookupRequest(storage::Transaction& tx, const std::string& token);
// `actor` is whoever follows the link: signed in as the customer, or anonymous with `new_customer`.
Result<Acceptance> AcceptRequest(storage::Transaction& tx, const Actor& actor, const std::string& token,
                                 const std::optional<NewCustomer>& new_customer, const MailContext& mail, Micros now);
Status DeclineRequest(storage::Transaction& tx, const Actor& actor, const std::string& token, const std::string& reason,
                      const MailContext& mail, Micros now);
// The requester, licensing support and platform admins may read a request.
Result<RequestLookup> GetRequest(storage::Transaction& tx, const Actor& actor, std::int64_t id);
Result<std::vector<domain::AccountRequest>> MyRequests(storage::Transaction& tx, const Actor& actor, int limit);

// Sweeps for the job runner: each request in its own transaction, each effect once.
Result<int> ExpireDueRequests(storage::Database& db, const MailContext& mail, Micros now);
Result<int> SendDueReminders(storage::Database& db, const MailContext& mail, Micros now);

}  // namespace entitled::service
