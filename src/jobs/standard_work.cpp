#include "jobs/standard_work.hpp"

#include "service/account_requests_service.hpp"
#include "service/licensing_service.hpp"
#include "service/transfers_service.hpp"
#include "storage/idempotency_repository.hpp"
#include "storage/session_repository.hpp"

namespace entitled::jobs {
namespace {

constexpr int kBatch = 500;  // per sweep and round: one transaction stays short

}  // namespace

StandardWork::StandardWork(JobRunner& runner, WorkDependencies deps) : deps_(std::move(deps)) {
    // Reminders before expiry, so a request about to expire is reminded first.
    runner.RegisterSweep("account_request_reminders",
                         [this](Micros now) { return service::SendDueReminders(deps_.db, {deps_.base_url}, now); });
    runner.RegisterSweep("account_request_expiry",
                         [this](Micros now) { return service::ExpireDueRequests(deps_.db, {deps_.base_url}, now); });
    // Asset transfers: validation, routing, automatic screening and execution.
    runner.RegisterSweep("asset_transfers", [this](Micros now) {
        return service::AdvanceTransfers(deps_.db, {deps_.base_url}, now, deps_.transfer_policy);
    });
    // Devices silent past the grace period give back what they used; leases
    // that lapsed without a release get their end in the event log (their seats were free at expiry).
    runner.RegisterSweep("silent_devices", [this](Micros now) {
        return deps_.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
            return service::ReleaseSilentDevices(tx, deps_.licensing, deps_.base_url, now, kBatch);
        });
    });
    runner.RegisterSweep("lapsed_leases", [this](Micros now) {
        return deps_.db.Run(storage::TxMode::kWrite,
                            [&](storage::Transaction& tx) { return service::CloseLapsedLeases(tx, now, kBatch); });
    });
    runner.RegisterSweep("prune_login_failures", [this](Micros now) -> Result<int> {
        // Failures older than a day no longer count towards any limit, and
        // replay records past their lifetime are never answered again;
        // pruning hourly is plenty. Replay records were stored at the real
        // time, so they are pruned by it (not by `jobs run --at`).
        if (now - last_prune_.load() < 3600 * kMicrosPerSecond) return 0;
        last_prune_.store(now);
        const Micros real_now = deps_.delivery_clock.Now();
        ENT_TRY(deps_.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
            ENT_TRY(storage::SessionRepository(tx).PruneFailures(now - kMicrosPerDay));
            return storage::IdempotencyRepository(tx).PruneBefore(real_now - deps_.idempotency_ttl);
        }));
        return 0;
    });
    // Last, so the mail the sweeps above queued goes out in the same round.
    if (deps_.mailer != nullptr) {
        sender_ = std::make_unique<mail::OutboxSender>(deps_.db, *deps_.mailer, deps_.delivery_clock, deps_.owner,
                                                       deps_.mail_policy);
        runner.RegisterSweep("mail", [this](Micros /*now*/) { return sender_->DeliverDue(); });
    }
}

}  // namespace entitled::jobs
