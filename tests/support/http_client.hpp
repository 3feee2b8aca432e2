#pragma once
// A small synchronous HTTP/1.1 client for API tests (Boost.Beast), keeping
// one keep-alive connection, plus raw-bytes access for malformed requests.

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

namespace entitled::testing {

struct HttpResponse {
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    boost::json::value json() const;
    std::string header(const std::string& name) const;
    // The `code` of a problem+json body, or "".
    std::string problem_code() const;
    // The fields named in `errors`, comma-separated, in order.
    std::string error_fields() const;
};

class HttpClient {
  public:
    explicit HttpClient(unsigned short port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Default headers sent with every request (e.g. Authorization).
    void SetHeader(const std::string& name, const std::string& value) { defaults_[name] = value; }
    void SetBearer(const std::string& token) { SetHeader("Authorization", "Bearer " + token); }

    HttpResponse Get(const std::string& target, const std::map<std::string, std::string>& headers = {});
    HttpResponse Post(const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers = {});
    HttpResponse Post(const std::string& target, const boost::json::value& body,
                      const std::map<std::string, std::string>& headers = {});
    HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers = {});

    // Writes raw bytes on a new connection and reads until the server closes
    // or `timeout_ms` passes; returns everything received.
    std::string Raw(const std::string& bytes, int timeout_ms = 5000);

  private:
    struct Conn;
    unsigned short port_;
    std::map<std::string, std::string> defaults_;
    std::unique_ptr<Conn> conn_;
};

}  // namespace entitled::testing
