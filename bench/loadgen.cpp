// A load generator for loopback benchmarks: keep-alive HTTP/1.1 connections
// sending requests from a file, either as fast as answers come back (closed
// loop: throughput) or at a fixed rate (open loop: latency, with each
// request's latency counted from when it was due, so a stalled server is not
// hidden by requests that were never sent — "coordinated omission").
//
//   bench_load --port 8080 --connections 32 --duration 5 [--rate 2000]
//              [--timeout-ms 2000] [--once] [--retry-503] --requests requests.jsonl
//
// requests.jsonl: one {"method", "target", "headers": {…}, "body"} per line,
// used round-robin (or each once with --once). Prints one JSON summary line.
#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
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

struct Options {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int connections = 16;
    double duration = 5;
    double rate = 0;  // 0: closed loop
    int timeout_ms = 2000;
    bool once = false;
    bool retry_503 = false;  // a refused write is sent again (nothing was applied)
    int threads = 1;
    std::string requests;
};

struct Request {
    http::verb method = http::verb::get;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct Shared {
    Options opt;
    std::vector<Request> requests;
    std::atomic<std::size_t> next{0};
    Clock::time_point start, end;
    std::mutex mutex;
    std::vector<std::uint32_t> latencies_us;  // completed inside the window
    std::map<unsigned, std::int64_t> status;
    std::int64_t errors = 0, timeouts = 0, completed = 0, retried = 0;
    Clock::time_point last_done;
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(asio::io_context& ioc, Shared& shared, int index)
        : shared_(shared), index_(index), stream_(asio::make_strand(ioc)), timer_(stream_.get_executor()) {}

    // Phase one: connect. The measured window starts when every connection is up (or has failed).
    void Start(std::function<void()> connected) {
        connected_ = std::move(connected);
        Connect();
    }
    bool up() const { return up_; }
    void Begin() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (self->up_) self->Schedule();
        });
    }

  private:
    void Connect() {
        stream_.expires_after(std::chrono::milliseconds(shared_.opt.timeout_ms));
        tcp::endpoint ep(asio::ip::make_address(shared_.opt.host), shared_.opt.port);
        stream_.async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
            if (self->connected_) {
                // First connection attempt: report to the connect phase, wait for Begin.
                self->up_ = !ec;
                auto done = std::move(self->connected_);
                self->connected_ = nullptr;
                done();
                return;
            }
            if (ec) return self->Failed(ec, false);
            self->Schedule();
        });
    }

    void Schedule() {
        if (Clock::now() >= shared_.end) return;
        const std::size_t i = shared_.next.fetch_add(1);
        if (shared_.opt.once && i >= shared_.requests.size()) return;
        current_ = &shared_.requests[i % shared_.requests.size()];
        if (shared_.opt.rate > 0) {
            // The k-th request overall is due at start + k / rate.
            due_ = shared_.start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(static_cast<double>(i) / shared_.opt.rate));
            if (due_ >= shared_.end) return;
            timer_.expires_at(due_);
            timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Send(); });
        } else {
            due_ = Clock::now();
            Send();
        }
    }

    void Send() {
        req_ = {};
        req_.method(current_->method);
        req_.target(current_->target);
        req_.version(11);
        req_.set(http::field::host, "bench");
        for (const auto& [k, v] : current_->headers) req_.set(k, v);
        req_.body() = current_->body;
        req_.prepare_payload();
        req_.keep_alive(true);
        stream_.expires_after(std::chrono::milliseconds(shared_.opt.timeout_ms));
        http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Failed(ec, true);
            self->Read();
        });
    }

    void Read() {
        parser_.emplace();
        parser_->body_limit(64 * 1024 * 1024);
        http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Failed(ec, true);
            self->Done();
        });
    }

    void Done() {
        const auto now = Clock::now();
        const auto& res = parser_->get();
        if (shared_.opt.retry_503 && res.result_int() == 503 && res.keep_alive()) {
            {
                std::lock_guard lock(shared_.mutex);
                ++shared_.retried;
            }
            timer_.expires_after(std::chrono::milliseconds(5));
            timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Send(); });
            return;
        }
        {
            std::lock_guard lock(shared_.mutex);
            if (due_ >= shared_.start && now <= shared_.end + std::chrono::milliseconds(shared_.opt.timeout_ms)) {
                ++shared_.completed;
                shared_.last_done = std::max(shared_.last_done, now);
                ++shared_.status[res.result_int()];
                shared_.latencies_us.push_back(static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(now - due_).count()));
            }
        }
        if (!res.keep_alive()) {
            Reconnect();
            return;
        }
        Schedule();
    }

    void Failed(beast::error_code ec, bool in_request) {
        {
            std::lock_guard lock(shared_.mutex);
            if (ec == beast::error::timeout)
                ++shared_.timeouts;
            else
                ++shared_.errors;
        }
        (void)in_request;
        if (Clock::now() < shared_.end) Reconnect();
    }

    void Reconnect() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
        buffer_.clear();
        Connect();
    }

    Shared& shared_;
    int index_;
    beast::tcp_stream stream_;
    asio::steady_timer timer_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> req_;
    std::optional<http::response_parser<http::string_body>> parser_;
    const Request* current_ = nullptr;
    Clock::time_point due_;
    std::function<void()> connected_;
    bool up_ = false;
};

std::vector<Request> LoadRequests(const std::string& path) {
    std::ifstream in(path);
    std::vector<Request> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto v = json::parse(line).as_object();
        Request r;
        r.method = http::string_to_verb(v.at("method").as_string());
        r.target = std::string(v.at("target").as_string());
        if (const auto* h = v.if_contains("headers")) {
            for (const auto& [k, val] : h->as_object())
                r.headers.emplace_back(std::string(k), std::string(val.as_string()));
        }
        if (const auto* b = v.if_contains("body")) r.body = std::string(b->as_string());
        out.push_back(std::move(r));
    }
    return out;
}

double Percentile(std::vector<std::uint32_t>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k] / 1000.0;
}

bool Parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--host")
            o.host = value();
        else if (a == "--port")
            o.port = static_cast<unsigned short>(std::stoi(value()));
        else if (a == "--connections")
            o.connections = std::stoi(value());
        else if (a == "--duration")
            o.duration = std::stod(value());
        else if (a == "--rate")
            o.rate = std::stod(value());
        else if (a == "--timeout-ms")
            o.timeout_ms = std::stoi(value());
        else if (a == "--threads")
            o.threads = std::stoi(value());
        else if (a == "--once")
            o.once = true;
        else if (a == "--retry-503")
            o.retry_503 = true;
        else if (a == "--requests")
            o.requests = value();
        else
            return false;
    }
    return !o.requests.empty();
}

}  // namespace

int main(int argc, char** argv) {
    Shared shared;
    if (!Parse(argc, argv, shared.opt)) {
        std::cerr << "usage: bench_load --port P --connections C --duration S [--rate R] [--timeout-ms T] "
                     "[--threads N] [--once] --requests FILE\n";
        return 2;
    }
    shared.requests = LoadRequests(shared.opt.requests);
    if (shared.requests.empty()) {
        std::cerr << "bench_load: no requests in " << shared.opt.requests << "\n";
        return 2;
    }
    asio::io_context ioc;
    // Far in the future until every connection is up, so nothing is sent before.
    shared.start = shared.end = Clock::now() + std::chrono::hours(24);
    std::vector<std::shared_ptr<Connection>> conns;
    std::atomic<int> waiting{shared.opt.connections};
    std::int64_t connect_failures = 0;
    for (int i = 0; i < shared.opt.connections; ++i) {
        conns.push_back(std::make_shared<Connection>(ioc, shared, i));
    }
    for (auto& c : conns) c->Start([&] { --waiting; });
    while (waiting.load() > 0 && ioc.run_one() > 0) {
    }
    shared.errors = 0;  // failed first connects are counted below, not as request errors
    shared.timeouts = 0;
    shared.start = Clock::now();
    shared.end =
        shared.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(shared.opt.duration));
    for (auto& c : conns) {
        if (!c->up()) ++connect_failures;
        c->Begin();
    }
    std::vector<std::thread> threads;
    for (int i = 1; i < shared.opt.threads; ++i) threads.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();
    // With --once the run ends when the requests do.
    const auto until = shared.opt.once && shared.last_done < shared.end ? shared.last_done : shared.end;
    const double seconds = std::max(1e-3, std::chrono::duration<double>(until - shared.start).count());
    auto& lat = shared.latencies_us;
    json::object status;
    for (const auto& [code, n] : shared.status) status[std::to_string(code)] = n;
    json::object out{{"completed", shared.completed},
                     {"seconds", seconds},
                     {"rps", static_cast<double>(shared.completed) / seconds},
                     {"p50_ms", Percentile(lat, 0.50)},
                     {"p90_ms", Percentile(lat, 0.90)},
                     {"p99_ms", Percentile(lat, 0.99)},
                     {"max_ms", lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end()) / 1000.0},
                     {"status", status},
                     {"errors", shared.errors},
                     {"connect_failures", connect_failures},
                     {"retried_503", shared.retried},
                     {"timeouts", shared.timeouts}};
    std::cout << json::serialize(out) << std::endl;
    return 0;
}
