// The job runner on both engines: exactly-once effects under racing runners,
// leases that expire, retries, and uniqueness of scheduled work.
#include "jobs/job_runner.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "storage/migrations/migrations.hpp"
#include "test_env.hpp"

namespace entitled::jobs {
namespace {

class JobRunnerContract : public ::testing::Test {
  protected:
    void SetUp() override {
        url_ = testing::FreshDatabaseUrl();
        db_ = Open();
        ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
        ASSERT_TRUE(db_->Run(storage::TxMode::kWrite,
                             [](storage::Transaction& tx) {
                                 return tx.ExecScript(
                                     "CREATE TABLE job_effects (job_payload TEXT NOT NULL, runner TEXT NOT NULL)");
                             })
                        .ok());
    }

    std::unique_ptr<storage::Database> Open() {
        auto db = storage::OpenDatabase(url_);
        EXPECT_TRUE(db.ok());
        return std::move(*db);
    }

    void Schedule(int n, Micros run_at, const std::string& kind = "effect") {
        auto r = db_->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
            for (int i = 0; i < n; ++i) {
                ENT_TRY(ScheduleJob(tx, kind, "job-" + std::to_string(i), run_at, std::nullopt, run_at));
            }
            return Ok();
        });
        ASSERT_TRUE(r.ok()) << r.error().internal;
    }

    static void RegisterEffect(JobRunner& runner, const std::string& name) {
        runner.RegisterKind("effect", [name](storage::Transaction& tx, const std::string& payload, Micros) -> Status {
            ENT_TRY(tx.Exec("INSERT INTO job_effects (job_payload, runner) VALUES (?, ?)", {payload, name}));
            return Ok();
        });
    }

    std::int64_t Scalar(const std::string& sql) {
        auto r = db_->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) { return tx.QueryOne(sql); });
        EXPECT_TRUE(r.ok());
        return (*r)->Int(0);
    }

    const Micros t0_ = 1'795'248'000'000'000;
    ManualClock clock_{t0_};
    std::string url_;
    std::unique_ptr<storage::Database> db_;
};

TEST_F(JobRunnerContract, TwoRunnersRacingRunEachJobExactlyOnce) {
    constexpr int kJobs = 60;
    Schedule(kJobs, t0_);
    auto db_a = Open();
    auto db_b = Open();
    JobRunner a(*db_a, "runner-a");
    JobRunner b(*db_b, "runner-b");
    RegisterEffect(a, "a");
    RegisterEffect(b, "b");
    Result<RoundReport> ra = RoundReport{};
    Result<RoundReport> rb = RoundReport{};
    std::thread ta([&] { ra = a.RunDue(t0_); });
    std::thread tb([&] { rb = b.RunDue(t0_); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok()) << ra.error().internal;
    ASSERT_TRUE(rb.ok()) << rb.error().internal;
    EXPECT_EQ(ra->jobs_done + rb->jobs_done, kJobs);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM job_effects"), kJobs);
    EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT job_payload) FROM job_effects"), kJobs);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE status <> 'done'"), 0);
}

TEST_F(JobRunnerContract, JobsWaitForTheirTime) {
    Schedule(1, t0_ + kMicrosPerDay);
    JobRunner runner(*db_, "r");
    RegisterEffect(runner, "r");
    EXPECT_EQ(runner.RunDue(t0_)->jobs_done, 0);
    EXPECT_EQ(runner.RunDue(t0_ + kMicrosPerDay)->jobs_done, 1);
    EXPECT_EQ(runner.RunDue(t0_ + 2 * kMicrosPerDay)->jobs_done, 0) << "done jobs never run again";
}

TEST_F(JobRunnerContract, AnExpiredLeaseIsTakenOverAndTheLateOwnerRollsBack) {
    Schedule(1, t0_);
    // Runner "dead" claims the job and never finishes it.
    auto claimed = db_->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
        ENT_TRY(tx.Exec("UPDATE jobs SET status = 'running', lease_owner = 'dead', lease_until = ?, attempts = 1",
                        {t0_ + 60 * kMicrosPerSecond}));
        return Ok();
    });
    ASSERT_TRUE(claimed.ok());
    JobRunner runner(*db_, "alive");
    RegisterEffect(runner, "alive");
    EXPECT_EQ(runner.RunDue(t0_)->jobs_done, 0) << "the lease still holds";
    EXPECT_EQ(runner.RunDue(t0_ + 61 * kMicrosPerSecond)->jobs_done, 1);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM job_effects"), 1);
}

TEST_F(JobRunnerContract, FailingJobsAreRetriedWithBackoffThenMarkedFailed) {
    Schedule(1, t0_, "flaky");
    int calls = 0;
    JobRunner runner(*db_, "r", RunnerPolicy{kMicrosPerSecond * 5 * 60, 3, 60 * kMicrosPerSecond});
    runner.RegisterKind("flaky", [&](storage::Transaction& tx, const std::string&, Micros) -> Status {
        ++calls;
        ENT_TRY(tx.Exec("INSERT INTO job_effects (job_payload, runner) VALUES ('partial', 'r')"));
        return MakeError(Problem::kUnavailable);
    });
    EXPECT_EQ(runner.RunDue(t0_)->jobs_failed, 1);
    EXPECT_EQ(runner.RunDue(t0_ + 30 * kMicrosPerSecond)->jobs_failed, 0) << "not yet due again";
    EXPECT_EQ(runner.RunDue(t0_ + 61 * kMicrosPerSecond)->jobs_failed, 1);
    EXPECT_EQ(runner.RunDue(t0_ + kMicrosPerSecond * 10 * 60)->jobs_failed, 1);
    EXPECT_EQ(runner.RunDue(t0_ + kMicrosPerDay)->jobs_failed, 0) << "given up after max attempts";
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE status = 'failed'"), 1);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM job_effects"), 0) << "a failed job's writes are rolled back";
}

TEST_F(JobRunnerContract, UniqueKeysScheduleAtMostOnce) {
    auto r = db_->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<int> {
        int added = 0;
        for (int i = 0; i < 3; ++i) {
            ENT_ASSIGN_OR_RETURN(auto id, ScheduleJob(tx, "effect", "x", t0_, std::string("reminder:1:14d"), t0_));
            added += id ? 1 : 0;
        }
        return added;
    });
    ASSERT_TRUE(r.ok()) << r.error().internal;
    EXPECT_EQ(*r, 1);
}

TEST_F(JobRunnerContract, UnknownKindsFailInsteadOfVanishing) {
    Schedule(1, t0_, "no-such-kind");
    JobRunner runner(*db_, "r");
    EXPECT_EQ(runner.RunDue(t0_)->jobs_failed, 1);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE last_error LIKE '%no handler%'"), 1);
}

TEST_F(JobRunnerContract, SweepsRunEveryRoundAndAFailingOneDoesNotStopOthers) {
    JobRunner runner(*db_, "r");
    int good = 0;
    runner.RegisterSweep("broken", [](Micros) -> Result<int> { return MakeError(Problem::kUnavailable); });
    runner.RegisterSweep("good", [&](Micros) -> Result<int> { return ++good; });
    auto report = runner.RunDue(t0_);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->sweeps.at("good"), 1);
    EXPECT_EQ(report->sweeps.count("broken"), 0U);
    ASSERT_TRUE(runner.RunDue(t0_).ok());
    EXPECT_EQ(good, 2);
}

}  // namespace
}  // namespace entitled::jobs
