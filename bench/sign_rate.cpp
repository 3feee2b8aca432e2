// The baseline of the check-in benchmark: libsodium's own Ed25519 signing
// rate on this machine, for a payload the size of an authorization, on one
// thread and on every core. Prints one JSON line.
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

double SignaturesPerSecond(int threads, double seconds) {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    const std::string payload(420, 'x');  // an authorization for two products is about this long
    std::atomic<long> total{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            unsigned char sig[crypto_sign_BYTES];
            long n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(payload.data()),
                                     payload.size(), sk);
                ++n;
            }
            total += n;
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& w : workers) w.join();
    return static_cast<double>(total.load()) / seconds;
}

}  // namespace

int main() {
    if (sodium_init() < 0) return 1;
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    const double one = SignaturesPerSecond(1, 2.0);
    const double all = SignaturesPerSecond(cores, 2.0);
    std::printf("{\"one_thread\": %.0f, \"all_cores\": %.0f, \"cores\": %d, \"us_per_signature\": %.2f}\n", one, all,
                cores, 1e6 / one);
    return 0;
}
