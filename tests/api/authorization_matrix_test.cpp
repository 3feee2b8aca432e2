// Every endpoint × every kind of principal. The rows are checked against the
// server's own route table: an endpoint added without a row here fails
// EveryRouteHasARow, so the matrix cannot silently fall behind.
#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <set>

#include "api/app.hpp"
#include "api/openapi.hpp"
#include "api_fixture.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

// Principals, created fresh for each run.
const std::vector<std::string> kPrincipals = {"anonymous", "external", "support", "compliance", "integration", "admin"};

struct Row {
    std::string method;
    std::string pattern;
    // The path actually requested, and a body; `{user}` in either is the external user's id, `{n}` a unique number.
    std::string path;
    std::string body;
    std::map<std::string, unsigned> expected;  // principal → status
};

std::map<std::string, unsigned> Everyone(unsigned status) {
    std::map<std::string, unsigned> m;
    for (const auto& p : kPrincipals) m[p] = status;
    return m;
}

// anonymous → 401; the signed-in get `signed_in`, except the overrides.
std::map<std::string, unsigned> SignedIn(unsigned signed_in, std::map<std::string, unsigned> overrides = {}) {
    auto m = Everyone(signed_in);
    m["anonymous"] = 401;
    for (const auto& [k, v] : overrides) m[k] = v;
    return m;
}

std::map<std::string, unsigned> AdminOnly(unsigned admin_status) { return SignedIn(403, {{"admin", admin_status}}); }

const std::vector<Row>& Matrix() {
    static const std::vector<Row> rows = {
        {"GET", "/healthz", "/healthz", "", Everyone(200)},
        {"GET", "/readyz", "/readyz", "", Everyone(200)},
        {"GET", "/metrics", "/metrics", "", Everyone(200)},
        {"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "", Everyone(200)},
        {"POST", "/api/v1/auth/login", "/api/v1/auth/login",
         R"({"email":"nobody-{n}@nowhere.example","password":"not the password"})", Everyone(401)},
        {"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", "", SignedIn(204)},
        {"GET", "/api/v1/me", "/api/v1/me", "", SignedIn(200)},
        {"PATCH", "/api/v1/me", "/api/v1/me", R"({"locale":"en"})", SignedIn(200)},
        {"POST", "/api/v1/me/tokens", "/api/v1/me/tokens", R"({"name":"matrix"})", SignedIn(201)},
        {"DELETE", "/api/v1/me/tokens/{id}", "/api/v1/me/tokens/999999", "", SignedIn(404)},
        {"GET", "/api/v1/users", "/api/v1/users", "", AdminOnly(200)},
        {"POST", "/api/v1/users", "/api/v1/users",
         R"({"email":"new-{n}@customer.example","name":"New","password":"long enough pw"})", AdminOnly(201)},
        {"PATCH", "/api/v1/users/{id}", "/api/v1/users/{user}", R"({"name":"External"})", AdminOnly(200)},
        {"GET", "/api/v1/admin/outbox", "/api/v1/admin/outbox", "", AdminOnly(200)},
    };
    return rows;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
    return s;
}

TEST(AuthorizationMatrix, EveryRouteHasARowAndEveryRowARoute) {
    auto db = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db.ok());
    SystemClock clock;
    http::Metrics metrics;
    api::App app{**db, clock, metrics};
    http::Router router;
    api::RegisterRoutes(router, app);
    std::set<std::pair<std::string, std::string>> routes;
    for (const auto& r : router.routes()) routes.emplace(std::string(boost::beast::http::to_string(r.method)), r.pattern);
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& row : Matrix()) rows.emplace(row.method, row.pattern);
    for (const auto& r : routes) EXPECT_TRUE(rows.count(r)) << "no authorization matrix row for " << r.first << " " << r.second;
    for (const auto& r : rows) EXPECT_TRUE(routes.count(r)) << "matrix row for a route that does not exist: " << r.first << " " << r.second;
    // The served OpenAPI document describes every route, too.
    const auto doc = json::parse(api::OpenApiDocument());
    const auto& paths = doc.at("paths").as_object();
    for (const auto& [method, pattern] : routes) {
        std::string lower = method;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto* item = paths.if_contains(pattern);
        EXPECT_TRUE(item != nullptr && item->as_object().contains(lower)) << "OpenAPI lacks " << method << " " << pattern;
    }
}

class AuthorizationMatrixApi : public ApiTest {};

TEST_F(AuthorizationMatrixApi, EveryEndpointAllowsAndDeniesEachPrincipalAsSpecified) {
    std::map<std::string, std::string> tokens = {{"admin", admin_token_}};
    tokens["external"] = CreateUserWithToken("ext@customer.example", "Ext");
    tokens["support"] = CreateUserWithToken("sup@vendor.example", "Sup", {"--internal", "--flag", "licensing_support"});
    tokens["compliance"] = CreateUserWithToken("comp@vendor.example", "Comp", {"--internal", "--flag", "compliance"});
    tokens["integration"] = CreateUserWithToken("erp@vendor.example", "Erp", {"--internal", "--flag", "order_integration"});
    auto me = NewClient();
    me->SetBearer(tokens["external"]);
    const std::string external_id = std::to_string(me->Get("/api/v1/me").json().at("id").as_int64());

    int n = 0;
    for (const auto& row : Matrix()) {
        for (const auto& principal : kPrincipals) {
            auto c = NewClient();
            if (principal != "anonymous") c->SetBearer(tokens.at(principal));
            const std::string unique = std::to_string(++n);
            const std::string path = Replace(row.path, "{user}", external_id);
            const std::string body = Replace(Replace(row.body, "{n}", unique), "{user}", external_id);
            auto r = c->Send(row.method, path, body);
            EXPECT_EQ(r.status, row.expected.at(principal))
                << principal << " " << row.method << " " << path << "\n" << r.body;
            if (r.status >= 400) {
                EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << row.method << " " << path;
            }
        }
    }
}

}  // namespace
}  // namespace entitled::testing
