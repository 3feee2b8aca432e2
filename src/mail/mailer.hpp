#pragma once
// Delivering one mail. SmtpMailer speaks SMTP through libcurl (STARTTLS when
// the server offers it; smtps:// for implicit TLS; user:password@ in the URL
// for AUTH). The Message-ID is derived from the outbox row, so a mail that is
// ever delivered twice (a crash between the server's "250 OK" and our commit)
// carries the same id both times and receivers can drop the copy.
//
// Thread safety: Send may be called from several threads.

#include <string>

#include "common/result.hpp"
#include "storage/outbox_repository.hpp"

namespace entitled::mail {

class Mailer {
  public:
    virtual ~Mailer() = default;
    virtual Status Send(const storage::OutboxRow& mail) = 0;
};

class SmtpMailer final : public Mailer {
  public:
    // `url`: smtp://host:port or smtps://…; `from`: the sender address.
    SmtpMailer(std::string url, std::string from);
    Status Send(const storage::OutboxRow& mail) override;

  private:
    std::string url_;
    std::string from_;
};

// The whole RFC 5322 message (headers, multipart/alternative text + HTML).
// Every line is at most 78 octets where the content allows and never more
// than 998 (RFC 5322 §2.1.1; SMTP servers refuse longer ones, RFC 5321
// §4.5.3.1.6): headers go through HeaderField, both bodies are base64 in
// 76-character lines.
std::string BuildMessage(const storage::OutboxRow& mail, const std::string& from, Micros now);
// "Name: value\r\n", folded. Printable ASCII is folded at its spaces
// (RFC 5322 §2.2.3); anything else — non-ASCII, control characters, text that
// looks like an encoded-word, a word too long to fold — becomes RFC 2047
// encoded-words (UTF-8, base64), each at most 75 characters and holding only
// whole UTF-8 characters, one per folded line.
std::string HeaderField(std::string_view name, std::string_view value);

// Calls curl_global_init once; REQUIRES: called before threads start.
void InitCurl();

}  // namespace entitled::mail
