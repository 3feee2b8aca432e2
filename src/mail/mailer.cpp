#include "mail/mailer.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <optional>

#include "common/clock.hpp"
#include "common/random.hpp"

namespace entitled::mail {
namespace {

std::string Base64(std::string_view data) {
    const size_t len = sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1);
    return out;
}

std::string Wrapped(const std::string& b64) {
    std::string out;
    for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
    return out;
}

std::string RfcDate(Micros now) {
    const auto t = static_cast<std::time_t>(now / kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string Domain(const std::string& address) {
    const size_t at = address.find('@');
    return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

struct Upload {
    const std::string* data;
    size_t pos = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t nitems, void* user) {
    auto* up = static_cast<Upload*>(user);
    const size_t n = std::min(size * nitems, up->data->size() - up->pos);
    // libcurl's read buffer is raw bytes with a length, never a C string.
    std::memcpy(buffer, up->data->data() + up->pos, n);  // NOLINT(bugprone-not-null-terminated-result)
    up->pos += n;
    return n;
}

}  // namespace

void InitCurl() { curl_global_init(CURL_GLOBAL_DEFAULT); }

namespace {

constexpr size_t kFoldAt = 78;          // RFC 5322 §2.1.1: SHOULD be at most 78 octets before CRLF
constexpr size_t kMaxLine = 998;        // …and MUST be at most 998
constexpr size_t kMaxEncodedWord = 75;  // RFC 2047 §2
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

bool PrintableAscii(std::string_view text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    // Text that a reader would take for an encoded-word must itself be encoded (RFC 2047 §5).
    return text.find("=?") == std::string_view::npos;
}

// The length of the UTF-8 character starting at s[i]; 1 for a stray byte, so
// invalid input still makes progress (it is encoded as it is).
size_t CharLength(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 1;
    if (c >= 0xF0) {
        len = 4;
    } else if (c >= 0xE0) {
        len = 3;
    } else if (c >= 0xC0) {
        len = 2;
    }
    if (i + len > s.size()) return 1;
    for (size_t k = 1; k < len; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
    }
    return len;
}

// Folds printable ASCII before its spaces; nullopt when a word is too long
// for even a line of its own (kMaxLine).
std::optional<std::string> FoldAscii(std::string_view name, std::string_view value) {
    std::string out(name);
    out += ":";
    size_t line = out.size();
    const size_t first_line = line;
    // Segments are a run of spaces and the word after it (the first one gets
    // the separator after the colon). Folding puts CRLF before a segment, so
    // every continuation line starts with white space and none is white space
    // alone (RFC 5322 §2.2.3, §3.2.2).
    size_t start = 0;
    bool first = true;
    while (first || start < value.size()) {
        const size_t word = std::min(value.find_first_not_of(' ', start), value.size());
        const size_t end = std::min(value.find(' ', word), value.size());
        const std::string segment = (first ? " " : "") + std::string(value.substr(start, end - start));
        if (line + segment.size() > kFoldAt && line > first_line && word < end) {
            out += "\r\n";
            line = 0;
        }
        out += segment;
        line += segment.size();
        if (line > kMaxLine) return std::nullopt;
        start = end;
        first = false;
    }
    return out + "\r\n";
}

std::string EncodedWords(std::string_view name, std::string_view value) {
    std::string out(name);
    out += ":";
    size_t line = out.size();
    size_t i = 0;
    while (i < value.size()) {
        // As many whole characters as fit in this line's word: " " + word within kFoldAt.
        const size_t room = std::min(kMaxEncodedWord, kFoldAt - line - 1) - kWordStart.size() - kWordEnd.size();
        const size_t max_bytes = room / 4 * 3;
        size_t end = i;
        while (end < value.size()) {
            const size_t len = CharLength(value, end);
            if (end + len - i > max_bytes) break;
            end += len;
        }
        if (end == i) end = i + CharLength(value, i);  // cannot happen with room >= 12; never loop forever
        out += " ";
        out += kWordStart;
        out += Base64(value.substr(i, end - i));
        out += kWordEnd;
        i = end;
        if (i < value.size()) {
            out += "\r\n";
            line = 0;
        }
    }
    return out + "\r\n";
}

}  // namespace

std::string HeaderField(std::string_view name, std::string_view value) {
    if (PrintableAscii(value)) {
        if (auto folded = FoldAscii(name, value)) return *folded;
    }
    return EncodedWords(name, value);
}

std::string BuildMessage(const storage::OutboxRow& mail, const std::string& from, Micros now) {
    const std::string boundary = "entitled-" + RandomHex(12);
    std::string m;
    m += "From: entitled <" + from + ">\r\n";
    m += "To: <" + mail.to + ">\r\n";
    m += HeaderField("Subject", mail.subject);
    m += "Date: " + RfcDate(now) + "\r\n";
    m += "Message-ID: <outbox-" + std::to_string(mail.id) + "." + std::to_string(mail.created_at) + "@" + Domain(from) +
         ">\r\n";
    m += "Content-Language: " + mail.locale + "\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += Wrapped(Base64(mail.body_text));
    m += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += Wrapped(Base64(mail.body_html));
    m += "--" + boundary + "--\r\n";
    return m;
}

SmtpMailer::SmtpMailer(std::string url, std::string from) : url_(std::move(url)), from_(std::move(from)) {}

Status SmtpMailer::Send(const storage::OutboxRow& mail) {
    const std::string message = BuildMessage(mail, from_, SystemClock().Now());
    Upload upload{&message};
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return MakeError(Problem::kInternal);
    const std::string mail_from = "<" + from_ + ">";
    const std::string rcpt = "<" + mail.to + ">";
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        Error e = MakeError(Problem::kSmtpFailed);
        e.internal = std::string(curl_easy_strerror(rc)) + (errbuf[0] != 0 ? std::string(": ") + errbuf : "");
        return e;
    }
    return Ok();
}

}  // namespace entitled::mail
