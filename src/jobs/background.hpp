#pragma once
// The job runner's heartbeat inside `entitled serve`: one round every
// `interval` on its own thread, never on an I/O or request thread.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "common/clock.hpp"
#include "jobs/job_runner.hpp"

namespace entitled::jobs {

class BackgroundLoop {
  public:
    BackgroundLoop(JobRunner& runner, const Clock& clock, std::chrono::milliseconds interval);
    ~BackgroundLoop();
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;

    // Rounds for which `again` is true are followed by the next at once, not
    // after the interval: work that moves in steps (a transfer's automatic
    // statuses) then takes milliseconds per step. Call before Start.
    void RepeatWhen(std::function<bool(const RoundReport&)> again) { again_ = std::move(again); }
    void Start();
    // Starts the next round now (say, a transfer was just submitted).
    void Nudge();
    // Finishes the round in progress, then returns.
    void Stop();

  private:
    void Loop();

    JobRunner& runner_;
    const Clock& clock_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool nudged_ = false;
    std::function<bool(const RoundReport&)> again_;
    std::thread thread_;
};

}  // namespace entitled::jobs
