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
std::string BuildMessage(const storage::OutboxRow& mail, const std::string& from, Micros now);
// RFC 2047 encoded-word for non-ASCII header text.
std::string EncodeHeader(const std::string& text);

// Calls curl_global_init once; REQUIRES: called before threads start.
void InitCurl();

}  // namespace entitled::mail
