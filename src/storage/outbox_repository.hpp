#pragma once
// SQL for the mail outbox. Rows are claimed with a lease so that several
// senders (threads, server instances, `jobs run`) never deliver one mail at
// the same time, and a sender that dies mid-delivery only delays it.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct OutboxRow {
    std::int64_t id = 0;
    std::string to;
    std::string locale;
    std::string template_name;
    std::string subject;
    std::string body_text;
    std::string body_html;
    std::string status;  // queued, sending, sent, failed
    std::int64_t attempts = 0;
    Micros created_at = 0;
    std::optional<Micros> sent_at;
    std::optional<std::string> last_error;
};

struct OutboxFilter {
    std::optional<std::string> to;
    std::optional<std::string> status;
    std::optional<std::int64_t> before_id;  // pagination: rows with smaller ids
    int limit = 50;
};

class OutboxRepository {
  public:
    explicit OutboxRepository(Transaction& tx) : tx_(tx) {}

    Result<std::int64_t> Insert(const OutboxRow& row, Micros now);
    // Leases up to `limit` due rows to `owner`: queued and never tried, queued
    // with a retry time not after `now`, or sending with an expired lease.
    // `now` is the real time (a never-tried row's next_attempt_at is its
    // created_at, which `jobs run --at` may have put in the future).
    Result<std::vector<OutboxRow>> ClaimDue(const std::string& owner, Micros now, Micros lease_until, int limit);
    // False when the lease was lost meanwhile (another sender took over).
    Result<bool> MarkSent(std::int64_t id, const std::string& owner, Micros now);
    Result<bool> MarkAttemptFailed(std::int64_t id, const std::string& owner, const std::string& error,
                                   Micros next_attempt_at, int max_attempts);
    Result<std::vector<OutboxRow>> List(const OutboxFilter& filter);
    // Rows per status, for /metrics.
    Result<std::vector<std::pair<std::string, std::int64_t>>> CountByStatus();

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
