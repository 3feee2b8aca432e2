#pragma once
// The device client (SPEC §8): what a licensed product embeds to register with
// entitled, check in, take floating leases, and verify every signed document
// offline with the published public keys alone.
//
// Contract: expected failures (no network, a refusal by the server, a document
// that does not verify, an unreadable state file) are returned as values;
// exceptions escape only for bugs and exhausted memory. The device's state is a
// plain value (DeviceState) that the embedding product loads, hands to a
// DeviceClient, and saves again; the client changes it only with what the
// server confirmed and what verified.
//
// Thread safety: a DeviceClient is not thread-safe; use one per thread or guard
// it. The free functions may be called from several threads at once. libsodium
// and libcurl are initialized once, on first use, thread-safely.
//
// Depends on libcurl, libsodium and Boost.JSON only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace entitled::device {

// ---------------------------------------------------------------- failures

enum class ErrorCode {
    kState,               // the state file cannot be read, parsed or written, or holds no device yet
    kInput,               // a file given to the client (keys, document) is not what it should be
    kNetwork,             // no HTTP answer at all (curl's message)
    kServer,              // an HTTP error answer: problem+json `detail` and `code`
    kBadResponse,         // a success answer that does not have the documented shape
    kInvalidDocument,     // a signed document from the server did not verify; it was not stored
    kNoLicenseAvailable,  // 409 no_license_available: see `available` and `retry_after_seconds`
    kLeaseExpired,        // 409 lease_expired: the lease is gone (and dropped from the state)
};

struct Error {
    ErrorCode code = ErrorCode::kState;
    std::string message;                   // one line, for people
    int http_status = 0;                   // when the server answered
    std::string problem_code;              // problem+json `code`, when the server sent one
    std::int64_t available = 0;            // kNoLicenseAvailable
    std::int64_t retry_after_seconds = 0;  // kNoLicenseAvailable
};

// A value or the Error that prevented it.
template <typename T>
class [[nodiscard]] Outcome {
  public:
    Outcome(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
    Outcome(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    // REQUIRES: ok()
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    // REQUIRES: !ok()
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Done {};
using Status = Outcome<Done>;

// ---------------------------------------------------------------- time

using Time = std::chrono::sys_time<std::chrono::microseconds>;

// RFC 3339: "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)", fraction up to 9 digits
// (kept to the microsecond). nullopt for anything else.
std::optional<Time> ParseTimestamp(std::string_view text);

// ---------------------------------------------------------------- keys

// A published signing key (GET /api/v1/licensing/keys).
struct PublicKey {
    std::string kid;
    std::string public_key;                 // raw Ed25519 public key, 32 bytes
    std::string created_at;                 // as published
    std::optional<std::string> retired_at;  // set: retired, verifies nothing any more
};

// The JSON of GET /api/v1/licensing/keys, `{keys: [{kid, alg, public_key, created_at, retired_at}]}`.
// Keys of another `alg` than Ed25519 are skipped: a newer server may publish
// kinds this client cannot use, and they must not make the others unusable.
Outcome<std::vector<PublicKey>> ParseKeys(const boost::json::value& keys_document);
boost::json::object KeysToJson(const std::vector<PublicKey>& keys);

// ---------------------------------------------------------------- state

// A floating lease this device holds.
struct StoredLease {
    std::string id;
    std::string product;
    std::int64_t count = 0;
    std::string expires_at;
    boost::json::value document;  // the signed lease
};

// Everything the device keeps between runs. The file holds the device secret,
// so SaveState writes it readable by its owner only.
struct DeviceState {
    std::string server;  // base URL, e.g. "http://127.0.0.1:8080"
    std::string device_id;
    std::string device_secret;
    std::string name;
    std::string serial;
    std::string product;
    std::string deployment;
    std::vector<PublicKey> keys;
    boost::json::value authorization;  // the last verified signed authorization; null before the first check-in
    std::vector<StoredLease> leases;

    bool registered() const { return !device_id.empty() && !device_secret.empty(); }
};

// A missing file is an empty state (a device not registered yet).
Outcome<DeviceState> LoadState(const std::string& path);
// Atomic: a temporary file beside `path` (mode 0600), flushed to disk, then
// renamed over `path`, so a crash leaves the old state or the new one.
Status SaveState(const std::string& path, const DeviceState& state);

// ---------------------------------------------------------------- offline verification

// Why a document is not valid, in the order the checks run. The names
// (VerdictName) are stable words that scripts may match.
enum class Verdict {
    kValid,
    kMalformed,      // not a signed document, or its payload lacks a field the checks need
    kUnknownFormat,  // a `format` other than "entitled/1"
    kUnknownKey,     // no trusted key has that `kid`
    kRetiredKey,     // the key was retired
    kBadSignature,   // the signature does not match the payload
    kWrongType,      // `type` is not a known type, or not the one expected
    kOtherDevice,    // bound to another serial or device id
    kNotYetValid,    // now < issued_at
    kExpired,        // now > not_after
};
std::string_view VerdictName(Verdict verdict);

// The device a document must be bound to: payload.device.serial must equal
// `serial`, and payload.device.id, when the payload has one, must equal `id`.
struct DeviceIdentity {
    std::string id;
    std::string serial;
};

struct Verification {
    Verdict verdict = Verdict::kMalformed;
    std::string kid;
    std::string type;
    boost::json::object payload;  // set once the signature verified (also when a later check failed)
    std::string issued_at;
    std::string not_after;
    // An authorization past not_after but not past grace_until: still kExpired,
    // but the product may keep running until then (SPEC §8, grace period).
    bool in_grace = false;
    std::string grace_until;

    bool ok() const { return verdict == Verdict::kValid; }
};

// Checks, in this order, stopping at the first failure: the signature (format,
// kid, retired key, signature), `type` (one of authorization, lease,
// reservation, usage_ack; and equal to `expected_type` unless that is empty),
// the binding to `device`, and issued_at ≤ now ≤ not_after. `clock_skew`
// widens that window on both sides (for documents just received from a server
// whose clock may differ a little); offline verification passes zero.
Verification VerifyDocument(const boost::json::value& document, const std::vector<PublicKey>& keys,
                            const DeviceIdentity& device, Time now, std::string_view expected_type = {},
                            std::chrono::seconds clock_skew = std::chrono::seconds{0});

// ---------------------------------------------------------------- HTTP

struct HttpRequest {
    std::string method;  // "GET", "POST", "DELETE"
    std::string url;
    std::string body;  // JSON; empty: no body
};

struct HttpResponse {
    int status = 0;
    std::string body;
};

// How the client reaches the server; tests and vendors with their own HTTP
// stack substitute it.
class HttpTransport {
  public:
    virtual ~HttpTransport() = default;
    // An answer of any HTTP status; an Error (kNetwork) only when there was none.
    virtual Outcome<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds timeout{30'000};  // the whole request
};
std::unique_ptr<HttpTransport> MakeCurlTransport(const CurlOptions& options = {});

// ---------------------------------------------------------------- the client

struct Registration {
    std::string token;  // a Virtual Account's registration token
    std::string name;
    std::string serial;
    std::string product;
    std::string deployment = "cloud";  // "cloud" or "on_prem"
};

struct Usage {
    std::string product;
    std::int64_t count = 0;
};

struct Entitlement {
    std::string product;
    std::int64_t count = 0;
    std::int64_t shortage = 0;
};

// What a check-in returned, taken from the verified (signed) authorization,
// except next_check_in_at, which the server sends beside it.
struct CheckInResult {
    std::string status;  // "authorized" or "out_of_compliance"
    std::vector<Entitlement> entitlements;
    std::string not_after;
    std::string grace_until;
    std::string next_check_in_at;
};

class DeviceClient {
  public:
    // `transport` null: libcurl with default timeouts. `clock` null: the system clock.
    explicit DeviceClient(DeviceState state, std::unique_ptr<HttpTransport> transport = nullptr,
                          std::function<Time()> clock = nullptr);

    // The state as it is now, to save after each call (also after a failed
    // one: a failure may still have refreshed keys or dropped an expired lease).
    const DeviceState& state() const { return state_; }

    // Talk to `server` instead of the stored server, without storing it.
    void UseServer(std::string server) { server_ = std::move(server); }

    // Registers this device with `server` and stores its id, secret, serial and
    // the server, then fetches the public keys. If the registration succeeded but
    // fetching the keys failed, the state holds the device (save it) and the
    // error is returned.
    // REQUIRES: !state().registered() (refused with kState otherwise, so a secret is never lost)
    Status Register(const std::string& server, const Registration& registration);

    // Replaces the stored public keys with the published ones.
    Status FetchKeys();

    // Reports usage and stores the returned authorization once it verified.
    // Keys are fetched first when the authorization names a kid the state
    // lacks (a rotated key). Both statuses are a success.
    Outcome<CheckInResult> CheckIn(const std::vector<Usage>& usage);

    // Checks out `count` seats of `product`; the verified lease is stored.
    Outcome<StoredLease> AcquireLease(const std::string& product, std::int64_t count);
    // Renews a lease; the renewed lease replaces the stored one. A lease that
    // already expired is dropped from the state (kLeaseExpired).
    Outcome<StoredLease> HeartbeatLease(const std::string& lease_id);
    // Returns the seats; the lease is dropped from the state (also when the
    // server answers that it already expired).
    Status ReleaseLease(const std::string& lease_id);

    // Offline: `document` against the stored keys and this device.
    Verification Verify(const boost::json::value& document, Time now, std::string_view expected_type = {}) const;

  private:
    Outcome<boost::json::value> Call(const std::string& method, const std::string& path,
                                     const boost::json::object* body);
    Status RefreshKeysFor(const boost::json::value& document);
    Outcome<Verification> VerifyReceived(const boost::json::value& document, std::string_view type);
    Outcome<StoredLease> StoreLease(const boost::json::value& answer);
    void DropLease(const std::string& lease_id);
    Status RequireRegistered() const;

    DeviceState state_;
    std::string server_;
    std::unique_ptr<HttpTransport> transport_;
    std::function<Time()> clock_;
};

}  // namespace entitled::device
