#pragma once
// Delivers queued mail. Each round leases a batch of due rows in one short
// transaction, sends them outside any transaction, and records each outcome
// in its own. A failed attempt is retried with exponential backoff; after
// `max_attempts` the row is marked failed and stays visible to admins. A
// sender that dies mid-round leaves its rows leased; another sender takes
// them once the lease expires. Nothing is ever deleted.
//
// Delivery bookkeeping — leases, retry times, sent_at — is about when mail
// really went out, so it always follows the clock given here (the system's),
// never the time a round acts as of: `entitled jobs run --at <next year>`
// must not leave leases and retry times a year ahead that keep a normally
// running server from delivering. A mail never tried is due at once, whatever
// time the change that queued it was made as of.

#include <string>

#include "common/clock.hpp"
#include "mail/mailer.hpp"
#include "storage/db.hpp"

namespace entitled::mail {

struct SenderPolicy {
    Micros lease = kMicrosPerSecond * 5 * 60;
    int batch = 20;
    int max_attempts = 8;
    Micros retry_base = 30 * kMicrosPerSecond;
    Micros retry_max = kMicrosPerSecond * 6 * 3600;
};

class OutboxSender {
  public:
    // `clock` must outlive the sender.
    OutboxSender(storage::Database& db, Mailer& mailer, const Clock& clock, std::string owner,
                 SenderPolicy policy = {});

    // Delivers what is due now (by the sender's clock); returns the number of mails sent.
    Result<int> DeliverDue();

  private:
    Micros Backoff(std::int64_t attempts) const;

    storage::Database& db_;
    Mailer& mailer_;
    const Clock& clock_;
    std::string owner_;
    SenderPolicy policy_;
};

}  // namespace entitled::mail
