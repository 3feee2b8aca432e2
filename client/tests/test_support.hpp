#pragma once
// Shared by the client's tests: signing keys made on the spot, the payloads
// the server signs (SPEC §8), scratch directories, and a fake server.

#include <sodium.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "common/signed_document.hpp"
#include "entitled/device_client.hpp"

namespace entitled::device::fixtures {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// REQUIRES: `text` is a valid timestamp (throws otherwise, failing the test).
inline Time At(std::string_view text) { return ParseTimestamp(text).value(); }

struct SigningKey {
    std::string kid;
    Ed25519KeyPair pair;

    PublicKey Published(std::optional<std::string> retired_at = std::nullopt) const {
        return {kid, pair.public_key, "2026-01-01T00:00:00Z", std::move(retired_at)};
    }
    object Sign(const object& payload) const { return SignDocument(payload, kid, pair.secret_key); }
};

inline SigningKey NewKey(std::string kid) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    return {std::move(kid), GenerateEd25519KeyPair()};
}

// The times every fake document uses: issued at kIssued, valid until kNotAfter, in grace until kGrace.
inline constexpr std::string_view kIssued = "2026-12-01T10:00:00Z";
inline constexpr std::string_view kNotAfter = "2026-12-03T11:00:00Z";
inline constexpr std::string_view kGrace = "2027-03-01T10:00:00Z";
inline constexpr std::string_view kLeaseExpires = "2026-12-01T10:15:00Z";

inline object AuthorizationPayload(std::string_view serial, value device_id, std::string_view status = "authorized") {
    object device{{"serial", serial}};
    if (!device_id.is_null()) device["id"] = device_id;
    return {{"type", "authorization"},
            {"issued_at", kIssued},
            {"not_after", kNotAfter},
            {"grace_until", kGrace},
            {"device", std::move(device)},
            {"smart_account_id", 3},
            {"virtual_account_id", 5},
            {"status", status},
            {"entitlements",
             array{object{{"product", "ROUTER-DNA"}, {"count", 5}, {"shortage", 0}},
                   object{{"product", "ROUTER-SEC"}, {"count", 2}, {"shortage", status == "authorized" ? 0 : 1}}}}};
}

inline object LeasePayload(std::string_view serial, value device_id, value lease_id,
                           std::string_view expires_at = kLeaseExpires) {
    return {{"type", "lease"},
            {"issued_at", kIssued},
            {"not_after", expires_at},
            {"expires_at", expires_at},
            {"lease_id", lease_id},
            {"device", object{{"id", device_id}, {"serial", serial}}},
            {"smart_account_id", 3},
            {"virtual_account_id", 5},
            {"entitlements", array{object{{"product", "FLOAT-CAD"}, {"count", 2}}}}};
}

// A directory of its own under the system's temporary directory, removed with everything in it.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "entitled-client-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string File(std::string_view name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// Answers like the server (API.md "Product-side licensing") for one device,
// signing with `key`; `intercept` answers a request first when it returns a
// response. Every request is kept in `requests`.
class FakeServer {
  public:
    static constexpr std::int64_t kDeviceId = 42;
    static constexpr std::string_view kSecret = "device-secret-1";
    static constexpr std::string_view kSerial = "SN-1";

    SigningKey key = NewKey("k1");
    std::vector<PublicKey> published{key.Published()};
    std::string signed_serial{kSerial};  // the serial the documents are bound to
    std::string status = "authorized";
    std::string lease_expires_at{kLeaseExpires};
    std::function<std::optional<HttpResponse>(const HttpRequest&)> intercept;
    std::vector<HttpRequest> requests;

    // The transport a DeviceClient uses to reach this server; it must not outlive it.
    std::unique_ptr<HttpTransport> Transport() { return std::make_unique<Forward>(this); }

    static HttpResponse Problem(int status, std::string_view code, std::string_view detail, object extra = {}) {
        object body{{"status", status}, {"title", "refused"}, {"detail", detail}, {"code", code}};
        for (auto& [k, v] : extra) body[k] = v;
        return {status, boost::json::serialize(body)};
    }

    // The JSON body of the last request to `path`.
    object LastBody(std::string_view path) const {
        for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
            if (it->url.ends_with(path)) return boost::json::parse(it->body).as_object();
        }
        throw std::runtime_error("no request to " + std::string(path));
    }
    size_t Count(std::string_view method, std::string_view path) const {
        size_t n = 0;
        for (const auto& r : requests) n += r.method == method && r.url.ends_with(path) ? 1 : 0;
        return n;
    }

  private:
    struct Forward final : HttpTransport {
        explicit Forward(FakeServer* s) : server(s) {}
        Outcome<HttpResponse> Send(const HttpRequest& r) override { return server->Handle(r); }
        FakeServer* server;
    };

    HttpResponse LeaseAnswer(int http_status, std::int64_t id) const {
        const object doc = key.Sign(LeasePayload(signed_serial, kDeviceId, id, lease_expires_at));
        return {
            http_status,
            boost::json::serialize(object{
                {"id", id}, {"product", "FLOAT-CAD"}, {"count", 2}, {"expires_at", lease_expires_at}, {"lease", doc}})};
    }

    HttpResponse Handle(const HttpRequest& r) {
        requests.push_back(r);
        if (intercept) {
            if (auto answer = intercept(r)) return *answer;
        }
        const std::string path = r.url.substr(r.url.find("/api/"));
        if (r.method == "GET" && path == "/api/v1/licensing/keys") {
            return {200, boost::json::serialize(KeysToJson(published))};
        }
        if (r.method == "POST" && path == "/api/v1/devices/register") {
            return {201, boost::json::serialize(object{{"device_id", kDeviceId}, {"device_secret", kSecret}})};
        }
        if (r.method == "POST" && path == "/api/v1/devices/check-in") {
            const object doc = key.Sign(AuthorizationPayload(signed_serial, kDeviceId, status));
            return {200,
                    boost::json::serialize(object{
                        {"status", status}, {"authorization", doc}, {"next_check_in_at", "2026-12-02T10:00:00Z"}})};
        }
        if (r.method == "POST" && path == "/api/v1/leases") return LeaseAnswer(201, 7);
        if (r.method == "POST" && path.starts_with("/api/v1/leases/") && path.ends_with("/heartbeat")) {
            const auto id = path.substr(15, path.size() - 15 - 10);
            return LeaseAnswer(200, std::stoll(id));
        }
        if (r.method == "DELETE" && path.starts_with("/api/v1/leases/")) return {204, ""};
        return Problem(404, "not_found", "no such route");
    }
};

}  // namespace entitled::device::fixtures
