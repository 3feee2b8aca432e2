#pragma once
// Background work, in two shapes:
// - scheduled jobs: rows in `jobs` with a kind, a JSON payload and a time;
//   a handler runs in one transaction together with marking the job done, so
//   its effects happen exactly once even if a runner dies or loses its lease;
// - sweeps: functions run on every round that find due work themselves
//   (mail delivery, expiries), each safe to run concurrently and repeatedly.
// The server runs a round every second; `entitled jobs run --at T` runs one
// round as if the time were T. Time always comes from the caller.
//
// Thread safety: RunDue may be called from several threads or processes at
// once; register kinds and sweeps before.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::jobs {

using JobHandler = std::function<Status(storage::Transaction& tx, const std::string& payload, Micros now)>;
// Returns how much work it did.
using Sweep = std::function<Result<int>(Micros now)>;

struct RunnerPolicy {
    Micros lease = kMicrosPerSecond * 5 * 60;
    int max_attempts = 5;
    Micros retry_base = 60 * kMicrosPerSecond;
};

struct RoundReport {
    int jobs_done = 0;
    int jobs_failed = 0;
    std::map<std::string, int> sweeps;  // sweep name → work done
};

class JobRunner {
  public:
    JobRunner(storage::Database& db, std::string owner, RunnerPolicy policy = {});

    void RegisterKind(std::string kind, JobHandler handler);
    void RegisterSweep(std::string name, Sweep sweep);

    // Runs every sweep once, then every job due at `now` until none is left.
    Result<RoundReport> RunDue(Micros now);

  private:
    // True when a job was claimed (done or failed); false when none is due.
    Result<bool> RunOne(Micros now, RoundReport& report);

    storage::Database& db_;
    std::string owner_;
    RunnerPolicy policy_;
    std::map<std::string, JobHandler> kinds_;
    std::vector<std::pair<std::string, Sweep>> sweeps_;
};

// Schedules a job in the caller's transaction (see JobRepository::Schedule).
Result<std::optional<std::int64_t>> ScheduleJob(storage::Transaction& tx, const std::string& kind,
                                                const std::string& payload, Micros run_at,
                                                const std::optional<std::string>& unique_key, Micros now);

}  // namespace entitled::jobs
