#pragma once
// A real SMTP server for tests: listens on 127.0.0.1 (free port), speaks
// enough ESMTP for libcurl (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
// and records every message it accepts. It can be told to refuse the next N
// messages with a temporary error, to exercise retries. Like a real server it
// enforces the line limits of RFC 5321 §4.5.3.1: a command line over 512
// octets or a text line over 1000 (998 and CRLF) is answered "500 Line too
// long" and the message is not accepted.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace entitled::testing {

struct ReceivedMail {
    std::string from;
    std::vector<std::string> to;
    std::string data;  // headers and body, dot-unstuffed

    // The header's value, unfolded (RFC 5322 §2.2.3), as sent.
    std::string Header(const std::string& name) const;
    // The decoded text/plain part.
    std::string Text() const;
    // The Subject header, unfolded and RFC 2047 decoded (B and Q encoded-words).
    std::string Subject() const;
};

class SmtpListener {
  public:
    SmtpListener();
    ~SmtpListener();
    SmtpListener(const SmtpListener&) = delete;
    SmtpListener& operator=(const SmtpListener&) = delete;

    unsigned short port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    std::vector<ReceivedMail> mails() const;
    // Waits until at least `n` messages arrived; false on timeout.
    bool WaitFor(size_t n, std::chrono::milliseconds timeout) const;
    // Waits until a message to `rcpt` arrived; false on timeout.
    bool WaitForRecipient(const std::string& rcpt, std::chrono::milliseconds timeout) const;
    void RejectNext(int n) { reject_.store(n); }
    // Messages refused for a line over the limit.
    int too_long() const { return too_long_.load(); }

  private:
    struct Impl;
    void Serve();
    std::unique_ptr<Impl> impl_;
    unsigned short port_ = 0;
    std::atomic<int> reject_{0};
    std::atomic<int> too_long_{0};
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    std::vector<ReceivedMail> mails_;
    std::thread thread_;
};

}  // namespace entitled::testing
