// Native TLS (--tls-cert/--tls-key): HTTPS with a certificate the client
// verifies, TLS 1.2 as the floor, no plain HTTP on the port, Secure __Host-
// cookies and HSTS, and a clear refusal to start with an unusable key; the
// cipher profile (Mozilla intermediate: for TLS 1.2 only ECDHE with AES-GCM
// or ChaCha20-Poly1305, the server's order first) checked with
// `openssl s_client`, for an ECDSA and an RSA certificate.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "api_fixture.hpp"

namespace entitled::testing {
namespace {

struct CurlResult {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string headers;  // raw, lower-cased
    std::string body;
};

size_t Append(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

struct CurlRequest {
    std::string url;
    std::string ca_file;  // empty: the system's trust store
    std::string body;     // non-empty: POST as JSON
    long max_tls = CURL_SSLVERSION_MAX_DEFAULT;
    long min_tls = CURL_SSLVERSION_TLSv1_2;
};

CurlResult Fetch(const CurlRequest& r) {
    CurlResult out;
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
    if (!r.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, r.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, r.min_tls | r.max_tls);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, Append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.headers);
    if (!r.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.body.c_str());
    }
    out.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    for (auto& c : out.headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// What `openssl s_client` negotiated with the server: the suite, or "" when the handshake failed.
struct Handshake {
    std::string protocol;
    std::string cipher;
    std::string output;
};

std::string Field(const std::string& out, const std::string& name) {
    const size_t at = out.find(name + ": ");
    if (at == std::string::npos) return "";
    const size_t start = at + name.size() + 2;
    return out.substr(start, out.find('\n', start) - start);
}

Handshake SClient(unsigned short port, const std::string& options) {
    const std::string cmd =
        "openssl s_client -brief -connect 127.0.0.1:" + std::to_string(port) + " " + options + " </dev/null 2>&1";
    Handshake h;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return h;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) h.output.append(buf, n);
    pclose(pipe);
    h.protocol = Field(h.output, "Protocol version");
    h.cipher = Field(h.output, "Ciphersuite");
    return h;
}

class TlsApi : public ApiTest {
  protected:
    void SetUp() override { StartWith("-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"); }

    void StartWith(const std::string& key_options) {
        ApiTest::SetUp();
        dir_ = TempDir();
        cert_ = dir_ + "/cert.pem";
        key_ = dir_ + "/key.pem";
        const std::string cmd = "openssl req -x509 " + key_options +
                                " -nodes -days 1 "
                                "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
                                key_ + " -out " + cert_ + " 2>/dev/null";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a test certificate";
        StartServer({"--tls-cert", cert_, "--tls-key", key_});
        base_ = "https://127.0.0.1:" + std::to_string(server_->port());
    }

    std::string dir_, cert_, key_, base_;
};

class TlsRsaApi : public TlsApi {
  protected:
    void SetUp() override { StartWith("-newkey rsa:2048"); }
};

TEST_F(TlsApi, ServesHttpsWithTheGivenCertificate) {
    auto health = Fetch({base_ + "/healthz", cert_});
    ASSERT_EQ(health.code, CURLE_OK) << curl_easy_strerror(health.code);
    EXPECT_EQ(health.status, 200);
    EXPECT_NE(health.body.find("ok"), std::string::npos) << health.body;
    // A client that does not trust the certificate refuses it: the server really presented ours.
    EXPECT_EQ(Fetch({base_ + "/healthz"}).code, CURLE_PEER_FAILED_VERIFICATION);
}

TEST_F(TlsApi, SignInOverTlsSetsASecureHostCookieAndHsts) {
    auto login =
        Fetch({base_ + "/api/v1/auth/login", cert_, R"({"email":"admin@vendor.example","password":"correct horse"})"});
    ASSERT_EQ(login.code, CURLE_OK) << curl_easy_strerror(login.code);
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_NE(login.headers.find("set-cookie: __host-entitled_session="), std::string::npos) << login.headers;
    EXPECT_NE(login.headers.find("; secure"), std::string::npos) << login.headers;
    EXPECT_NE(login.headers.find("strict-transport-security: max-age=31536000"), std::string::npos);
}

TEST_F(TlsApi, RefusesTls11AndPlainHttp) {
    CurlRequest old{base_ + "/healthz", cert_};
    old.min_tls = CURL_SSLVERSION_TLSv1_1;
    old.max_tls = CURL_SSLVERSION_MAX_TLSv1_1;
    EXPECT_NE(Fetch(old).code, CURLE_OK);
    auto plain = Fetch({"http://127.0.0.1:" + std::to_string(server_->port()) + "/healthz"});
    EXPECT_TRUE(plain.code != CURLE_OK || plain.status != 200) << "plain HTTP answered on the TLS port";
    // The server is still serving after both.
    EXPECT_EQ(Fetch({base_ + "/healthz", cert_}).status, 200);
}

TEST_F(TlsApi, DoesNotStartWithAnUnusableKeyOrHalfTheOptions) {
    auto missing = RunEntitled({"serve", "--database", url_, "--listen", "127.0.0.1:0", "--tls-cert", cert_,
                                "--tls-key", dir_ + "/absent.pem"});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("--tls-key"), std::string::npos) << missing.err;
    auto half = RunEntitled({"serve", "--database", url_, "--listen", "127.0.0.1:0", "--tls-cert", cert_});
    EXPECT_EQ(half.exit_code, 2);
    EXPECT_NE(half.err.find("--tls-key"), std::string::npos) << half.err;
}

TEST_F(TlsApi, Tls12WithAnEcdsaCertificateOffersOnlyEcdheWithAead) {
    for (const char* suite :
         {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305"}) {
        auto h = SClient(server_->port(), std::string("-tls1_2 -cipher ") + suite);
        EXPECT_EQ(h.cipher, suite) << h.output;
    }
    for (const char* cbc : {"ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA"}) {
        auto h = SClient(server_->port(), std::string("-tls1_2 -cipher ") + cbc);
        EXPECT_EQ(h.cipher, "") << cbc << " was accepted:\n" << h.output;
    }
}

TEST_F(TlsRsaApi, Tls12WithAnRsaCertificateRefusesCbcAndStaticRsaKeyExchange) {
    for (const char* suite :
         {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"}) {
        auto h = SClient(server_->port(), std::string("-tls1_2 -cipher ") + suite);
        EXPECT_EQ(h.cipher, suite) << h.output;
        EXPECT_EQ(h.protocol, "TLSv1.2");
    }
    // No forward secrecy (static RSA key exchange), CBC (Lucky 13), or both.
    for (const char* weak : {"AES128-SHA256", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA256",
                             "ECDHE-RSA-AES256-SHA", "DHE-RSA-AES128-SHA256"}) {
        auto h = SClient(server_->port(), std::string("-tls1_2 -cipher ") + weak);
        EXPECT_EQ(h.cipher, "") << weak << " was accepted:\n" << h.output;
    }
    EXPECT_EQ(Fetch({base_ + "/healthz", cert_}).status, 200);
}

TEST_F(TlsRsaApi, TheServersCipherOrderWinsOverTheClients) {
    auto h = SClient(server_->port(),
                     "-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:"
                     "ECDHE-RSA-AES128-GCM-SHA256");
    EXPECT_EQ(h.cipher, "ECDHE-RSA-AES128-GCM-SHA256") << h.output;
}

TEST_F(TlsRsaApi, Tls13IsOffered) {
    auto h = SClient(server_->port(), "-tls1_3");
    EXPECT_EQ(h.protocol, "TLSv1.3") << h.output;
    EXPECT_EQ(h.cipher.rfind("TLS_", 0), 0U) << h.output;
}

}  // namespace
}  // namespace entitled::testing
