#include "smtp_listener.hpp"

#include <sodium.h>

#include <boost/asio.hpp>

namespace entitled::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct SmtpListener::Impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
};

namespace {

std::string DecodeBase64(const std::string& in) {
    std::string clean;
    for (char c : in) {
        if (c != '\r' && c != '\n') clean += c;
    }
    std::string out(clean.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), clean.data(), clean.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return {};
    }
    out.resize(len);
    return out;
}

std::string Upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string Address(const std::string& arg) {
    const size_t lt = arg.find('<');
    const size_t gt = arg.find('>');
    if (lt == std::string::npos || gt == std::string::npos) return arg;
    return arg.substr(lt + 1, gt - lt - 1);
}

}  // namespace

std::string ReceivedMail::Header(const std::string& name) const {
    const std::string head = data.substr(0, data.find("\r\n\r\n"));
    const std::string key = "\r\n" + Upper(name) + ":";
    const std::string upper = "\r\n" + Upper(head);
    const size_t pos = upper.find(key);
    if (pos == std::string::npos) return {};
    size_t start = pos + key.size();
    size_t end = upper.find("\r\n", start);
    std::string value = ("\r\n" + head).substr(start, end - start);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    return value;
}

std::string ReceivedMail::Subject() const {
    std::string s = Header("Subject");
    if (s.rfind("=?UTF-8?B?", 0) == 0 && s.size() > 12) return DecodeBase64(s.substr(10, s.size() - 12));
    return s;
}

std::string ReceivedMail::Text() const {
    const size_t part = data.find("Content-Type: text/plain");
    if (part == std::string::npos) return {};
    const size_t body = data.find("\r\n\r\n", part);
    const size_t end = data.find("\r\n--", body);
    return DecodeBase64(data.substr(body + 4, end - body - 4));
}

SmtpListener::SmtpListener() : impl_(std::make_unique<Impl>()) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    port_ = impl_->acceptor.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
}

SmtpListener::~SmtpListener() {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    // Wake a blocking accept() with a connection of our own.
    try {
        tcp::socket s(impl_->ioc);
        s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    } catch (...) {
    }
    if (thread_.joinable()) thread_.join();
}

std::vector<ReceivedMail> SmtpListener::mails() const {
    std::lock_guard lock(mutex_);
    return mails_;
}

bool SmtpListener::WaitFor(size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return mails_.size() >= n; });
}

bool SmtpListener::WaitForRecipient(const std::string& rcpt, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] {
        for (const auto& m : mails_) {
            for (const auto& to : m.to) {
                if (to == rcpt) return true;
            }
        }
        return false;
    });
}

void SmtpListener::Serve() {
    for (;;) {
        tcp::socket sock(impl_->ioc);
        boost::system::error_code ec;
        impl_->acceptor.accept(sock, ec);
        if (ec || !impl_->acceptor.is_open()) return;
        asio::streambuf buf;
        auto send = [&](const std::string& line) { asio::write(sock, asio::buffer(line + "\r\n"), ec); };
        auto read_line = [&](std::string& line) -> bool {
            asio::read_until(sock, buf, "\r\n", ec);
            if (ec) return false;
            std::istream in(&buf);
            std::getline(in, line);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return true;
        };
        send("220 entitled-test ESMTP");
        ReceivedMail current;
        std::string line;
        while (read_line(line)) {
            const std::string verb = Upper(line.substr(0, 4));
            if (verb == "EHLO") {
                send("250-entitled-test");
                send("250 8BITMIME");
            } else if (verb == "HELO" || verb == "NOOP") {
                send("250 OK");
            } else if (verb == "MAIL") {
                current = ReceivedMail{Address(line.substr(5)), {}, {}};
                send("250 OK");
            } else if (verb == "RCPT") {
                current.to.push_back(Address(line.substr(5)));
                send("250 OK");
            } else if (verb == "RSET") {
                current = ReceivedMail{};
                send("250 OK");
            } else if (verb == "DATA") {
                send("354 End data with <CR><LF>.<CR><LF>");
                std::string data;
                while (read_line(line) && line != ".") {
                    if (!line.empty() && line[0] == '.') line.erase(0, 1);
                    data += line + "\r\n";
                }
                current.data = "\r\n" + data;
                current.data.erase(0, 2);
                if (reject_.load() > 0) {
                    reject_.fetch_sub(1);
                    send("451 4.3.0 Try again later");
                } else {
                    {
                        std::lock_guard lock(mutex_);
                        mails_.push_back(current);
                    }
                    cv_.notify_all();
                    send("250 OK queued");
                }
            } else if (verb == "QUIT") {
                send("221 Bye");
                break;
            } else {
                send("502 Command not implemented");
            }
        }
    }
}

}  // namespace entitled::testing
