#pragma once
// The HTTP/1.1 server on Boost.Beast. I/O threads only read, parse and write;
// every request is handled on a separate worker pool, so a slow database call
// never stalls other connections. Each connection runs on its own strand and
// handles one request at a time, in order, so pipelined requests are answered
// in the order they came (the next one waits in the read buffer).
//
// Limits: header and body size (431 / 413, then the connection closes), a
// timeout for a request to arrive once started, an idle timeout between
// keep-alive requests, a write timeout, and bounds on requests waiting for a
// worker — how many, and how long (beyond either: 503 with Retry-After
// instead of queueing).
//
// Framing (RFC 9112): a request whose body length is ambiguous — a
// Transfer-Encoding other than exactly chunked, or one with Content-Length —
// or whose Host is missing or repeated is answered 400 (501 for an unknown
// transfer coding before chunked) and the connection closed, so nothing after
// it is ever read as another request. See CheckRequestHead.
//
// Shutdown (Stop, SIGINT, SIGTERM): stop accepting, close idle connections,
// let requests in flight finish and be answered (Connection: close), then
// return from Run. A grace period bounds the wait.
//
// Thread safety: Stop may be called from any thread; the rest from one.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "http/message.hpp"

namespace entitled::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port
    int io_threads = 1;
    int worker_threads = 4;
    std::size_t header_limit = std::size_t{16} * 1024;
    std::size_t body_limit = std::size_t{1024} * 1024;
    // A request must arrive whole (head and body) within this long of its
    // first byte, and a TLS handshake finish within it; the README promises 30 s.
    std::chrono::milliseconds read_timeout{30'000};
    // How long a connection may wait for the first byte of its next request.
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds shutdown_grace{20'000};
    std::size_t max_pending = 2048;
    // Longest a request may wait for a worker before it is answered 503 instead.
    std::chrono::milliseconds max_queue_wait{500};
    bool handle_signals = true;
    // Both set: serve HTTPS (TLS 1.2+) with this PEM certificate chain and key.
    std::string tls_cert_file;
    std::string tls_key_file;
};

// Turns a complete request into a response; called on a worker thread.
using RequestHandler = std::function<Response(Request&)>;
// Renders a request the server refused before handling (413, 431, 400, 503);
// called on an I/O thread, must be cheap.
using RejectHandler = std::function<Response(const Error&, Request&)>;
// True for requests the RequestHandler answers without blocking (no database,
// no file): they are answered on the I/O thread, skipping the hand-over to a
// worker and back, and even while the workers are saturated (liveness probes).
using InlineFilter = std::function<bool(const Request&)>;

class Server {
  public:
    Server(ServerOptions options, RequestHandler handle, RejectHandler reject, InlineFilter run_inline = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Loads the TLS certificate if any, binds and listens; returns the bound port.
    Result<unsigned short> Listen();
    // Serves until stopped. REQUIRES: Listen succeeded.
    void Run();
    void Stop();

    // Requests queued for or running on workers (for /metrics and load shedding).
    std::size_t pending() const;

    class Impl;  // public so the connection class in server.cpp can name it

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace entitled::http
