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
// "external" owns the fixture account; "viewer" is its sa_viewer; "stranger" administers another account.
const std::vector<std::string> kPrincipals = {"anonymous",   "external", "support", "compliance",
                                              "integration", "admin",    "viewer",  "stranger"};

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

// On the fixture account, owned (sa_admin) by "external": members get `member`;
// support, compliance and admins may read (`read`) but not act (403); its
// sa_viewer reads but does not act; integration users and another account's
// administrator have no relation to it (404).
std::map<std::string, unsigned> OnAccount(unsigned member, bool read) {
    return SignedIn(read ? member : 403,
                    {{"external", member}, {"integration", 404}, {"viewer", read ? member : 403U}, {"stranger", 404}});
}

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
        // Second factor: a wrong password is refused, nothing was set up to confirm, an admin resets anyone's.
        {"POST", "/api/v1/me/totp", "/api/v1/me/totp", R"({"current_password":"not it"})", SignedIn(422)},
        {"POST", "/api/v1/me/totp/confirm", "/api/v1/me/totp/confirm", R"({"code":"123456"})", SignedIn(409)},
        {"POST", "/api/v1/me/totp/disable", "/api/v1/me/totp/disable",
         R"({"current_password":"not it","code":"123456"})", SignedIn(422)},
        {"POST", "/api/v1/users/{id}/totp-reset", "/api/v1/users/{user}/totp-reset", "", AdminOnly(204)},
        {"GET", "/api/v1/users", "/api/v1/users", "", AdminOnly(200)},
        {"POST", "/api/v1/users", "/api/v1/users",
         R"({"email":"new-{n}@customer.example","name":"New","password":"long enough pw"})", AdminOnly(201)},
        {"PATCH", "/api/v1/users/{id}", "/api/v1/users/{user}", R"({"name":"External"})", AdminOnly(200)},
        {"GET", "/api/v1/admin/outbox", "/api/v1/admin/outbox", "", AdminOnly(200)},
        {"GET", "/api/v1/smart-accounts", "/api/v1/smart-accounts?by=name&q=matrix", "", SignedIn(200)},
        {"POST", "/api/v1/smart-accounts", "/api/v1/smart-accounts",
         R"({"name":"Acct {n}","domain":"acct-{n}.example","kind":"customer"})", SignedIn(201)},
        {"GET", "/api/v1/smart-accounts/{id}", "/api/v1/smart-accounts/{sa}", "", OnAccount(200, true)},
        {"GET", "/api/v1/smart-accounts/{id}/asset-summary", "/api/v1/smart-accounts/{sa}/asset-summary", "",
         OnAccount(200, true)},
        {"GET", "/api/v1/smart-accounts/{id}/virtual-accounts", "/api/v1/smart-accounts/{sa}/virtual-accounts", "",
         OnAccount(200, true)},
        {"POST", "/api/v1/smart-accounts/{id}/virtual-accounts", "/api/v1/smart-accounts/{sa}/virtual-accounts",
         R"({"name":"VA {n}"})", OnAccount(201, false)},
        {"PATCH", "/api/v1/virtual-accounts/{id}", "/api/v1/virtual-accounts/{va}", R"({"description":"d"})",
         OnAccount(200, false)},
        {"DELETE", "/api/v1/virtual-accounts/{id}", "/api/v1/virtual-accounts/{va}", "", OnAccount(409, false)},
        {"GET", "/api/v1/smart-accounts/{id}/licenses", "/api/v1/smart-accounts/{sa}/licenses", "",
         OnAccount(200, true)},
        {"GET", "/api/v1/smart-accounts/{id}/license-summary", "/api/v1/smart-accounts/{sa}/license-summary", "",
         OnAccount(200, true)},
        {"GET", "/api/v1/smart-accounts/{id}/devices", "/api/v1/smart-accounts/{sa}/devices", "", OnAccount(200, true)},
        // The owner gets as far as validation: a move to the same VA.
        {"POST", "/api/v1/virtual-accounts/{id}/license-moves", "/api/v1/virtual-accounts/{va}/license-moves",
         R"({"to_virtual_account_id":{va},"product":"S","quantity":1})", OnAccount(422, false)},
        {"GET", "/api/v1/virtual-accounts/{id}/tokens", "/api/v1/virtual-accounts/{va}/tokens", "",
         OnAccount(200, true)},
        {"POST", "/api/v1/virtual-accounts/{id}/tokens", "/api/v1/virtual-accounts/{va}/tokens",
         R"({"description":"matrix","expires_in_days":1,"max_uses":1})", OnAccount(201, false)},
        {"DELETE", "/api/v1/virtual-accounts/{id}/tokens/{token_id}", "/api/v1/virtual-accounts/{va}/tokens/999999", "",
         OnAccount(404, false)},
        // Devices authenticate with a registration token or their secret, whoever else is signed in.
        {"POST", "/api/v1/devices/register", "/api/v1/devices/register",
         R"({"token":"forged","name":"n","serial":"s{n}","product":"p","deployment":"cloud"})", Everyone(422)},
        {"POST", "/api/v1/usage-reports", "/api/v1/usage-reports",
         R"([{"device_id":999999,"device_secret":"forged","usage":[]}])", Everyone(401)},
        {"DELETE", "/api/v1/devices/{id}", "/api/v1/devices/999999", "", SignedIn(404)},
        // Product-side licensing: keys are public; devices act with their own secret.
        {"GET", "/api/v1/licensing/keys", "/api/v1/licensing/keys", "", Everyone(200)},
        {"POST", "/api/v1/devices/check-in", "/api/v1/devices/check-in",
         R"({"device_id":999999,"device_secret":"forged","usage":[]})", Everyone(401)},
        {"POST", "/api/v1/leases", "/api/v1/leases", R"({"device_id":999999,"device_secret":"forged","product":"p"})",
         Everyone(401)},
        {"POST", "/api/v1/leases/{id}/heartbeat", "/api/v1/leases/999999/heartbeat", R"({"device_secret":"forged"})",
         Everyone(404)},
        {"DELETE", "/api/v1/leases/{id}", "/api/v1/leases/999999", R"({"device_secret":"forged"})", Everyone(404)},
        {"GET", "/api/v1/smart-accounts/{id}/leases", "/api/v1/smart-accounts/{sa}/leases", "", OnAccount(200, true)},
        {"GET", "/api/v1/smart-accounts/{id}/members", "/api/v1/smart-accounts/{sa}/members", "", OnAccount(200, true)},
        {"POST", "/api/v1/smart-accounts/{id}/members", "/api/v1/smart-accounts/{sa}/members",
         R"({"email":"m{n}@new.example","role":"sa_viewer"})", OnAccount(202, false)},
        {"DELETE", "/api/v1/smart-accounts/{id}/members/{user_id}", "/api/v1/smart-accounts/{sa}/members/{user}", "",
         OnAccount(409, false)},
        {"POST", "/api/v1/smart-accounts/{id}/members/import", "/api/v1/smart-accounts/{sa}/members/import",
         "email,role\nimp{n}@new.example,sa_viewer\n", OnAccount(200, false)},
        // The event log is for the account's administrators (and internal readers), not its viewers.
        {"GET", "/api/v1/smart-accounts/{id}/events", "/api/v1/smart-accounts/{sa}/events", "",
         [] {
             auto m = OnAccount(200, true);
             m["viewer"] = 403;
             return m;
         }()},
        {"POST", "/api/v1/smart-account-requests", "/api/v1/smart-account-requests",
         R"({"account_name":"Req {n}","domain":"req-{n}.example","customer_email":"c{n}@req.example"})", SignedIn(201)},
        {"GET", "/api/v1/smart-account-requests", "/api/v1/smart-account-requests", "", SignedIn(200)},
        {"GET", "/api/v1/smart-account-requests/{id}", "/api/v1/smart-account-requests/{request}", "",
         SignedIn(200, {{"compliance", 404}, {"integration", 404}, {"viewer", 404}, {"stranger", 404}})},
        {"POST", "/api/v1/smart-account-requests/lookup", "/api/v1/smart-account-requests/lookup",
         R"({"token":"forged"})", Everyone(404)},
        {"POST", "/api/v1/smart-account-requests/accept", "/api/v1/smart-account-requests/accept",
         R"({"token":"forged"})", Everyone(404)},
        {"POST", "/api/v1/smart-account-requests/decline", "/api/v1/smart-account-requests/decline",
         R"({"token":"forged","reason":"no"})", Everyone(404)},
        {"POST", "/api/v1/invitations/lookup", "/api/v1/invitations/lookup", R"({"token":"forged"})", Everyone(404)},
        {"POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept",
         R"({"token":"forged","name":"N","password":"long enough pw"})", Everyone(404)},
        {"POST", "/api/v1/orders", "/api/v1/orders",
         R"({"sales_order_number":"SO-M{n}","web_order_number":"WO-M{n}","purchaser_name":"P","end_customer_name":"E","contacts":[],"lines":[{"line_number":1,"sku":"S","quantity":1,"license_type":"perpetual","buying_model":"transactional","smart_enabled":true}]})",
         SignedIn(403, {{"integration", 201}})},
        {"GET", "/api/v1/orders", "/api/v1/orders", "", SignedIn(200)},
        // The fixture order lists "external" as a contact; internal roles see every order.
        // Until "external" assigns it, only contacts and internal roles see it.
        {"GET", "/api/v1/orders/{number}", "/api/v1/orders/SO-MATRIX", "",
         SignedIn(200, {{"viewer", 404}, {"stranger", 404}})},
        {"POST", "/api/v1/orders/{number}/assignments", "/api/v1/orders/SO-MATRIX/assignments",
         R"({"smart_account_id":{sa},"virtual_account_id":{va},"accept_terms":true})",
         SignedIn(403, {{"external", 200}, {"stranger", 404}})},
        {"POST", "/api/v1/orders/{number}/shipments", "/api/v1/orders/SO-MATRIX/shipments", R"({"line_numbers":[1]})",
         SignedIn(403, {{"integration", 200}})},
        {"PUT", "/api/v1/orders/{number}/export-hold", "/api/v1/orders/SO-MATRIX/export-hold",
         R"({"on":false,"reason":"none"})", SignedIn(403, {{"integration", 200}, {"compliance", 200}})},
        // Now assigned to the fixture account: its viewer sees it too.
        {"GET", "/api/v1/orders/{number}/diagnosis", "/api/v1/orders/SO-MATRIX/diagnosis", "",
         SignedIn(200, {{"stranger", 404}})},
        {"GET", "/api/v1/orders/{number}/history", "/api/v1/orders/SO-MATRIX/history", "",
         SignedIn(200, {{"stranger", 404}})},
        {"GET", "/api/v1/find", "/api/v1/find?q=WO-MATRIX", "", SignedIn(200, {{"stranger", 404}})},
        {"GET", "/api/v1/transfers/eligible-assets", "/api/v1/transfers/eligible-assets?source_smart_account_id={sa}",
         "", SignedIn(403, {{"external", 200}, {"support", 200}, {"integration", 404}, {"stranger", 404}})},
        // The owner gets as far as validation: the destination is the source.
        {"POST", "/api/v1/transfers", "/api/v1/transfers",
         R"({"source_smart_account_id":{sa},"destination_smart_account_id":{sa},"destination_virtual_account_id":{va},"same_legal_entity":true,"licenses":[{"license_id":1,"quantity":1}],"justification":"j","requester":{"name":"n","phone":"123","company":"c"},"accept_terms":true})",
         OnAccount(422, false)},
        {"GET", "/api/v1/transfers", "/api/v1/transfers", "", SignedIn(200)},
        {"GET", "/api/v1/transfers/{id}", "/api/v1/transfers/AT-2000-000001", "", SignedIn(404)},
        {"POST", "/api/v1/transfers/{id}/submit", "/api/v1/transfers/AT-2000-000001/submit", "{}", SignedIn(404)},
        {"POST", "/api/v1/transfers/{id}/cancel", "/api/v1/transfers/AT-2000-000001/cancel", "{}", SignedIn(404)},
        {"POST", "/api/v1/transfers/{id}/consent", "/api/v1/transfers/AT-2000-000001/consent",
         R"({"decision":"approve","comment":"ok"})", SignedIn(404)},
        {"POST", "/api/v1/transfers/{id}/screening", "/api/v1/transfers/AT-2000-000001/screening",
         R"({"decision":"approve","reason":"ok"})", SignedIn(404)},
        {"POST", "/api/v1/cases", "/api/v1/cases",
         R"({"category":"software_licensing","subject":"S","description":"D"})", SignedIn(201)},
        {"GET", "/api/v1/cases", "/api/v1/cases", "", SignedIn(200)},
        // The fixture case was opened by "external"; licensing support and admins work the queue.
        {"GET", "/api/v1/cases/{id}", "/api/v1/cases/{case}", "",
         SignedIn(404, {{"external", 200}, {"support", 200}, {"admin", 200}})},
        {"POST", "/api/v1/cases/{id}/comments", "/api/v1/cases/{case}/comments", R"({"body":"hello"})",
         SignedIn(404, {{"external", 201}, {"support", 201}, {"admin", 201}})},
        {"PATCH", "/api/v1/cases/{id}", "/api/v1/cases/{case}", R"({"status":"waiting"})",
         SignedIn(404, {{"external", 403}, {"support", 200}, {"admin", 403}})},
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
    for (const auto& r : router.routes())
        routes.emplace(std::string(boost::beast::http::to_string(r.method)), r.pattern);
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& row : Matrix()) rows.emplace(row.method, row.pattern);
    for (const auto& r : routes)
        EXPECT_TRUE(rows.count(r)) << "no authorization matrix row for " << r.first << " " << r.second;
    for (const auto& r : rows)
        EXPECT_TRUE(routes.count(r)) << "matrix row for a route that does not exist: " << r.first << " " << r.second;
    // The served OpenAPI document describes every route, too.
    const auto doc = json::parse(api::OpenApiDocument());
    const auto& paths = doc.at("paths").as_object();
    for (const auto& [method, pattern] : routes) {
        std::string lower = method;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto* item = paths.if_contains(pattern);
        EXPECT_TRUE(item != nullptr && item->as_object().contains(lower))
            << "OpenAPI lacks " << method << " " << pattern;
    }
}

class AuthorizationMatrixApi : public ApiTest {};

TEST_F(AuthorizationMatrixApi, EveryEndpointAllowsAndDeniesEachPrincipalAsSpecified) {
    std::map<std::string, std::string> tokens = {{"admin", admin_token_}};
    tokens["external"] = CreateUserWithToken("ext@customer.example", "Ext");
    tokens["support"] = CreateUserWithToken("sup@vendor.example", "Sup", {"--internal", "--flag", "licensing_support"});
    tokens["compliance"] = CreateUserWithToken("comp@vendor.example", "Comp", {"--internal", "--flag", "compliance"});
    tokens["integration"] =
        CreateUserWithToken("erp@vendor.example", "Erp", {"--internal", "--flag", "order_integration"});
    tokens["viewer"] = CreateUserWithToken("view@customer.example", "Viewer");
    tokens["stranger"] = CreateUserWithToken("else@elsewhere.example", "Stranger");
    auto me = NewClient();
    me->SetBearer(tokens["external"]);
    const std::string external_id = std::to_string(me->Get("/api/v1/me").json().at("id").as_int64());
    // The fixture account belongs to "external"; so does the fixture request.
    auto account = me->Post("/api/v1/smart-accounts",
                            json::value{{"name", "Matrix Co"}, {"domain", "matrix.example"}, {"kind", "customer"}});
    ASSERT_EQ(account.status, 201U) << account.body;
    const std::string sa = std::to_string(account.json().at("id").as_int64());
    const std::string va = std::to_string(account.json().at("virtual_accounts").at(0).at("id").as_int64());
    ASSERT_EQ(me->Post("/api/v1/smart-accounts/" + sa + "/members",
                       json::value{{"email", "view@customer.example"}, {"role", "sa_viewer"}})
                  .status,
              201U);
    auto stranger = NewClient();
    stranger->SetBearer(tokens["stranger"]);
    ASSERT_EQ(stranger
                  ->Post("/api/v1/smart-accounts",
                         json::value{{"name", "Elsewhere"}, {"domain", "elsewhere.example"}, {"kind", "customer"}})
                  .status,
              201U);
    auto request =
        me->Post("/api/v1/smart-account-requests", json::value{{"account_name", "Matrix Req"},
                                                               {"domain", "matrix-req.example"},
                                                               {"customer_email", "cust@matrix-req.example"}});
    ASSERT_EQ(request.status, 201U) << request.body;
    const std::string request_id = std::to_string(request.json().at("id").as_int64());
    auto erp = NewClient();
    erp->SetBearer(tokens["integration"]);
    auto order =
        erp->Post("/api/v1/orders", json::parse(R"({"sales_order_number":"SO-MATRIX","web_order_number":"WO-MATRIX",
        "purchaser_name":"P","end_customer_name":"E","contacts":["ext@customer.example"],
        "lines":[{"line_number":1,"sku":"S","quantity":1,"license_type":"perpetual","buying_model":"transactional","smart_enabled":true}]})"));
    ASSERT_EQ(order.status, 201U) << order.body;
    auto opened = me->Post("/api/v1/cases",
                           json::value{{"category", "software_licensing"}, {"subject", "M"}, {"description", "D"}});
    ASSERT_EQ(opened.status, 201U) << opened.body;
    const std::string case_id = std::to_string(opened.json().at("id").as_int64());
    auto fill = [&](std::string text, const std::string& unique) {
        for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"{user}", external_id},
                                                                                       {"{sa}", sa},
                                                                                       {"{va}", va},
                                                                                       {"{request}", request_id},
                                                                                       {"{case}", case_id},
                                                                                       {"{n}", unique}}) {
            text = Replace(text, from, to);
        }
        return text;
    };

    int n = 0;
    for (const auto& row : Matrix()) {
        for (const auto& principal : kPrincipals) {
            auto c = NewClient();
            if (principal != "anonymous") c->SetBearer(tokens.at(principal));
            const std::string unique = std::to_string(++n);
            const std::string path = fill(row.path, unique);
            const std::string body = fill(row.body, unique);
            const bool csv = path.find("/import") != std::string::npos;
            auto r = c->Send(row.method, path, body,
                             csv ? std::map<std::string, std::string>{{"Content-Type", "text/csv"}}
                                 : std::map<std::string, std::string>{});
            EXPECT_EQ(r.status, row.expected.at(principal)) << principal << " " << row.method << " " << path << "\n"
                                                            << r.body;
            if (r.status >= 400) {
                EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << row.method << " " << path;
            }
        }
    }
}

}  // namespace
}  // namespace entitled::testing
