#include "http/server.hpp"

#include <openssl/ssl.h>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/log.hpp"

namespace entitled::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the server needs of a connection, whatever its transport.
class ConnectionBase {
  public:
    ConnectionBase() = default;
    ConnectionBase(const ConnectionBase&) = delete;
    ConnectionBase& operator=(const ConnectionBase&) = delete;
    virtual ~ConnectionBase() = default;
    virtual void Shutdown() = 0;
};

class Server::Impl {
  public:
    Impl(ServerOptions options, RequestHandler handle, RejectHandler reject, InlineFilter run_inline)
        : options_(std::move(options)),
          handle_(std::move(handle)),
          reject_(std::move(reject)),
          run_inline_(std::move(run_inline)),
          ioc_(options_.io_threads),
          acceptor_(ioc_),
          signals_(ioc_),
          grace_timer_(ioc_),
          workers_(static_cast<std::size_t>(options_.worker_threads)) {}

    Result<unsigned short> Listen();
    void Run();
    void Stop();

    void Register(std::uint64_t id, const std::weak_ptr<ConnectionBase>& conn);
    void Unregister(std::uint64_t id);

    const ServerOptions& options() const { return options_; }
    const RequestHandler& handle() const { return handle_; }
    const RejectHandler& reject() const { return reject_; }
    bool RunsInline(const Request& req) const { return run_inline_ && run_inline_(req); }
    asio::thread_pool& workers() { return workers_; }
    bool stopping() const { return stopping_.load(); }
    std::atomic<std::size_t>& pending() { return pending_; }

    // Load shedding: refuse at once when the queue is full, or when requests
    // are waiting longer than the budget (the queue is not empty and the last
    // request a worker took had waited too long) — a fast 503 instead of a
    // slow answer or a client timeout.
    bool Saturated() const {
        const std::size_t queued = pending_.load();
        if (queued >= options_.max_pending) return true;
        return queued > static_cast<std::size_t>(options_.worker_threads) &&
               last_wait_us_.load() > options_.max_queue_wait.count() * 1000;
    }
    // Records how long a request waited for a worker; true when that was past the budget.
    bool Waited(std::chrono::steady_clock::duration wait) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
        last_wait_us_.store(us);
        return us > options_.max_queue_wait.count() * 1000;
    }

  private:
    void Accept();
    void OnStop();
    Status LoadTls();
    template <class Stream, class... Args>
    void StartConnection(tcp::socket socket, Args&... args);

    ServerOptions options_;
    RequestHandler handle_;
    RejectHandler reject_;
    InlineFilter run_inline_;
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    asio::steady_timer grace_timer_;
    asio::thread_pool workers_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> pending_{0};
    std::atomic<std::int64_t> last_wait_us_{0};
    std::atomic<std::uint64_t> next_id_{1};
    std::optional<ssl::context> tls_;
    std::mutex conns_mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionBase>> conns_;
};

// One client connection; all its handlers run on its strand. `Stream` is a
// plain TCP stream or TLS over one; only the start and the end differ.
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
  public:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    template <class... Args>
    Connection(Server::Impl& server, tcp::socket socket, std::uint64_t id, Args&... args)
        : server_(server), stream_(std::move(socket), args...), id_(id) {
        beast::error_code ec;
        auto ep = Socket().remote_endpoint(ec);
        if (!ec) remote_ = ep.address().to_string();
    }
    ~Connection() override { server_.Unregister(id_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void Start() {
        asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if constexpr (kTls) {
                self->Handshake();
            } else {
                self->ReadHeader();
            }
        });
    }

    // Posted by Server::Stop: close if waiting for a request, else finish the current one.
    void Shutdown() override {
        asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            self->closing_ = true;
            if (self->waiting_for_request_) {
                beast::error_code ec;
                self->Socket().shutdown(tcp::socket::shutdown_both, ec);
                self->Socket().close(ec);
            }
        });
    }

  private:
    tcp::socket& Socket() { return beast::get_lowest_layer(stream_).socket(); }
    void ExpiresAfter(std::chrono::milliseconds d) { beast::get_lowest_layer(stream_).expires_after(d); }
    std::shared_ptr<Connection> Self() { return this->shared_from_this(); }

    // A client that never completes the handshake is cut off like one that never sends a request.
    void Handshake() {
        ExpiresAfter(server_.options().read_timeout);
        stream_.async_handshake(ssl::stream_base::server, [self = Self()](beast::error_code ec) {
            if (ec) {
                self->Close();
                return;
            }
            self->ReadHeader();
        });
    }

    void ReadHeader() {
        if (closing_ || server_.stopping()) {
            Close();
            return;
        }
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options().header_limit));
        parser_->body_limit(server_.options().body_limit);
        if (buffer_.size() > 0) {
            ReadRequest();  // the next pipelined request has begun already
            return;
        }
        // Between requests the idle timeout applies, and only until the first
        // byte of the next one: from then on the request has read_timeout to
        // arrive whole, head and body, however slowly it trickles in.
        waiting_for_request_ = true;
        ExpiresAfter(server_.options().idle_timeout);
        stream_.async_read_some(buffer_.prepare(kFirstRead), [self = Self()](beast::error_code ec, std::size_t n) {
            self->buffer_.commit(n);
            self->waiting_for_request_ = false;
            if (ec) {
                self->OnReadError(ec);
                return;
            }
            self->ReadRequest();
        });
    }

    void ReadRequest() {
        waiting_for_request_ = false;
        request_deadline_ = std::chrono::steady_clock::now() + server_.options().read_timeout;
        beast::get_lowest_layer(stream_).expires_at(request_deadline_);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 [self = Self()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        if (ec) {
            OnReadError(ec);
            return;
        }
        auto& req = parser_->get();
        if (Status head = CheckRequestHead(req.base(), req.version()); !head.ok()) {
            // Where this request ends is unclear, so nothing after it on this connection can be trusted.
            Reject(head.error());
            return;
        }
        const auto length = parser_->content_length();
        if (length && *length > server_.options().body_limit) {
            // Refuse before reading a body we will not accept.
            Reject(MakeError(Problem::kBodyTooLarge).With("limit", std::to_string(server_.options().body_limit)));
            return;
        }
        if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
            ExpiresAfter(server_.options().write_timeout);
            bhttp::async_write(stream_, *cont, [self = Self(), cont](beast::error_code wec, std::size_t) {
                if (wec) {
                    self->Close();
                    return;
                }
                self->ReadBody();
            });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        beast::get_lowest_layer(stream_).expires_at(request_deadline_);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = Self()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnReadError(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof || closing_) {
            Close();
        } else if (ec == bhttp::error::header_limit) {
            Reject(MakeError(Problem::kHeadersTooLarge).With("limit", std::to_string(server_.options().header_limit)));
        } else if (ec == bhttp::error::body_limit) {
            Reject(MakeError(Problem::kBodyTooLarge).With("limit", std::to_string(server_.options().body_limit)));
        } else {
            Reject(MakeError(Problem::kMalformed));
        }
    }

    void OnRead(beast::error_code ec) {
        if (ec) {
            OnReadError(ec);
            return;
        }
        auto msg = parser_->release();
        keep_alive_ = msg.keep_alive();
        auto req = std::make_shared<Request>();
        req->method = msg.method();
        req->target = std::string(msg.target());
        req->headers = std::move(msg.base());
        req->body = std::move(msg.body());
        req->remote_address = remote_;
        head_ = req->method == bhttp::verb::head;
        version_ = msg.version();
        if (!ParseTarget(req->target, req->path, req->query)) {
            keep_alive_ = false;
            Write(server_.reject()(MakeError(Problem::kMalformed), *req));
            return;
        }
        if (server_.RunsInline(*req)) {
            Write(server_.handle()(*req));
            return;
        }
        if (server_.Saturated()) {
            Write(server_.reject()(Overloaded(), *req));
            return;
        }
        server_.pending().fetch_add(1);
        const auto queued = std::chrono::steady_clock::now();
        // The work guard keeps the I/O loop alive while the worker holds the request.
        asio::post(server_.workers(),
                   [self = Self(), req, queued, guard = asio::make_work_guard(stream_.get_executor())]() mutable {
                       // A request that waited past the budget is refused rather than served late: its
                       // client has likely given up, and serving it would make every later one late too.
                       const bool stale = self->server_.Waited(std::chrono::steady_clock::now() - queued);
                       Response res = stale ? self->server_.reject()(Overloaded(), *req) : self->server_.handle()(*req);
                       self->server_.pending().fetch_sub(1);
                       asio::post(self->stream_.get_executor(),
                                  [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
                   });
    }

    static Error Overloaded() { return MakeError(Problem::kOverloaded); }

    // Answers a request the server refuses itself, then closes: the stream
    // may hold the rest of an unread body.
    void Reject(const Error& error) {
        Request req;
        if (parser_) {
            const auto& h = parser_->get();
            req.method = h.method();
            req.target = std::string(h.target());
            req.headers = h.base();
            version_ = h.version();
        }
        req.remote_address = remote_;
        keep_alive_ = false;
        head_ = false;
        Write(server_.reject()(error, req));
    }

    void Write(Response res) {
        auto out = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status),
                                                                         version_ == 10 ? 10 : 11);
        for (auto& [name, value] : res.headers) out->insert(name, value);
        if (!res.content_type.empty()) out->set(bhttp::field::content_type, res.content_type);
        const bool keep = keep_alive_ && !closing_ && !server_.stopping();
        out->keep_alive(keep);
        out->body() = std::move(res.body);
        out->prepare_payload();
        if (head_) out->body().clear();  // Content-Length stays that of the GET
        ExpiresAfter(server_.options().write_timeout);
        bhttp::async_write(stream_, *out, [self = Self(), out, keep](beast::error_code ec, std::size_t) {
            if (ec) {
                self->Close();
                return;
            }
            if (!keep) {
                self->LingeringClose();
                return;
            }
            self->ReadHeader();
        });
    }

    // Half-closes, then reads and discards what the client is still sending
    // (say, the rest of a body we refused) for a short while before closing:
    // closing with unread data makes the kernel reset the connection, and the
    // client may never read our answer (RFC 9112 §9.6).
    void LingeringClose() {
        ExpiresAfter(std::chrono::seconds(2));
        if constexpr (kTls) {
            // close_notify first, so the client knows the response was not truncated.
            stream_.async_shutdown([self = Self()](beast::error_code) { self->Close(); });
        } else {
            beast::error_code ec;
            Socket().shutdown(tcp::socket::shutdown_send, ec);
            Drain();
        }
    }

    void Drain() {
        stream_.async_read_some(asio::buffer(discard_), [self = Self()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->Close();
                return;
            }
            self->Drain();
        });
    }

    void Close() {
        beast::error_code ec;
        Socket().shutdown(tcp::socket::shutdown_send, ec);
        Socket().close(ec);
    }

    static constexpr std::size_t kFirstRead = 8192;

    Server::Impl& server_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::chrono::steady_clock::time_point request_deadline_;
    std::array<char, 4096> discard_{};
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::uint64_t id_;
    std::string remote_;
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool head_ = false;
    bool closing_ = false;
    bool waiting_for_request_ = false;
};

namespace {

// Mozilla's "intermediate" profile (ssl-config.mozilla.org, v5.7) without
// its DHE suites: for TLS 1.2 only forward-secret AEAD suites — ECDHE with
// AES-GCM or ChaCha20-Poly1305 — so no CBC (Lucky 13, padding oracles) and no
// static-RSA key exchange; TLS 1.3 keeps OpenSSL's suites, which are all of
// that kind. OpenSSL picks a suite only where the certificate's key fits (ECDSA
// or RSA), so one list serves both kinds of certificate.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTlsGroups = "X25519:prime256v1:secp384r1";

Status ApplyTlsProfile(SSL_CTX* ctx) {
    const bool ok = SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 &&
                    SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) == 1 && SSL_CTX_set1_groups_list(ctx, kTlsGroups) == 1;
    if (!ok) {
        Error e = MakeError(Problem::kTlsProfileFailed);
        e.internal = "OpenSSL refused the TLS profile";
        return e;
    }
    // The server's order wins: every client gets the strongest suite both sides
    // support, not whatever it listed first. No renegotiation (a client-triggered
    // CPU cost and old attacks) and no compression (CRIME).
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    return Ok();
}

}  // namespace

Status Server::Impl::LoadTls() {
    if (options_.tls_cert_file.empty() && options_.tls_key_file.empty()) return Ok();
    tls_.emplace(ssl::context::tls_server);
    // TLS 1.2 and 1.3 only.
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    ENT_TRY(ApplyTlsProfile(tls_->native_handle()));
    beast::error_code ec;
    tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
    const std::string failed = ec ? "--tls-cert " + options_.tls_cert_file : "--tls-key " + options_.tls_key_file;
    if (!ec) tls_->use_private_key_file(options_.tls_key_file, ssl::context::pem, ec);
    if (ec) {
        Error e = MakeError(Problem::kTlsFailed);
        e.internal = failed + ": " + ec.message();
        return e;
    }
    return Ok();
}

Result<unsigned short> Server::Impl::Listen() {
    ENT_TRY(LoadTls());
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return MakeError(Problem::kBadListenAddress);
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        Error e = MakeError(Problem::kListenFailed);
        e.internal = "listen on " + options_.address + ":" + std::to_string(options_.port) + ": " + ec.message();
        return e;
    }
    return acceptor_.local_endpoint().port();
}

void Server::Impl::Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
            // Out of descriptors and the like: log, back off briefly, keep serving.
            Log(LogLevel::kWarn, "accept_failed", {{"error", ec.message()}});
        } else {
            socket.set_option(tcp::no_delay(true), ec);
            if (tls_) {
                StartConnection<TlsStream>(std::move(socket), *tls_);
            } else {
                StartConnection<PlainStream>(std::move(socket));
            }
        }
        if (!stopping_) Accept();
    });
}

template <class Stream, class... Args>
void Server::Impl::StartConnection(tcp::socket socket, Args&... args) {
    const std::uint64_t id = next_id_.fetch_add(1);
    auto conn = std::make_shared<Connection<Stream>>(*this, std::move(socket), id, args...);
    Register(id, conn);
    conn->Start();
}

void Server::Impl::Register(std::uint64_t id, const std::weak_ptr<ConnectionBase>& conn) {
    std::lock_guard lock(conns_mutex_);
    conns_.emplace(id, conn);
}

void Server::Impl::Unregister(std::uint64_t id) {
    std::lock_guard lock(conns_mutex_);
    conns_.erase(id);
    if (stopping_ && conns_.empty()) {
        asio::post(ioc_, [this] { grace_timer_.cancel(); });
    }
}

void Server::Impl::Run() {
    if (options_.handle_signals) {
        signals_.add(SIGINT);
        signals_.add(SIGTERM);
        signals_.async_wait([this](beast::error_code ec, int signal) {
            if (ec) return;
            Log(LogLevel::kInfo, "shutdown_requested", {{"signal", signal}});
            Stop();
        });
    }
    Accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
}

void Server::Impl::Stop() {
    if (stopping_.exchange(true)) return;
    asio::post(ioc_, [this] { OnStop(); });
}

void Server::Impl::OnStop() {
    beast::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    std::vector<std::shared_ptr<ConnectionBase>> live;
    {
        std::lock_guard lock(conns_mutex_);
        for (auto& [id, weak] : conns_) {
            if (auto conn = weak.lock()) live.push_back(std::move(conn));
        }
    }
    for (auto& conn : live) conn->Shutdown();
    if (live.empty()) return;
    // Requests still running after the grace period are abandoned.
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](beast::error_code wec) {
        if (wec) return;
        Log(LogLevel::kWarn, "shutdown_grace_expired");
        ioc_.stop();
    });
}

Server::Server(ServerOptions options, RequestHandler handle, RejectHandler reject, InlineFilter run_inline)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handle), std::move(reject), std::move(run_inline))) {}
Server::~Server() = default;
Result<unsigned short> Server::Listen() { return impl_->Listen(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
std::size_t Server::pending() const { return impl_->pending().load(); }

}  // namespace entitled::http
