// HTTP through libcurl's easy interface: one handle per request, JSON bodies, bounded answers.
#include "entitled/device_client.hpp"

#include <curl/curl.h>

#include <mutex>

namespace entitled::device {
namespace {

// A server answer larger than this is not one of ours; stop reading instead of growing without bound.
constexpr size_t kMaxResponseBytes = size_t{4} * 1024 * 1024;

struct Sink {
    std::string body;
    bool too_large = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t n = size * count;
    if (sink->body.size() + n > kMaxResponseBytes) {
        sink->too_large = true;
        return 0;  // libcurl then fails the transfer with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

class CurlTransport final : public HttpTransport {
  public:
    explicit CurlTransport(const CurlOptions& options) : options_(options) {
        // curl_global_init is not guaranteed thread-safe on every libcurl build; once per process is enough.
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    }

    Outcome<HttpResponse> Send(const HttpRequest& request) override {
        std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
        if (!curl) return Error{ErrorCode::kNetwork, "cannot start libcurl"};
        CURL* c = curl.get();
        curl_slist* raw_headers = curl_slist_append(nullptr, "Accept: application/json, application/problem+json");
        // No "Expect: 100-continue" round trip for a body of a few hundred bytes.
        raw_headers = curl_slist_append(raw_headers, "Expect:");
        if (!request.body.empty()) raw_headers = curl_slist_append(raw_headers, "Content-Type: application/json");
        const std::unique_ptr<curl_slist, ListDeleter> headers(raw_headers);
        if (!headers) return Error{ErrorCode::kNetwork, "cannot start libcurl"};

        char message[CURL_ERROR_SIZE] = {};
        Sink sink;
        curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: the product may be multithreaded
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
        if (request.method == "POST" || !request.body.empty()) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }
        if (request.method != "GET" && request.method != "POST") {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }

        const CURLcode rc = curl_easy_perform(c);
        if (sink.too_large) {
            return Error{ErrorCode::kNetwork,
                         request.url + ": the answer is larger than " + std::to_string(kMaxResponseBytes) + " bytes"};
        }
        if (rc != CURLE_OK) {
            const std::string why = message[0] != '\0' ? message : curl_easy_strerror(rc);
            return Error{ErrorCode::kNetwork, request.url + ": " + why};
        }
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        return HttpResponse{static_cast<int>(status), std::move(sink.body)};
    }

  private:
    CurlOptions options_;
};

}  // namespace

std::unique_ptr<HttpTransport> MakeCurlTransport(const CurlOptions& options) {
    return std::make_unique<CurlTransport>(options);
}

}  // namespace entitled::device
