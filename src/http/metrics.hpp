#pragma once
// Process metrics in the Prometheus text exposition format. Request counts and
// latencies are recorded by the HTTP pipeline; other subsystems (outbox, jobs,
// storage) register gauges or counters read at scrape time.
//
// Thread safety: all members may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entitled::http {

class Metrics {
  public:
    void ObserveRequest(std::string_view method, unsigned status, double seconds);
    // A value read at scrape time; `type` is "gauge" or "counter".
    void AddCallback(std::string name, std::string help, std::string type, std::function<double()> read);
    std::string Render() const;

    std::atomic<std::int64_t> in_flight{0};
    std::atomic<std::uint64_t> shed{0};

  private:
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
    struct Callback {
        std::string name, help, type;
        std::function<double()> read;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
    std::array<std::uint64_t, kBuckets.size() + 1> bucket_counts_{};
    double latency_sum_ = 0;
    std::uint64_t latency_count_ = 0;
    std::vector<Callback> callbacks_;
};

}  // namespace entitled::http
