#pragma once
// The background work every runner does, registered in one place so that
// `serve` and `jobs run` always do the same things.

#include <atomic>
#include <memory>
#include <string>

#include "jobs/job_runner.hpp"
#include "mail/mailer.hpp"
#include "mail/outbox_sender.hpp"
#include "service/licensing_service.hpp"
#include "service/transfers_service.hpp"

namespace entitled::jobs {

struct WorkDependencies {
    storage::Database& db;
    std::string owner;
    mail::Mailer* mailer = nullptr;  // null: mail stays in the outbox
    mail::SenderPolicy mail_policy;
    std::string base_url;
    // The real time, for mail delivery's bookkeeping; a round's `now` (which
    // `jobs run --at` moves) decides only what the domain considers due.
    const Clock& delivery_clock;
    service::TransferPolicy transfer_policy{};
    // Idempotency-Key replay records older than this are pruned.
    Micros idempotency_ttl = kMicrosPerDay;
    service::LicensingPolicy licensing{};
};

// Keeps the sender alive as long as the runner.
class StandardWork {
  public:
    StandardWork(JobRunner& runner, WorkDependencies deps);

  private:
    WorkDependencies deps_;
    std::unique_ptr<mail::OutboxSender> sender_;
    std::atomic<Micros> last_prune_{0};
};

}  // namespace entitled::jobs
