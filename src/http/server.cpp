#include "http/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
using tcp = asio::ip::tcp;

class Connection;

class Server::Impl {
  public:
    Impl(ServerOptions options, RequestHandler handle, RejectHandler reject)
        : options_(std::move(options)),
          handle_(std::move(handle)),
          reject_(std::move(reject)),
          ioc_(options_.io_threads),
          acceptor_(ioc_),
          signals_(ioc_),
          grace_timer_(ioc_),
          workers_(static_cast<std::size_t>(options_.worker_threads)) {}

    Result<unsigned short> Listen();
    void Run();
    void Stop();

    void Register(std::uint64_t id, const std::weak_ptr<Connection>& conn);
    void Unregister(std::uint64_t id);

    const ServerOptions& options() const { return options_; }
    const RequestHandler& handle() const { return handle_; }
    const RejectHandler& reject() const { return reject_; }
    asio::thread_pool& workers() { return workers_; }
    bool stopping() const { return stopping_.load(); }
    std::atomic<std::size_t>& pending() { return pending_; }

  private:
    void Accept();
    void OnStop();

    ServerOptions options_;
    RequestHandler handle_;
    RejectHandler reject_;
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    asio::steady_timer grace_timer_;
    asio::thread_pool workers_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> pending_{0};
    std::atomic<std::uint64_t> next_id_{1};
    std::mutex conns_mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> conns_;
};

// One client connection; all its handlers run on its strand.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(Server::Impl& server, tcp::socket socket, std::uint64_t id)
        : server_(server), stream_(std::move(socket)), id_(id) {
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = ep.address().to_string();
    }
    ~Connection() { server_.Unregister(id_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void Start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
    }

    // Posted by Server::Stop: close if waiting for a request, else finish the current one.
    void Shutdown() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->closing_ = true;
            if (self->waiting_for_request_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.socket().close(ec);
            }
        });
    }

  private:
    void ReadHeader() {
        if (closing_ || server_.stopping()) {
            Close();
            return;
        }
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options().header_limit));
        parser_->body_limit(server_.options().body_limit);
        waiting_for_request_ = buffer_.size() == 0;
        stream_.expires_after(waiting_for_request_ ? server_.options().idle_timeout : server_.options().read_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        waiting_for_request_ = false;
        if (ec) {
            OnReadError(ec);
            return;
        }
        auto& req = parser_->get();
        const auto length = parser_->content_length();
        if (length && *length > server_.options().body_limit) {
            // Refuse before reading a body we will not accept.
            Reject(MakeError(ErrorCode::kTooLarge, "body_too_large", "body_too_large")
                       .With("limit", std::to_string(server_.options().body_limit)));
            return;
        }
        if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
            stream_.expires_after(server_.options().write_timeout);
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
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
        stream_.expires_after(server_.options().read_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnReadError(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof || closing_) {
            Close();
        } else if (ec == bhttp::error::header_limit) {
            Reject(MakeError(ErrorCode::kHeadersTooLarge, "headers_too_large", "headers_too_large")
                       .With("limit", std::to_string(server_.options().header_limit)));
        } else if (ec == bhttp::error::body_limit) {
            Reject(MakeError(ErrorCode::kTooLarge, "body_too_large", "body_too_large")
                       .With("limit", std::to_string(server_.options().body_limit)));
        } else {
            Reject(MakeError(ErrorCode::kMalformed, "malformed", "malformed"));
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
            Write(server_.reject()(MakeError(ErrorCode::kMalformed, "malformed", "malformed"), *req));
            return;
        }
        auto& pending = server_.pending();
        if (pending.load() >= server_.options().max_pending) {
            Error busy = MakeError(ErrorCode::kUnavailable, "overloaded", "unavailable");
            Write(server_.reject()(busy, *req));
            return;
        }
        pending.fetch_add(1);
        // The work guard keeps the I/O loop alive while the worker holds the request.
        asio::post(server_.workers(),
                   [self = shared_from_this(), req, guard = asio::make_work_guard(stream_.get_executor())]() mutable {
                       Response res = self->server_.handle()(*req);
                       self->server_.pending().fetch_sub(1);
                       asio::post(self->stream_.get_executor(),
                                  [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
                   });
    }

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
        stream_.expires_after(server_.options().write_timeout);
        bhttp::async_write(stream_, *out, [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
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
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(std::chrono::seconds(2));
        Drain();
    }

    void Drain() {
        stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->Close();
                return;
            }
            self->Drain();
        });
    }

    void Close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    Server::Impl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
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

Result<unsigned short> Server::Impl::Listen() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return MakeError(ErrorCode::kValidation, "bad_listen_address", "field.invalid");
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        Error e = MakeError(ErrorCode::kUnavailable, "listen_failed", "unavailable");
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
            const std::uint64_t id = next_id_.fetch_add(1);
            auto conn = std::make_shared<Connection>(*this, std::move(socket), id);
            Register(id, conn);
            conn->Start();
        }
        if (!stopping_) Accept();
    });
}

void Server::Impl::Register(std::uint64_t id, const std::weak_ptr<Connection>& conn) {
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
    std::vector<std::shared_ptr<Connection>> live;
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

Server::Server(ServerOptions options, RequestHandler handle, RejectHandler reject)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handle), std::move(reject))) {}
Server::~Server() = default;
Result<unsigned short> Server::Listen() { return impl_->Listen(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
std::size_t Server::pending() const { return impl_->pending().load(); }

}  // namespace entitled::http
