#include "smtp_listener.hpp"

#include <sodium.h>

#include <boost/asio.hpp>
#include <optional>

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
    const std::string head = "\r\n" + data.substr(0, data.find("\r\n\r\n"));
    const std::string key = "\r\n" + Upper(name) + ":";
    const size_t pos = Upper(head).find(key);
    if (pos == std::string::npos) return {};
    size_t end = pos + key.size();
    // The field runs on over every line that starts with white space.
    for (;;) {
        end = head.find("\r\n", end);
        if (end == std::string::npos || end + 2 >= head.size() || (head[end + 2] != ' ' && head[end + 2] != '\t'))
            break;
        end += 2;
    }
    std::string value =
        head.substr(pos + key.size(), end == std::string::npos ? std::string::npos : end - pos - key.size());
    std::string unfolded;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 2, "\r\n") == 0) {
            ++i;
            continue;
        }
        unfolded += value[i];
    }
    while (!unfolded.empty() && unfolded.front() == ' ') unfolded.erase(0, 1);
    return unfolded;
}

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// One encoded-word "=?charset?B|Q?text?=" decoded, or nullopt when `word` is not one.
std::optional<std::string> DecodeWord(const std::string& word) {
    if (word.size() < 8 || word.rfind("=?", 0) != 0 || word.substr(word.size() - 2) != "?=") return std::nullopt;
    const size_t q1 = word.find('?', 2);
    if (q1 == std::string::npos || q1 + 2 >= word.size() || word[q1 + 2] != '?') return std::nullopt;
    if (Upper(word.substr(2, q1 - 2)) != "UTF-8") return std::nullopt;
    const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(word[q1 + 1])));
    const std::string text = word.substr(q1 + 3, word.size() - q1 - 5);
    if (enc == 'B') return DecodeBase64(text);
    if (enc != 'Q') return std::nullopt;
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

// Words are split at white space; white space between two encoded-words is
// dropped, any other is kept (RFC 2047 §6.2).
std::string ReceivedMail::Subject() const {
    const std::string value = Header("Subject");
    std::string out;
    std::string pending_space;
    bool last_encoded = false;
    size_t i = 0;
    while (i < value.size()) {
        const size_t ws_end = value.find_first_not_of(" \t", i);
        if (ws_end != i) {
            pending_space = value.substr(i, (ws_end == std::string::npos ? value.size() : ws_end) - i);
            if (ws_end == std::string::npos) break;
            i = ws_end;
        }
        size_t end = value.find_first_of(" \t", i);
        if (end == std::string::npos) end = value.size();
        const std::string word = value.substr(i, end - i);
        const auto decoded = DecodeWord(word);
        if (!(decoded && last_encoded)) out += pending_space;
        out += decoded ? *decoded : word;
        pending_space.clear();
        last_encoded = decoded.has_value();
        i = end;
    }
    return out + pending_space;
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
        // RFC 5321 §4.5.3.1.4 and .6, without the CRLF.
        constexpr size_t kMaxCommandLine = 510;
        constexpr size_t kMaxTextLine = 998;
        send("220 entitled-test ESMTP");
        ReceivedMail current;
        std::string line;
        while (read_line(line)) {
            const std::string verb = Upper(line.substr(0, 4));
            if (line.size() > kMaxCommandLine) {
                send("500 5.5.2 Line too long");
            } else if (verb == "EHLO") {
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
                bool too_long = false;
                while (read_line(line) && line != ".") {
                    too_long |= line.size() > kMaxTextLine;
                    if (!line.empty() && line[0] == '.') line.erase(0, 1);
                    data += line + "\r\n";
                }
                current.data = "\r\n" + data;
                current.data.erase(0, 2);
                if (too_long) {
                    too_long_.fetch_add(1);
                    send("500 5.5.2 Line too long");
                } else if (reject_.load() > 0) {
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
