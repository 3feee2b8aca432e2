// The server's front door: health, errors, limits, keep-alive, pipelining,
// shutdown, static files, and atomicity of a failed request.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class FoundationApi : public ApiTest {};

json::object NewUser(const std::string& email) {
    return {{"email", email}, {"name", "Grace"}, {"password", "long enough pw"}, {"locale", "fr"}};
}

std::int64_t CountUsers(const std::string& url, const std::string& email) {
    auto db = storage::OpenDatabase(url);
    EXPECT_TRUE(db.ok());
    auto n = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
        return tx.QueryOne("SELECT COUNT(*) FROM users WHERE email = ?", {email});
    });
    EXPECT_TRUE(n.ok());
    return (*n)->Int(0);
}

TEST_F(FoundationApi, HealthAndReadinessAnswerWithSecurityHeaders) {
    auto health = client().Get("/healthz");
    EXPECT_EQ(health.status, 200U);
    EXPECT_EQ(health.json().at("status"), "ok");
    EXPECT_EQ(health.header("X-Content-Type-Options"), "nosniff");
    EXPECT_NE(health.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(health.header("Referrer-Policy"), "no-referrer");
    EXPECT_FALSE(health.header("X-Request-Id").empty());

    auto ready = client().Get("/readyz");
    EXPECT_EQ(ready.status, 200U);
    EXPECT_EQ(ready.json().at("status"), "ready");
}

TEST_F(FoundationApi, RequestIdIsEchoedWhenSaneAndReplacedWhenNot) {
    EXPECT_EQ(client().Get("/healthz", {{"X-Request-Id", "abc-123"}}).header("X-Request-Id"), "abc-123");
    const auto forged = client().Get("/healthz", {{"X-Request-Id", "bad id\"}"}}).header("X-Request-Id");
    EXPECT_NE(forged, "bad id\"}");
    EXPECT_EQ(forged.size(), 16U);
}

TEST_F(FoundationApi, MetricsCountRequestsInPrometheusFormat) {
    client().Get("/healthz");
    auto metrics = client().Get("/metrics");
    EXPECT_EQ(metrics.status, 200U);
    EXPECT_NE(metrics.header("Content-Type").find("text/plain"), std::string::npos);
    EXPECT_NE(metrics.body.find("entitled_http_requests_total{method=\"GET\",status=\"200\"}"), std::string::npos);
    EXPECT_NE(metrics.body.find("entitled_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(FoundationApi, OpenApiDocumentIsServedAndListsEveryRoute) {
    auto doc = client().Get("/api/v1/openapi.json");
    ASSERT_EQ(doc.status, 200U);
    const auto body = doc.json();
    const auto& paths = body.at("paths").as_object();
    for (const char* path : {"/healthz", "/readyz", "/metrics", "/api/v1/users", "/api/v1/me", "/api/v1/me/tokens",
                             "/api/v1/me/tokens/{id}"}) {
        EXPECT_TRUE(paths.contains(path)) << path;
    }
}

// Issue 17: the dashboard in docs/grafana asks only for series the server
// exports, and shows every family it exports.
TEST_F(FoundationApi, TheGrafanaDashboardQueriesExactlyTheSeriesOfMetrics) {
    std::ifstream file(std::string(ENTITLED_SOURCE_DIR) + "/docs/grafana/entitled.json");
    ASSERT_TRUE(file) << "docs/grafana/entitled.json";
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const json::value dashboard = json::parse(text);
    std::set<std::string> queried;
    const std::regex name("entitled_[a-z_]+");
    for (const auto& panel : dashboard.at("panels").as_array()) {
        ASSERT_FALSE(panel.at("targets").as_array().empty()) << panel.at("title");
        for (const auto& target : panel.at("targets").as_array()) {
            const std::string expr(target.at("expr").as_string());
            for (std::sregex_iterator it(expr.begin(), expr.end(), name), end; it != end; ++it)
                queried.insert(it->str());
        }
    }
    client().Get("/healthz");  // so the request series have samples
    const std::string metrics = client().Get("/metrics").body;
    std::set<std::string> exported;  // sample names: a histogram's _bucket, _sum and _count
    std::set<std::string> families;  // "# TYPE" names
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("# TYPE ", 0) == 0) {
            families.insert(line.substr(7, line.find(' ', 7) - 7));
        } else if (!line.empty() && line[0] != '#') {
            exported.insert(line.substr(0, line.find_first_of("{ ")));
        }
    }
    ASSERT_FALSE(families.empty()) << metrics;
    for (const auto& q : queried) EXPECT_TRUE(exported.count(q) == 1) << q << " is not in /metrics";
    for (const auto& f : families) {
        const bool shown =
            std::any_of(queried.begin(), queried.end(), [&](const std::string& q) { return q.rfind(f, 0) == 0; });
        EXPECT_TRUE(shown) << f << " is exported but on no panel";
    }
}

TEST_F(FoundationApi, UnknownRouteIsProblemJson404InTheCallersLanguage) {
    auto r = client().Get("/api/v1/nothing-here", {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    EXPECT_EQ(r.status, 404U);
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(r.problem_code(), "not_found");
    EXPECT_EQ(r.json().at("detail"), "Il n'y a rien à cette adresse.");
    EXPECT_EQ(r.json().at("status"), 404);
}

TEST_F(FoundationApi, WrongMethodIs405WithAllow) {
    auto r = client().Send("DELETE", "/healthz", "");
    EXPECT_EQ(r.status, 405U);
    EXPECT_EQ(r.header("Allow"), "GET");
    EXPECT_EQ(r.problem_code(), "method_not_allowed");
}

TEST_F(FoundationApi, MalformedJsonIs400) {
    client().SetBearer(admin_token_);
    auto r = client().Post("/api/v1/users", std::string("{\"email\": "));
    EXPECT_EQ(r.status, 400U);
    EXPECT_EQ(r.problem_code(), "malformed_json");
    auto arr = client().Post("/api/v1/users", std::string("[1]"));
    EXPECT_EQ(arr.status, 400U);
    EXPECT_EQ(arr.problem_code(), "expected_object");
}

TEST_F(FoundationApi, WrongTypesAre422NamingEachField) {
    client().SetBearer(admin_token_);
    auto r =
        client().Post("/api/v1/users",
                      json::value{{"email", 12}, {"name", true}, {"password", "short"}, {"flags", "x"}, {"oops", 1}});
    EXPECT_EQ(r.status, 422U);
    EXPECT_EQ(r.problem_code(), "validation_failed");
    EXPECT_EQ(r.error_fields(), "email,name,password,flags,oops");
}

TEST_F(FoundationApi, HugeBodyIs413AndTheServerKeepsServing) {
    client().SetBearer(admin_token_);
    const std::string huge(2 * 1024 * 1024, 'x');
    auto r = client().Post("/api/v1/users", huge);
    EXPECT_EQ(r.status, 413U);
    EXPECT_EQ(r.problem_code(), "body_too_large");
    EXPECT_EQ(NewClient()->Get("/healthz").status, 200U);
}

TEST_F(FoundationApi, HugeHeadersAre431) {
    const std::string raw = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
    const std::string reply = client().Raw(raw);
    EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0U) << reply.substr(0, 200);
    EXPECT_NE(reply.find("headers_too_large"), std::string::npos);
}

TEST_F(FoundationApi, GarbageIs400AndDoesNotCrashTheServer) {
    const std::string reply = client().Raw("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0U) << reply;
    const std::string bad_target = client().Raw("GET /bad%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(bad_target.rfind("HTTP/1.1 400", 0), 0U) << bad_target;
    EXPECT_EQ(NewClient()->Get("/healthz").status, 200U);
}

TEST_F(FoundationApi, PipelinedRequestsAreAnsweredInOrder) {
    const std::string raw =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n"
        "GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"
        "GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\nConnection: close\r\n\r\n";
    const std::string reply = client().Raw(raw);
    const auto first = reply.find("X-Request-Id: first");
    const auto second = reply.find("X-Request-Id: second");
    const auto third = reply.find("X-Request-Id: third");
    ASSERT_NE(first, std::string::npos) << reply;
    ASSERT_NE(second, std::string::npos) << reply;
    ASSERT_NE(third, std::string::npos) << reply;
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    EXPECT_NE(reply.find("HTTP/1.1 404"), std::string::npos);
}

TEST_F(FoundationApi, KeepAliveServesManyRequestsOnOneConnection) {
    for (int i = 0; i < 50; ++i) {
        auto r = client().Get("/healthz");
        ASSERT_EQ(r.status, 200U);
        EXPECT_NE(r.header("Connection"), "close");
    }
}

TEST_F(FoundationApi, HeadReturnsHeadersWithoutBody) {
    const std::string reply = client().Raw("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0U);
    EXPECT_NE(reply.find("Content-Length: 15"), std::string::npos);
    EXPECT_EQ(reply.substr(reply.find("\r\n\r\n") + 4), "");
}

TEST_F(FoundationApi, FailedRequestLeavesNoPartialWrite) {
    // Every write to the audit table fails: the user row written just before
    // it in the same request must not survive.
    StartServer({"--fault-inject-table", "audit_events"});
    client().SetBearer(admin_token_);
    auto r = client().Post("/api/v1/users", NewUser("grace@customer.example"));
    EXPECT_EQ(r.status, 500U);
    EXPECT_EQ(r.problem_code(), "internal");
    EXPECT_EQ(CountUsers(url_, "grace@customer.example"), 0);

    StartServer();
    client().SetBearer(admin_token_);
    auto again = client().Post("/api/v1/users", NewUser("grace@customer.example"));
    EXPECT_EQ(again.status, 201U) << again.body;
    EXPECT_EQ(CountUsers(url_, "grace@customer.example"), 1);
}

TEST_F(FoundationApi, IdempotencyKeyReplaysTheFirstResponseAndChangesNothing) {
    client().SetBearer(admin_token_);
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "create-grace-1"}};
    auto first = client().Post("/api/v1/users", NewUser("grace@customer.example"), key);
    ASSERT_EQ(first.status, 201U) << first.body;
    auto retry = client().Post("/api/v1/users", NewUser("grace@customer.example"), key);
    EXPECT_EQ(retry.status, 201U);
    EXPECT_EQ(retry.body, first.body);
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(CountUsers(url_, "grace@customer.example"), 1);

    auto other = client().Post("/api/v1/users", NewUser("someone@else.example"), key);
    EXPECT_EQ(other.status, 422U);
    EXPECT_EQ(other.problem_code(), "idempotency_key_reused");
    EXPECT_EQ(CountUsers(url_, "someone@else.example"), 0);

    auto without_key = client().Post("/api/v1/users", NewUser("grace@customer.example"));
    EXPECT_EQ(without_key.status, 409U);
}

std::vector<std::string> StoredReplayBodies(const std::string& url) {
    auto db = storage::OpenDatabase(url);
    EXPECT_TRUE(db.ok());
    auto rows = (*db)->Run(storage::TxMode::kRead,
                           [&](storage::Transaction& tx) { return tx.Query("SELECT body FROM idempotency_keys"); });
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.Text(0));
    return out;
}

// Issue 18: API tokens and device secrets were kept in the clear for replays.
TEST_F(FoundationApi, ASecretIsShownOnceAndNeverKeptForAReplay) {
    client().SetBearer(admin_token_);
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "token-ci-1"}};
    auto first = client().Post("/api/v1/me/tokens", json::value{{"name", "ci"}}, key);
    ASSERT_EQ(first.status, 201U) << first.body;
    const std::string secret(first.json().at("token").as_string());
    ASSERT_FALSE(secret.empty());

    auto retry = client().Post("/api/v1/me/tokens", json::value{{"name", "ci"}}, key);
    ASSERT_EQ(retry.status, 201U) << retry.body;
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(retry.json().at("id"), first.json().at("id")) << "the same token, not a second one";
    EXPECT_TRUE(retry.json().at("token").is_null());
    EXPECT_EQ(retry.json().at("secrets_withheld"), (json::array{"token"}));
    for (const auto& body : StoredReplayBodies(url_)) EXPECT_EQ(body.find(secret), std::string::npos) << body;
}

// Issue 18: every anonymous caller shared one key space.
TEST_F(FoundationApi, AnonymousCallersDoNotShareIdempotencyKeys) {
    client().SetBearer(admin_token_);
    auto sa = client().Post("/api/v1/smart-accounts",
                            json::value{{"name", "Idem Co"},
                                        {"domain", "idem.example"},
                                        {"kind", "customer"},
                                        {"legal_entity", json::object{{"name", "Idem Co"}, {"country", "DE"}}}});
    ASSERT_EQ(sa.status, 201U) << sa.body;
    const auto va = sa.json().at("virtual_accounts").at(0).at("id").as_int64();
    auto token = client().Post("/api/v1/virtual-accounts/" + std::to_string(va) + "/tokens",
                               json::value{{"description", "t"}, {"expires_in_days", 5}, {"max_uses", 5}});
    ASSERT_EQ(token.status, 201U) << token.body;
    auto device = [&](const std::string& serial) {
        return NewClient()->Post("/api/v1/devices/register",
                                 json::value{{"token", token.json().at("token")},
                                             {"name", "switch"},
                                             {"serial", serial},
                                             {"product", "SW-BOX"},
                                             {"deployment", "cloud"}},
                                 {{"Idempotency-Key", "register-1"}});
    };
    auto first = device("SN-1");
    ASSERT_EQ(first.status, 201U) << first.body;
    // Another device that happens to use the same key gets its own answer, not a 422 or the first one's.
    auto other = device("SN-2");
    ASSERT_EQ(other.status, 201U) << other.body;
    EXPECT_NE(other.json().at("device_id"), first.json().at("device_id"));
    EXPECT_TRUE(other.header("Idempotent-Replayed").empty());
    // The first device's own retry is a replay, without its secret.
    auto retry = device("SN-1");
    ASSERT_EQ(retry.status, 201U) << retry.body;
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(retry.json().at("device_id"), first.json().at("device_id"));
    EXPECT_TRUE(retry.json().at("device_secret").is_null());
    EXPECT_EQ(retry.json().at("secrets_withheld"), (json::array{"device_secret"}));
}

TEST_F(FoundationApi, AReplayRecordExpiresAndIsPruned) {
    client().SetBearer(admin_token_);
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "create-hana-1"}};
    ASSERT_EQ(client().Post("/api/v1/users", NewUser("hana@customer.example"), key).status, 201U);
    ASSERT_EQ(StoredReplayBodies(url_).size(), 1U);
    {
        // A day and a second later, as far as the record knows.
        auto db = storage::OpenDatabase(url_);
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE((*db)
                        ->Run(storage::TxMode::kWrite,
                              [](storage::Transaction& tx) {
                                  return tx.Exec("UPDATE idempotency_keys SET created_at = created_at - 86401000000");
                              })
                        .ok());
    }
    // Past its lifetime the key is not answered from the record: the request runs again (the user exists).
    auto retry = client().Post("/api/v1/users", NewUser("hana@customer.example"), key);
    EXPECT_EQ(retry.status, 409U) << retry.body;
    EXPECT_TRUE(retry.header("Idempotent-Replayed").empty());
    // And the next housekeeping round drops it.
    auto jobs = RunEntitled({"jobs", "run", "--database", url_});
    ASSERT_EQ(jobs.exit_code, 0) << jobs.out << jobs.err;
    EXPECT_TRUE(StoredReplayBodies(url_).empty());
}

TEST_F(FoundationApi, GracefulShutdownFinishesTheRequestInFlight) {
    client().SetBearer(admin_token_);
    // Creating a user hashes a password with argon2id: a request that takes a while.
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(15));
        server_->Stop(SIGTERM);
    });
    auto r = client().Post("/api/v1/users", NewUser("late@customer.example"));
    stopper.join();
    EXPECT_EQ(r.status, 201U) << r.body;
    EXPECT_EQ(CountUsers(url_, "late@customer.example"), 1);
    EXPECT_NE(server_->Log().find("\"event\":\"stopped\""), std::string::npos);
}

TEST_F(FoundationApi, SigtermExitsCleanly) {
    EXPECT_EQ(client().Get("/healthz").status, 200U);
    EXPECT_EQ(server_->Stop(SIGTERM), 0);
}

TEST_F(FoundationApi, AccessLogHasOneJsonLinePerRequest) {
    client().Get("/healthz", {{"X-Request-Id", "logged-1"}});
    client().Get("/nope%0A%7B%22event%22:%22forged%22%7D");  // a decoded newline must not start a log line
    server_->Stop();
    const std::string log = server_->Log();
    size_t lines = 0;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
        boost::system::error_code ec;
        auto v = boost::json::parse(line, ec);
        EXPECT_FALSE(ec) << "not JSON: " << line;
        if (!ec && v.as_object().at("event") == "request") ++lines;
    }
    EXPECT_NE(log.find("\"request_id\":\"logged-1\""), std::string::npos);
    EXPECT_EQ(log.find("\n{\"event\":\"forged\""), std::string::npos);
    EXPECT_GE(lines, 1U);
}

TEST_F(FoundationApi, ServesTheWebUiWithSpaFallback) {
    const std::string root = TempDir();
    std::filesystem::create_directories(root + "/assets");
    std::ofstream(root + "/index.html") << "<!doctype html><title>entitled</title>";
    std::ofstream(root + "/assets/index-abc123.js") << "export {}";
    StartServer({"--web-root", root});
    auto index = client().Get("/");
    EXPECT_EQ(index.status, 200U);
    EXPECT_NE(index.header("Content-Type").find("text/html"), std::string::npos);
    EXPECT_EQ(client().Get("/orders/SO-1001").body, index.body);
    auto asset = client().Get("/assets/index-abc123.js");
    EXPECT_EQ(asset.status, 200U);
    EXPECT_NE(asset.header("Cache-Control").find("immutable"), std::string::npos);
    EXPECT_EQ(client().Get("/assets/missing.js").status, 404U);
    auto api = client().Get("/api/v1/unknown");
    EXPECT_EQ(api.status, 404U);
    EXPECT_EQ(api.header("Content-Type"), "application/problem+json");
}

}  // namespace
}  // namespace entitled::testing
