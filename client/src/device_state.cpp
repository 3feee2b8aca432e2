// The state file and the published keys' JSON.
#include "entitled/device_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/signed_document.hpp"
#include "file_io.hpp"
#include "json_fields.hpp"

namespace entitled::device {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// Written into every state file so a later client can tell an older layout.
constexpr std::string_view kStateFormat = "entitled-device-state/1";
constexpr size_t kEd25519PublicKeyBytes = 32;

Error StateError(const std::string& path, const std::string& what) {
    return Error{ErrorCode::kState, "state file " + path + ": " + what};
}

value OptionalString(const std::optional<std::string>& s) { return s ? value(*s) : value(nullptr); }

}  // namespace

Outcome<std::vector<PublicKey>> ParseKeys(const value& keys_document) {
    const auto bad = [](const std::string& what) { return Error{ErrorCode::kInput, "public keys: " + what}; };
    const auto* root = keys_document.if_object();
    const auto* items = root != nullptr ? ArrayField(*root, "keys") : nullptr;
    if (items == nullptr) return bad("not an object with a \"keys\" array");
    std::vector<PublicKey> keys;
    for (const auto& item : *items) {
        const auto* k = item.if_object();
        if (k == nullptr) return bad("a key is not an object");
        auto kid = StringField(*k, "kid");
        if (!kid || kid->empty()) return bad("a key without a kid");
        if (StringField(*k, "alg").value_or("") != "Ed25519") continue;
        const auto encoded = StringField(*k, "public_key");
        auto raw = encoded ? Base64UrlDecode(*encoded) : std::nullopt;
        if (!raw || raw->size() != kEd25519PublicKeyBytes) {
            return bad("key " + *kid + " has no 32-byte base64url public_key");
        }
        PublicKey key{std::move(*kid), std::move(*raw), StringField(*k, "created_at").value_or(""), std::nullopt};
        if (const auto* retired = k->if_contains("retired_at"); retired != nullptr && !retired->is_null()) {
            if (!retired->is_string()) return bad("key " + key.kid + " has a retired_at that is not a string");
            key.retired_at = std::string(retired->get_string());
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

object KeysToJson(const std::vector<PublicKey>& keys) {
    array items;
    items.reserve(keys.size());
    for (const auto& k : keys) {
        items.push_back(object{{"kid", k.kid},
                               {"alg", "Ed25519"},
                               {"public_key", Base64UrlEncode(k.public_key)},
                               {"created_at", k.created_at},
                               {"retired_at", OptionalString(k.retired_at)}});
    }
    return {{"keys", std::move(items)}};
}

Outcome<DeviceState> LoadState(const std::string& path) {
    auto read = ReadWholeFile(path, ErrorCode::kState);
    if (!read) return read.error();
    if (!read.value()) return DeviceState{};
    boost::system::error_code ec;
    const value root = boost::json::parse(*read.value(), ec);
    if (ec || !root.is_object()) return StateError(path, "not a JSON object");
    const auto& o = root.get_object();
    if (StringField(o, "format").value_or("") != kStateFormat) {
        return StateError(path, "not an entitled-device state (format is not " + std::string(kStateFormat) + ")");
    }
    DeviceState s;
    s.server = StringField(o, "server").value_or("");
    s.device_id = IdField(o, "device_id").value_or("");
    s.device_secret = StringField(o, "device_secret").value_or("");
    s.name = StringField(o, "name").value_or("");
    s.serial = StringField(o, "serial").value_or("");
    s.product = StringField(o, "product").value_or("");
    s.deployment = StringField(o, "deployment").value_or("");
    if (const auto* keys = o.if_contains("keys")) {
        // Stored as published, the array of GET /licensing/keys.
        auto parsed = ParseKeys(object{{"keys", *keys}});
        if (!parsed) return StateError(path, parsed.error().message);
        s.keys = std::move(parsed.value());
    }
    if (const auto* a = o.if_contains("authorization")) s.authorization = *a;
    if (const auto* leases = o.if_contains("leases"); leases != nullptr && !leases->is_null()) {
        if (!leases->is_array()) return StateError(path, "\"leases\" is not an array");
        for (const auto& item : leases->get_array()) {
            const auto* l = item.if_object();
            const auto id = l != nullptr ? IdField(*l, "id") : std::nullopt;
            if (!id) return StateError(path, "a lease without an id");
            StoredLease lease{*id, StringField(*l, "product").value_or(""), IntField(*l, "count").value_or(0),
                              StringField(*l, "expires_at").value_or(""), nullptr};
            if (const auto* doc = l->if_contains("lease")) lease.document = *doc;
            s.leases.push_back(std::move(lease));
        }
    }
    return s;
}

Status SaveState(const std::string& path, const DeviceState& state) {
    array leases;
    leases.reserve(state.leases.size());
    for (const auto& l : state.leases) {
        leases.push_back(object{{"id", l.id},
                                {"product", l.product},
                                {"count", l.count},
                                {"expires_at", l.expires_at},
                                {"lease", l.document}});
    }
    object root{{"format", kStateFormat},
                {"server", state.server},
                {"device_id", state.device_id},
                {"device_secret", state.device_secret},
                {"name", state.name},
                {"serial", state.serial},
                {"product", state.product},
                {"deployment", state.deployment},
                {"keys", KeysToJson(state.keys).at("keys")},
                {"authorization", state.authorization},
                {"leases", std::move(leases)}};
    return WriteFileAtomically(path, boost::json::serialize(root) + "\n");
}

}  // namespace entitled::device
