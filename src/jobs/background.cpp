#include "jobs/background.hpp"

#include "common/log.hpp"

namespace entitled::jobs {

BackgroundLoop::BackgroundLoop(JobRunner& runner, const Clock& clock, std::chrono::milliseconds interval)
    : runner_(runner), clock_(clock), interval_(interval) {}

BackgroundLoop::~BackgroundLoop() { Stop(); }

void BackgroundLoop::Start() {
    thread_ = std::thread([this] { Loop(); });
}

void BackgroundLoop::Stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackgroundLoop::Loop() {
    for (;;) {
        auto round = runner_.RunDue(clock_.Now());
        if (!round.ok()) Log(LogLevel::kWarn, "job_round_failed", {{"error", round.error().internal}});
        std::unique_lock lock(mutex_);
        if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
    }
}

}  // namespace entitled::jobs
