#include "jobs/standard_work.hpp"

#include "service/account_requests_service.hpp"
#include "service/transfers_service.hpp"
#include "storage/session_repository.hpp"

namespace entitled::jobs {

StandardWork::StandardWork(JobRunner& runner, WorkDependencies deps) : deps_(std::move(deps)) {
    // Reminders before expiry, so a request about to expire is reminded first.
    runner.RegisterSweep("account_request_reminders",
                         [this](Micros now) { return service::SendDueReminders(deps_.db, {deps_.base_url}, now); });
    runner.RegisterSweep("account_request_expiry",
                         [this](Micros now) { return service::ExpireDueRequests(deps_.db, {deps_.base_url}, now); });
    // Asset transfers: validation, routing, automatic screening and execution.
    runner.RegisterSweep("asset_transfers",
                         [this](Micros now) { return service::AdvanceTransfers(deps_.db, {deps_.base_url}, now); });
    runner.RegisterSweep("prune_login_failures", [this](Micros now) -> Result<int> {
        // Failures older than a day no longer count towards any limit; pruning hourly is plenty.
        if (now - last_prune_.load() < 3600 * kMicrosPerSecond) return 0;
        last_prune_.store(now);
        ENT_TRY(deps_.db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
            return storage::SessionRepository(tx).PruneFailures(now - kMicrosPerDay);
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
