#include "jobs/job_runner.hpp"

#include "common/log.hpp"
#include "storage/job_repository.hpp"

namespace entitled::jobs {

JobRunner::JobRunner(storage::Database& db, std::string owner, RunnerPolicy policy)
    : db_(db), owner_(std::move(owner)), policy_(policy) {}

void JobRunner::RegisterKind(std::string kind, JobHandler handler) { kinds_[std::move(kind)] = std::move(handler); }

void JobRunner::RegisterSweep(std::string name, Sweep sweep) {
    sweeps_.emplace_back(std::move(name), std::move(sweep));
}

Result<RoundReport> JobRunner::RunDue(Micros now) {
    RoundReport report;
    for (const auto& [name, sweep] : sweeps_) {
        auto done = sweep(now);
        if (!done.ok()) {
            // One failing sweep (say, an unreachable SMTP server) must not stop the others.
            Log(LogLevel::kWarn, "sweep_failed", {{"sweep", name}, {"error", done.error().internal}});
            continue;
        }
        report.sweeps[name] = *done;
    }
    for (;;) {
        ENT_ASSIGN_OR_RETURN(bool claimed, RunOne(now, report));
        if (!claimed) return report;
    }
}

Result<bool> JobRunner::RunOne(Micros now, RoundReport& report) {
    ENT_ASSIGN_OR_RETURN(auto job, db_.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
        return storage::JobRepository(tx).ClaimNext(owner_, now, now + policy_.lease);
    }));
    if (!job) return false;
    auto handler = kinds_.find(job->kind);
    Status outcome = Ok();
    if (handler == kinds_.end()) {
        Error e = MakeError(Problem::kInternal);
        e.internal = "no handler for job kind " + job->kind;
        outcome = e;
    } else {
        outcome = db_.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
            ENT_TRY(handler->second(tx, job->payload, now));
            ENT_ASSIGN_OR_RETURN(bool still_ours, storage::JobRepository(tx).MarkDone(job->id, owner_, now));
            if (!still_ours) {
                Error e = MakeError(Problem::kLeaseLost);
                e.internal = "lease on job " + std::to_string(job->id) + " lost; its work is rolled back";
                return e;
            }
            return Ok();
        });
    }
    if (outcome.ok()) {
        ++report.jobs_done;
        return true;
    }
    ++report.jobs_failed;
    Log(LogLevel::kWarn, "job_failed", {{"job_id", job->id}, {"kind", job->kind}, {"error", outcome.error().internal}});
    if (outcome.error().problem == Problem::kLeaseLost) return true;
    Micros retry = policy_.retry_base;
    for (std::int64_t i = 1; i < job->attempts; ++i) retry *= 2;
    ENT_TRY(db_.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
        ENT_TRY(storage::JobRepository(tx).MarkFailed(job->id, owner_, outcome.error().internal, now + retry,
                                                      policy_.max_attempts, now));
        return Ok();
    }));
    return true;
}

Result<std::optional<std::int64_t>> ScheduleJob(storage::Transaction& tx, const std::string& kind,
                                                const std::string& payload, Micros run_at,
                                                const std::optional<std::string>& unique_key, Micros now) {
    return storage::JobRepository(tx).Schedule(kind, payload, run_at, unique_key, now);
}

}  // namespace entitled::jobs
