#include "http/metrics.hpp"

#include <sstream>

namespace entitled::http {

void Metrics::ObserveRequest(std::string_view method, unsigned status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(method), status}];
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    ++bucket_counts_[i];
    latency_sum_ += seconds;
    ++latency_count_;
}

void Metrics::AddCallback(std::string name, std::string help, std::string type, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    callbacks_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

std::string Metrics::Render() const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP entitled_http_requests_total HTTP requests by method and status.\n"
        << "# TYPE entitled_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        out << "entitled_http_requests_total{method=\"" << key.first << "\",status=\"" << key.second << "\"} " << n
            << "\n";
    }
    out << "# HELP entitled_http_request_duration_seconds Time from a complete request to its response.\n"
        << "# TYPE entitled_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += bucket_counts_[i];
        out << "entitled_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
    }
    cumulative += bucket_counts_[kBuckets.size()];
    out << "entitled_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
        << "entitled_http_request_duration_seconds_sum " << latency_sum_ << "\n"
        << "entitled_http_request_duration_seconds_count " << latency_count_ << "\n";
    out << "# HELP entitled_http_in_flight Requests being handled now.\n# TYPE entitled_http_in_flight gauge\n"
        << "entitled_http_in_flight " << in_flight.load() << "\n";
    out << "# HELP entitled_http_shed_total Requests refused with 503 because the server was saturated.\n"
        << "# TYPE entitled_http_shed_total counter\nentitled_http_shed_total " << shed.load() << "\n";
    for (const auto& c : callbacks_) {
        out << "# HELP " << c.name << " " << c.help << "\n# TYPE " << c.name << " " << c.type << "\n"
            << c.name << " " << c.read() << "\n";
    }
    return out.str();
}

}  // namespace entitled::http
