// Floating leases under load: each connection checks out one seat and
// releases it again, as fast as answers come back (a lease's id is needed for
// its release, which the request-file load generator cannot chain).
//
//   bench_leases --port P --devices devices.json --product SW --duration S
//
// devices.json: [{"device_id", "device_secret"}, …], one connection each.
// Prints one JSON line: pairs/s, p50/p99 of a pair in ms, refusals, errors.
#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Device {
    std::int64_t id = 0;
    std::string secret;
};

struct Totals {
    std::mutex mu;
    std::vector<double> pair_ms;
    long refused = 0;
    long errors = 0;
};

class Connection {
  public:
    explicit Connection(unsigned short port) : socket_(io_) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    http::response<http::string_body> Send(http::verb method, const std::string& target, const std::string& body) {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
        http::write(socket_, req);
        http::response<http::string_body> res;
        http::read(socket_, buffer_, res);
        return res;
    }

  private:
    asio::io_context io_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

void Run(unsigned short port, const Device& d, const std::string& product, Clock::time_point until, Totals& totals) {
    std::vector<double> local;
    long refused = 0;
    long errors = 0;
    try {
        Connection c(port);
        const std::string acquire = json::serialize(
            json::object{{"device_id", d.id}, {"device_secret", d.secret}, {"product", product}, {"count", 1}});
        const std::string release = json::serialize(json::object{{"device_secret", d.secret}});
        while (Clock::now() < until) {
            const auto start = Clock::now();
            auto got = c.Send(http::verb::post, "/api/v1/leases", acquire);
            if (got.result_int() == 409) {
                ++refused;
                continue;
            }
            if (got.result_int() != 201) {
                ++errors;
                continue;
            }
            const auto id = json::parse(got.body()).at("id").as_int64();
            auto freed = c.Send(http::verb::delete_, "/api/v1/leases/" + std::to_string(id), release);
            if (freed.result_int() != 204) ++errors;
            local.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
    } catch (const std::exception&) {
        ++errors;
    }
    std::lock_guard lock(totals.mu);
    totals.pair_ms.insert(totals.pair_ms.end(), local.begin(), local.end());
    totals.refused += refused;
    totals.errors += errors;
}

double Percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = 0;
    std::string devices_file;
    std::string product;
    double duration = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--port") port = static_cast<unsigned short>(std::stoi(argv[i + 1]));
        if (k == "--devices") devices_file = argv[i + 1];
        if (k == "--product") product = argv[i + 1];
        if (k == "--duration") duration = std::stod(argv[i + 1]);
    }
    if (port == 0 || devices_file.empty() || product.empty()) {
        std::fprintf(stderr, "usage: bench_leases --port P --devices devices.json --product SW [--duration S]\n");
        return 2;
    }
    std::ifstream in(devices_file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<Device> devices;
    const json::value parsed = json::parse(text);
    for (const auto& d : parsed.as_array()) {
        devices.push_back({d.at("device_id").as_int64(), std::string(d.at("device_secret").as_string())});
    }
    Totals totals;
    const auto until =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
    std::vector<std::thread> threads;
    for (const auto& d : devices) threads.emplace_back([&, d] { Run(port, d, product, until, totals); });
    for (auto& t : threads) t.join();
    const double pairs = static_cast<double>(totals.pair_ms.size());
    std::printf("{\"pairs_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"refused\": %ld, \"errors\": %ld}\n",
                pairs / duration, Percentile(totals.pair_ms, 0.5), Percentile(totals.pair_ms, 0.99), totals.refused,
                totals.errors);
    return 0;
}
