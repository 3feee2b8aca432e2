#include "jobs/background.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/db.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::jobs {
namespace {

// Waits (bounded) for a condition the loop should reach; the bound only stops a broken build from hanging.
template <typename F>
bool Eventually(F f) {
    for (int i = 0; i < 1000 && !f(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return f();
}

class BackgroundLoopTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = storage::OpenDatabase("sqlite::memory:");
        ASSERT_TRUE(db.ok());
        db_ = std::move(*db);
        ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
        runner_ = std::make_unique<JobRunner>(*db_, "test");
        // A sweep with three steps of work, then none (like a transfer's automatic statuses).
        runner_->RegisterSweep("steps", [this](Micros) -> Result<int> {
            ++rounds_;
            return left_ > 0 ? (--left_, 1) : 0;
        });
    }

    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<JobRunner> runner_;
    SystemClock clock_;
    std::atomic<int> rounds_{0};
    std::atomic<int> left_{3};
};

TEST_F(BackgroundLoopTest, RoundsThatMadeProgressAreFollowedAtOnceNotAfterTheInterval) {
    BackgroundLoop loop(*runner_, clock_, std::chrono::hours(1));
    loop.RepeatWhen([](const RoundReport& r) { return r.sweeps.at("steps") > 0; });
    loop.Start();
    // Three rounds with work and the one that found none, all without waiting an hour.
    EXPECT_TRUE(Eventually([&] { return rounds_.load() == 4; }));
    EXPECT_EQ(left_.load(), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(rounds_.load(), 4) << "an idle loop waits for the interval";
    loop.Stop();
}

TEST_F(BackgroundLoopTest, ANudgeStartsTheNextRoundNow) {
    BackgroundLoop loop(*runner_, clock_, std::chrono::hours(1));
    loop.Start();
    EXPECT_TRUE(Eventually([&] { return rounds_.load() == 1; }));
    loop.Nudge();
    EXPECT_TRUE(Eventually([&] { return rounds_.load() == 2; }));
    loop.Stop();
}

}  // namespace
}  // namespace entitled::jobs
