// Offline verification of signed documents (SPEC §8): nothing here touches the network.
#include "entitled/device_client.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "common/signed_document.hpp"
#include "json_fields.hpp"

namespace entitled::device {
namespace {

// sodium_init is thread-safe and idempotent; a function-local static makes it once per process.
void EnsureSodium() {
    static const int initialized = sodium_init();
    static_cast<void>(initialized);
}

constexpr std::array<std::string_view, 4> kKnownTypes = {"authorization", "lease", "reservation", "usage_ack"};

// Reads a fixed number of decimal digits; the parse fails on anything else.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    std::optional<int> Digits(size_t n) {
        if (text_.size() - pos_ < n) return std::nullopt;
        int value = 0;
        for (size_t i = 0; i < n; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos_ += n;
        return value;
    }
    bool Take(char c) { return TakeEither(c, c); }
    bool TakeEither(char a, char b) {
        if (pos_ >= text_.size() || (text_[pos_] != a && text_[pos_] != b)) return false;
        ++pos_;
        return true;
    }
    bool AtDigit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
    bool AtEnd() const { return pos_ == text_.size(); }

  private:
    std::string_view text_;
    size_t pos_ = 0;
};

Verdict FromSignatureCheck(SignatureCheck check) {
    switch (check) {
        case SignatureCheck::kValid:
            return Verdict::kValid;
        case SignatureCheck::kMalformed:
            return Verdict::kMalformed;
        case SignatureCheck::kUnknownFormat:
            return Verdict::kUnknownFormat;
        case SignatureCheck::kUnknownKey:
            return Verdict::kUnknownKey;
        case SignatureCheck::kRetiredKey:
            return Verdict::kRetiredKey;
        case SignatureCheck::kBadSignature:
            return Verdict::kBadSignature;
    }
    return Verdict::kMalformed;
}

}  // namespace

std::optional<Time> ParseTimestamp(std::string_view text) {
    using std::chrono::hours;
    using std::chrono::microseconds;
    using std::chrono::minutes;
    using std::chrono::seconds;
    Cursor in(text);
    const auto year = in.Digits(4);
    if (!year || !in.Take('-')) return std::nullopt;
    const auto month = in.Digits(2);
    if (!month || !in.Take('-')) return std::nullopt;
    const auto day = in.Digits(2);
    if (!day || !in.TakeEither('T', 't')) return std::nullopt;
    const auto hour = in.Digits(2);
    if (!hour || !in.Take(':')) return std::nullopt;
    const auto minute = in.Digits(2);
    if (!minute || !in.Take(':')) return std::nullopt;
    const auto second = in.Digits(2);
    if (!second) return std::nullopt;
    std::int64_t micros = 0;
    if (in.Take('.')) {
        if (!in.AtDigit()) return std::nullopt;
        int digits = 0;
        while (in.AtDigit()) {
            const int d = *in.Digits(1);
            if (++digits > 9) return std::nullopt;
            if (digits <= 6) micros = micros * 10 + d;
        }
        for (; digits < 6; ++digits) micros *= 10;
    }
    minutes offset{0};
    if (!in.TakeEither('Z', 'z')) {
        int sign = 1;
        if (in.Take('-')) {
            sign = -1;
        } else if (!in.Take('+')) {
            return std::nullopt;
        }
        const auto oh = in.Digits(2);
        if (!oh || !in.Take(':')) return std::nullopt;
        const auto om = in.Digits(2);
        if (!om || *oh > 23 || *om > 59) return std::nullopt;
        offset = minutes(sign * (*oh * 60 + *om));
    }
    if (!in.AtEnd()) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    // Second 60 is a leap second (RFC 3339 §5.6); it counts as the next minute's first.
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    return Time{std::chrono::sys_days(date)} + hours(*hour) + minutes(*minute) + seconds(*second) +
           microseconds(micros) - offset;
}

std::string_view VerdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::kValid:
            return "valid";
        case Verdict::kMalformed:
            return "malformed";
        case Verdict::kUnknownFormat:
            return "unknown_format";
        case Verdict::kUnknownKey:
            return "unknown_key";
        case Verdict::kRetiredKey:
            return "retired_key";
        case Verdict::kBadSignature:
            return "bad_signature";
        case Verdict::kWrongType:
            return "wrong_type";
        case Verdict::kOtherDevice:
            return "other_device";
        case Verdict::kNotYetValid:
            return "not_yet_valid";
        case Verdict::kExpired:
            return "expired";
    }
    return "malformed";
}

Verification VerifyDocument(const boost::json::value& document, const std::vector<PublicKey>& keys,
                            const DeviceIdentity& device, Time now, std::string_view expected_type,
                            std::chrono::seconds clock_skew) {
    EnsureSodium();
    Verification out;
    std::vector<TrustedKey> trusted;
    trusted.reserve(keys.size());
    for (const auto& k : keys) trusted.push_back({k.kid, k.public_key, k.retired_at.has_value()});
    auto opened = OpenDocument(document, trusted);
    out.kid = std::move(opened.kid);
    out.verdict = FromSignatureCheck(opened.check);
    if (!out.ok()) return out;
    out.payload = std::move(opened.payload);
    const auto& p = out.payload;

    out.type = StringField(p, "type").value_or("");
    const bool known = std::find(kKnownTypes.begin(), kKnownTypes.end(), out.type) != kKnownTypes.end();
    if (!known || (!expected_type.empty() && out.type != expected_type)) {
        out.verdict = Verdict::kWrongType;
        return out;
    }

    const auto* bound = ObjectField(p, "device");
    const auto serial = bound != nullptr ? StringField(*bound, "serial") : std::nullopt;
    if (!serial) {
        out.verdict = Verdict::kMalformed;
        return out;
    }
    if (*serial != device.serial) {
        out.verdict = Verdict::kOtherDevice;
        return out;
    }
    if (const auto* id = bound->if_contains("id"); id != nullptr && !id->is_null()) {
        const auto text = IdText(*id);
        if (!text) {
            out.verdict = Verdict::kMalformed;
            return out;
        }
        if (*text != device.id) {
            out.verdict = Verdict::kOtherDevice;
            return out;
        }
    }

    out.issued_at = StringField(p, "issued_at").value_or("");
    out.not_after = StringField(p, "not_after").value_or("");
    const auto issued_at = ParseTimestamp(out.issued_at);
    const auto not_after = ParseTimestamp(out.not_after);
    if (!issued_at || !not_after) {
        out.verdict = Verdict::kMalformed;
        return out;
    }
    if (now + clock_skew < *issued_at) {
        out.verdict = Verdict::kNotYetValid;
        return out;
    }
    if (now - clock_skew > *not_after) {
        out.verdict = Verdict::kExpired;
        if (out.type == "authorization") {
            const auto grace = StringField(p, "grace_until");
            const auto grace_until = grace ? ParseTimestamp(*grace) : std::nullopt;
            if (grace_until && now - clock_skew <= *grace_until) {
                out.in_grace = true;
                out.grace_until = *grace;
            }
        }
        return out;
    }
    out.verdict = Verdict::kValid;
    return out;
}

}  // namespace entitled::device
