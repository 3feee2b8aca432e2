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

void BackgroundLoop::Nudge() {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    cv_.notify_all();
}

void BackgroundLoop::Loop() {
    for (;;) {
        auto round = runner_.RunDue(clock_.Now());
        if (!round.ok()) Log(LogLevel::kWarn, "job_round_failed", {{"error", round.error().internal}});
        const bool again = round.ok() && again_ && again_(*round);
        std::unique_lock lock(mutex_);
        if (stop_) return;
        if (again) continue;
        if (cv_.wait_for(lock, interval_, [this] { return stop_ || nudged_; }) && stop_) return;
        nudged_ = false;
    }
}

}  // namespace entitled::jobs
