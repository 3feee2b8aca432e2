#pragma once
// The job runner's heartbeat inside `entitled serve`: one round every
// `interval` on its own thread, never on an I/O or request thread.

#include <condition_variable>
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

    void Start();
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
    std::thread thread_;
};

}  // namespace entitled::jobs
