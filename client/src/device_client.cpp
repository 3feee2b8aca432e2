// The online half of the client: registration, check-in and leases (API.md "Product-side licensing").
#include "entitled/device_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "json_fields.hpp"

namespace entitled::device {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// A document just received may carry an issued_at a little ahead of this
// device's clock; refusing it would make a device with a slightly fast or slow
// clock unusable. Stored documents are verified later without this allowance.
constexpr std::chrono::seconds kReceiveSkew = std::chrono::minutes(5);

Time SystemNow() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

// RFC 3986 unreserved characters pass; everything else is %XX, so an id can never change the path.
std::string PathSegment(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::string OneLine(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

// A non-2xx answer: problem+json `detail` and `code` when the server sent them.
Error ServerError(int status, const object* problem) {
    Error e{ErrorCode::kServer, "", status};
    std::string detail;
    if (problem != nullptr) {
        e.problem_code = StringField(*problem, "code").value_or("");
        detail = StringField(*problem, "detail").value_or(StringField(*problem, "title").value_or(""));
    }
    if (e.problem_code == "no_license_available") {
        e.code = ErrorCode::kNoLicenseAvailable;
        e.available = IntField(*problem, "available").value_or(0);
        e.retry_after_seconds = IntField(*problem, "retry_after").value_or(0);
        e.message = "no license available: " + std::to_string(e.available) + " available, retry after " +
                    std::to_string(e.retry_after_seconds) + " s";
        return e;
    }
    if (e.problem_code == "lease_expired") e.code = ErrorCode::kLeaseExpired;
    std::string where = "HTTP " + std::to_string(status);
    if (!e.problem_code.empty()) where = e.problem_code + ", " + where;
    e.message = detail.empty() ? "the server answered " + where : OneLine(detail) + " (" + where + ")";
    return e;
}

Error BadResponse(const std::string& what) {
    return Error{ErrorCode::kBadResponse, "unexpected answer from the server: " + what};
}

}  // namespace

DeviceClient::DeviceClient(DeviceState state, std::unique_ptr<HttpTransport> transport, std::function<Time()> clock)
    : state_(std::move(state)),
      server_(state_.server),
      transport_(transport ? std::move(transport) : MakeCurlTransport()),
      clock_(clock ? std::move(clock) : &SystemNow) {}

Outcome<value> DeviceClient::Call(const std::string& method, const std::string& path, const object* body) {
    std::string base = server_;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.empty()) return Error{ErrorCode::kState, "no server URL: the state holds none and none was given"};
    auto answer = transport_->Send(HttpRequest{method, base + path, body != nullptr ? serialize(*body) : ""});
    if (!answer) return answer.error();
    const auto& response = answer.value();
    boost::system::error_code ec;
    value json = response.body.empty() ? value(nullptr) : boost::json::parse(response.body, ec);
    if (response.status >= 200 && response.status < 300) {
        if (ec) return BadResponse(method + " " + path + " did not answer JSON");
        return json;
    }
    return ServerError(response.status, ec ? nullptr : json.if_object());
}

Status DeviceClient::RequireRegistered() const {
    if (!state_.registered()) return Error{ErrorCode::kState, "the state holds no device: register it first"};
    return Done{};
}

Status DeviceClient::FetchKeys() {
    auto answer = Call("GET", "/api/v1/licensing/keys", nullptr);
    if (!answer) return answer.error();
    auto keys = ParseKeys(answer.value());
    if (!keys) return BadResponse(keys.error().message);
    state_.keys = std::move(keys.value());
    return Done{};
}

Status DeviceClient::RefreshKeysFor(const value& document) {
    const auto* doc = document.if_object();
    const auto kid = doc != nullptr ? StringField(*doc, "kid") : std::nullopt;
    if (!kid) return Done{};  // verification reports it malformed
    const bool known =
        std::any_of(state_.keys.begin(), state_.keys.end(), [&](const PublicKey& k) { return k.kid == *kid; });
    return known ? Status(Done{}) : FetchKeys();
}

Outcome<Verification> DeviceClient::VerifyReceived(const value& document, std::string_view type) {
    if (auto refreshed = RefreshKeysFor(document); !refreshed) return refreshed.error();
    auto v = VerifyDocument(document, state_.keys, {state_.device_id, state_.serial}, clock_(), type, kReceiveSkew);
    if (!v.ok()) {
        return Error{ErrorCode::kInvalidDocument, "the " + std::string(type) + " the server sent does not verify: " +
                                                      std::string(VerdictName(v.verdict))};
    }
    return v;
}

Status DeviceClient::Register(const std::string& server, const Registration& registration) {
    if (state_.registered()) {
        return Error{ErrorCode::kState,
                     "the state already holds device " + state_.device_id + "; register with another state file"};
    }
    server_ = server;
    const object body{{"token", registration.token},
                      {"name", registration.name},
                      {"serial", registration.serial},
                      {"product", registration.product},
                      {"deployment", registration.deployment}};
    auto answer = Call("POST", "/api/v1/devices/register", &body);
    if (!answer) return answer.error();
    const auto* o = answer.value().if_object();
    auto id = o != nullptr ? IdField(*o, "device_id") : std::nullopt;
    auto secret = o != nullptr ? StringField(*o, "device_secret") : std::nullopt;
    if (!id || !secret || secret->empty()) return BadResponse("the registration has no device_id and device_secret");
    DeviceState fresh;
    fresh.server = server;
    fresh.device_id = std::move(*id);
    fresh.device_secret = std::move(*secret);
    fresh.name = registration.name;
    fresh.serial = registration.serial;
    fresh.product = registration.product;
    fresh.deployment = registration.deployment;
    state_ = std::move(fresh);
    return FetchKeys();
}

Outcome<CheckInResult> DeviceClient::CheckIn(const std::vector<Usage>& usage) {
    if (auto registered = RequireRegistered(); !registered) return registered.error();
    array used;
    used.reserve(usage.size());
    for (const auto& u : usage) used.push_back(object{{"product", u.product}, {"count", u.count}});
    const object body{
        {"device_id", IdJson(state_.device_id)}, {"device_secret", state_.device_secret}, {"usage", std::move(used)}};
    auto answer = Call("POST", "/api/v1/devices/check-in", &body);
    if (!answer) return answer.error();
    const auto* o = answer.value().if_object();
    const auto* document = o != nullptr ? o->if_contains("authorization") : nullptr;
    if (document == nullptr) return BadResponse("the check-in answer has no authorization");
    auto verified = VerifyReceived(*document, "authorization");
    if (!verified) return verified.error();
    const auto& p = verified.value().payload;

    // Everything but the next check-in time comes from the signed payload, not the unsigned envelope.
    CheckInResult result;
    result.status = StringField(p, "status").value_or("");
    if (result.status.empty()) return BadResponse("the authorization has no status");
    if (const auto* entitlements = ArrayField(p, "entitlements")) {
        for (const auto& item : *entitlements) {
            const auto* e = item.if_object();
            if (e == nullptr) continue;
            result.entitlements.push_back({StringField(*e, "product").value_or(""), IntField(*e, "count").value_or(0),
                                           IntField(*e, "shortage").value_or(0)});
        }
    }
    result.not_after = verified.value().not_after;
    result.grace_until = StringField(p, "grace_until").value_or("");
    result.next_check_in_at = StringField(*o, "next_check_in_at").value_or("");
    state_.authorization = *document;
    return result;
}

Outcome<StoredLease> DeviceClient::StoreLease(const value& answer) {
    const auto* o = answer.if_object();
    const auto id = o != nullptr ? IdField(*o, "id") : std::nullopt;
    const auto* document = o != nullptr ? o->if_contains("lease") : nullptr;
    if (!id || document == nullptr) return BadResponse("the lease answer has no id and lease");
    auto verified = VerifyReceived(*document, "lease");
    if (!verified) return verified.error();
    const auto& p = verified.value().payload;
    if (IdField(p, "lease_id") != id) {
        return Error{ErrorCode::kInvalidDocument, "the server sent a lease document for another lease than " + *id};
    }

    StoredLease lease{*id, "", 0, StringField(p, "expires_at").value_or(verified.value().not_after), *document};
    if (const auto* entitlements = ArrayField(p, "entitlements"); entitlements != nullptr && !entitlements->empty()) {
        if (const auto* e = entitlements->front().if_object()) {
            lease.product = StringField(*e, "product").value_or("");
            lease.count = IntField(*e, "count").value_or(0);
        }
    }
    const auto existing = std::find_if(state_.leases.begin(), state_.leases.end(),
                                       [&](const StoredLease& l) { return l.id == lease.id; });
    if (existing != state_.leases.end()) {
        *existing = lease;
    } else {
        state_.leases.push_back(lease);
    }
    return lease;
}

void DeviceClient::DropLease(const std::string& lease_id) {
    std::erase_if(state_.leases, [&](const StoredLease& l) { return l.id == lease_id; });
}

Outcome<StoredLease> DeviceClient::AcquireLease(const std::string& product, std::int64_t count) {
    if (auto registered = RequireRegistered(); !registered) return registered.error();
    const object body{{"device_id", IdJson(state_.device_id)},
                      {"device_secret", state_.device_secret},
                      {"product", product},
                      {"count", count}};
    auto answer = Call("POST", "/api/v1/leases", &body);
    if (!answer) return answer.error();
    return StoreLease(answer.value());
}

Outcome<StoredLease> DeviceClient::HeartbeatLease(const std::string& lease_id) {
    if (auto registered = RequireRegistered(); !registered) return registered.error();
    const object body{{"device_secret", state_.device_secret}};
    auto answer = Call("POST", "/api/v1/leases/" + PathSegment(lease_id) + "/heartbeat", &body);
    if (!answer) {
        if (answer.error().code == ErrorCode::kLeaseExpired) DropLease(lease_id);
        return answer.error();
    }
    return StoreLease(answer.value());
}

Status DeviceClient::ReleaseLease(const std::string& lease_id) {
    if (auto registered = RequireRegistered(); !registered) return registered.error();
    const object body{{"device_secret", state_.device_secret}};
    auto answer = Call("DELETE", "/api/v1/leases/" + PathSegment(lease_id), &body);
    // An expired lease's seats are already back in the pool: it is gone either way.
    if (answer || answer.error().code == ErrorCode::kLeaseExpired) DropLease(lease_id);
    if (!answer) return answer.error();
    return Done{};
}

Verification DeviceClient::Verify(const value& document, Time now, std::string_view expected_type) const {
    return VerifyDocument(document, state_.keys, {state_.device_id, state_.serial}, now, expected_type);
}

}  // namespace entitled::device
