#pragma once
// Raw bytes to the server on a fresh connection, for requests no well-behaved
// client would send (smuggling attempts, missing Host, trickled heads): what
// came back, parsed into responses, and whether the server closed the
// connection or left it open.

#include <chrono>
#include <string>
#include <vector>

namespace entitled::testing {

struct RawResponse {
    unsigned status = 0;
    std::string connection;  // the Connection header, lower-cased
    std::string body;
};

struct RawReply {
    std::string bytes;                   // everything received
    bool closed = false;                 // the server closed the connection (else `wait` passed with it open)
    double seconds = 0;                  // from the last byte sent until the close (or `wait`)
    std::vector<RawResponse> responses;  // every complete response in `bytes`, in order
};

// Sends `bytes` to 127.0.0.1:`port`, then reads until the server closes the
// connection or `wait` passes without it doing so.
RawReply SendRaw(unsigned short port, const std::string& bytes,
                 std::chrono::milliseconds wait = std::chrono::milliseconds(5000));

}  // namespace entitled::testing
