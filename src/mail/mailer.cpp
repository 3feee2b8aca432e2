#include "mail/mailer.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <cstring>
#include <ctime>

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
    const std::time_t t = static_cast<std::time_t>(now / kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
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

std::string EncodeHeader(const std::string& text) {
    bool ascii = true;
    for (unsigned char c : text) ascii &= c >= 0x20 && c < 0x7f;
    if (ascii) return text;
    return "=?UTF-8?B?" + Base64(text) + "?=";
}

std::string BuildMessage(const storage::OutboxRow& mail, const std::string& from, Micros now) {
    const std::string boundary = "entitled-" + RandomHex(12);
    std::string m;
    m += "From: entitled <" + from + ">\r\n";
    m += "To: <" + mail.to + ">\r\n";
    m += "Subject: " + EncodeHeader(mail.subject) + "\r\n";
    m += "Date: " + RfcDate(now) + "\r\n";
    m += "Message-ID: <outbox-" + std::to_string(mail.id) + "." + std::to_string(mail.created_at) + "@" + Domain(from) +
         ">\r\n";
    m += "Content-Language: " + mail.locale + "\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
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
