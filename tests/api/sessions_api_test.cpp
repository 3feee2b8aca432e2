// Sign-in sessions: cookies, CSRF, expiry, sign-out, brute-force limits, profile changes.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class SessionsApi : public ApiTest {
  protected:
    struct Session {
        std::string cookie;  // "entitled_session=…"
        std::string csrf;
    };

    HttpResponse Login(HttpClient& c, const std::string& email, const std::string& password) {
        return c.Post("/api/v1/auth/login", json::value{{"email", email}, {"password", password}});
    }

    Session SignIn(HttpClient& c, const std::string& email = "admin@vendor.example") {
        auto r = Login(c, email, "correct horse");
        EXPECT_EQ(r.status, 200U) << r.body;
        const std::string set = r.header("Set-Cookie");
        return {set.substr(0, set.find(';')), std::string(r.json().at("csrf_token").as_string())};
    }

    static std::map<std::string, std::string> With(const Session& s, bool csrf = true) {
        std::map<std::string, std::string> h = {{"Cookie", s.cookie}};
        if (csrf) h["X-CSRF-Token"] = s.csrf;
        return h;
    }
};

TEST_F(SessionsApi, SignInSetsAnHttpOnlyLaxCookieAndReturnsTheUser) {
    auto r = Login(client(), "Admin@Vendor.example", "correct horse");
    ASSERT_EQ(r.status, 200U) << r.body;
    const std::string cookie = r.header("Set-Cookie");
    EXPECT_EQ(cookie.rfind("entitled_session=", 0), 0U);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http base URL";
    EXPECT_EQ(r.json().at("user").at("email"), "admin@vendor.example");
    EXPECT_GE(r.json().at("csrf_token").as_string().size(), 20U);
}

TEST_F(SessionsApi, UnderHttpsTheCookieIsHostPrefixedSecureAndHstsIsSent) {
    EXPECT_EQ(Login(client(), "admin@vendor.example", "correct horse").header("Strict-Transport-Security"), "");
    StartServer({"--base-url", "https://entitled.example"});
    auto r = Login(client(), "admin@vendor.example", "correct horse");
    ASSERT_EQ(r.status, 200U) << r.body;
    const std::string cookie = r.header("Set-Cookie");
    EXPECT_EQ(cookie.rfind("__Host-entitled_session=", 0), 0U) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    EXPECT_EQ(cookie.find("Domain"), std::string::npos) << "__Host- cookies have no Domain";
    EXPECT_NE(r.header("Strict-Transport-Security").find("max-age=31536000"), std::string::npos);
    const std::string pair = cookie.substr(0, cookie.find(';'));
    EXPECT_EQ(client().Get("/api/v1/me", {{"Cookie", pair}}).status, 200U);
    // The unprefixed name, which any http page or subdomain could set, is not accepted.
    const std::string value = pair.substr(pair.find('=') + 1);
    EXPECT_EQ(client().Get("/api/v1/me", {{"Cookie", "entitled_session=" + value}}).status, 401U);
}

TEST_F(SessionsApi, TheCookieAuthenticatesAndMeReturnsTheCsrfToken) {
    const Session s = SignIn(client());
    auto me = client().Get("/api/v1/me", With(s, false));
    ASSERT_EQ(me.status, 200U) << me.body;
    EXPECT_EQ(me.json().at("csrf_token").as_string(), s.csrf);
    EXPECT_EQ(client().Get("/api/v1/me", {{"Cookie", "entitled_session=forged"}}).status, 401U);
}

TEST_F(SessionsApi, UnsafeRequestsWithTheCookieNeedTheCsrfToken) {
    const Session s = SignIn(client());
    auto without = client().Send("PATCH", "/api/v1/me", R"({"name":"Mallory"})", With(s, false));
    EXPECT_EQ(without.status, 403U);
    EXPECT_EQ(without.problem_code(), "csrf_failed");
    auto wrong = client().Send("PATCH", "/api/v1/me", R"({"name":"Mallory"})",
                               {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf + "x"}});
    EXPECT_EQ(wrong.status, 403U);
    EXPECT_EQ(client().Get("/api/v1/me", With(s, false)).json().at("name"), "Ada Admin");
    auto with = client().Send("PATCH", "/api/v1/me", R"({"name":"Ada Lovelace"})", With(s));
    ASSERT_EQ(with.status, 200U) << with.body;
    EXPECT_EQ(with.json().at("name"), "Ada Lovelace");
}

TEST_F(SessionsApi, BearerTokensNeedNoCsrf) {
    client().SetBearer(admin_token_);
    EXPECT_EQ(client().Send("PATCH", "/api/v1/me", R"({"name":"Token User"})").status, 200U);
}

TEST_F(SessionsApi, SignOutEndsTheSession) {
    const Session s = SignIn(client());
    EXPECT_EQ(client().Post("/api/v1/auth/logout", std::string(), With(s, false)).status, 403U);
    auto out = client().Post("/api/v1/auth/logout", std::string(), With(s));
    EXPECT_EQ(out.status, 204U);
    EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    auto after = client().Get("/api/v1/me", With(s, false));
    EXPECT_EQ(after.status, 401U);
    EXPECT_EQ(after.problem_code(), "unauthenticated");
}

TEST_F(SessionsApi, WrongPasswordAndUnknownEmailLookTheSame) {
    auto wrong = Login(client(), "admin@vendor.example", "wrong password");
    auto unknown = Login(client(), "nobody@vendor.example", "wrong password");
    EXPECT_EQ(wrong.status, 401U);
    EXPECT_EQ(unknown.status, 401U);
    EXPECT_EQ(wrong.problem_code(), "invalid_credentials");
    auto strip = [](json::value v) {
        v.as_object().erase("request_id");
        return json::serialize(v);
    };
    EXPECT_EQ(strip(wrong.json()), strip(unknown.json()));
    auto fr = client().Post("/api/v1/auth/login", json::value{{"email", "x@y.example"}, {"password", "nope nope"}},
                            {{"Accept-Language", "fr"}});
    EXPECT_EQ(fr.json().at("detail"), "L'adresse e-mail ou le mot de passe est incorrect.");
    auto bad = client().Post("/api/v1/auth/login", json::value{{"email", 5}});
    EXPECT_EQ(bad.status, 422U);
    EXPECT_EQ(bad.error_fields(), "email,password");
}

TEST_F(SessionsApi, RepeatedFailuresAreRateLimitedPerEmail) {
    for (int i = 0; i < 5; ++i) {
        auto failed = Login(client(), "admin@vendor.example", "guess " + std::to_string(i));
        EXPECT_EQ(failed.status, 401U);
        // Each answer says how many attempts are left before the limit.
        EXPECT_EQ(failed.header("RateLimit-Limit"), "5");
        EXPECT_EQ(failed.header("RateLimit-Remaining"), std::to_string(4 - i));
        EXPECT_GT(std::stoi(failed.header("RateLimit-Reset")), 0);
    }
    auto limited = Login(client(), "admin@vendor.example", "correct horse");
    EXPECT_EQ(limited.status, 429U);
    EXPECT_EQ(limited.header("RateLimit-Remaining"), "0");
    EXPECT_EQ(limited.problem_code(), "rate_limited");
    const int retry = std::stoi(limited.header("Retry-After"));
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 15 * 60);
    // Another account from the same address is not locked out by this one.
    CreateUserWithToken("other@customer.example", "Other");
    EXPECT_EQ(Login(client(), "other@customer.example", "correct horse").status, 200U);
}

TEST_F(SessionsApi, EachApiTokenHasItsOwnRequestBudget) {
    // A rate this low refills nothing during the test: the burst is all there is.
    StartServer({"--token-rate", "0.001", "--token-burst", "3"});
    const std::string other = CreateUserWithToken("other@customer.example", "Other");
    auto admin = NewClient();
    admin->SetBearer(admin_token_);
    for (int i = 2; i >= 0; --i) {
        auto ok = admin->Get("/api/v1/me");
        EXPECT_EQ(ok.status, 200U);
        EXPECT_EQ(ok.header("RateLimit-Limit"), "3");
        EXPECT_EQ(ok.header("RateLimit-Remaining"), std::to_string(i));
    }
    auto limited = admin->Post("/api/v1/smart-accounts",
                               json::value{{"name", "Never"}, {"domain", "never.example"}, {"kind", "customer"}});
    EXPECT_EQ(limited.status, 429U);
    EXPECT_EQ(limited.problem_code(), "rate_limited");
    EXPECT_GT(std::stoi(limited.header("Retry-After")), 0);
    EXPECT_EQ(limited.header("RateLimit-Remaining"), "0");
    // Refused before the handler: nothing was created.
    auto other_client = NewClient();
    other_client->SetBearer(other);
    auto search = other_client->Get("/api/v1/smart-accounts?by=name&q=Never");
    ASSERT_EQ(search.status, 200U) << "another token has its own budget";
    EXPECT_EQ(search.json().at("items").as_array().size(), 0U);
    // A forged token is limited too (by its own bucket), and sessions are not token-limited.
    auto forged = NewClient();
    forged->SetBearer("forged");
    EXPECT_EQ(forged->Get("/api/v1/me").header("RateLimit-Limit"), "3");
    const Session s = SignIn(client());
    for (int i = 0; i < 5; ++i) {
        auto me = client().Get("/api/v1/me", With(s, false));
        EXPECT_EQ(me.status, 200U);
        EXPECT_EQ(me.header("RateLimit-Limit"), "");
    }
}

TEST_F(SessionsApi, IdleSessionsExpire) {
    StartServer({"--session-idle-seconds", "2"});
    const auto signed_in = std::chrono::steady_clock::now();
    const Session s = SignIn(client());
    const auto me = client().Get("/api/v1/me", With(s, false));
    // On a loaded machine the first use may come late; only then can it have expired already.
    if (std::chrono::steady_clock::now() - signed_in < std::chrono::milliseconds(1500)) {
        EXPECT_EQ(me.status, 200U);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto expired = client().Get("/api/v1/me", With(s, false));
    EXPECT_EQ(expired.status, 401U);
    EXPECT_EQ(expired.problem_code(), "session_expired");
}

TEST_F(SessionsApi, SessionsExpireAbsolutelyEvenWhenUsed) {
    StartServer({"--session-idle-seconds", "60", "--session-max-seconds", "3"});
    const auto signed_in = std::chrono::steady_clock::now();
    const Session s = SignIn(client());
    int used = 0;
    while (std::chrono::steady_clock::now() - signed_in < std::chrono::milliseconds(2000)) {
        EXPECT_EQ(client().Get("/api/v1/me", With(s, false)).status, 200U);
        ++used;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_GT(used, 0);
    std::this_thread::sleep_for(signed_in + std::chrono::milliseconds(3500) - std::chrono::steady_clock::now());
    EXPECT_EQ(client().Get("/api/v1/me", With(s, false)).problem_code(), "session_expired");
}

TEST_F(SessionsApi, ProfileLanguageChangesTheLanguageOfErrors) {
    const Session s = SignIn(client());
    ASSERT_EQ(client().Send("PATCH", "/api/v1/me", R"({"locale":"de"})", With(s)).status, 200U);
    auto err = client().Send("PATCH", "/api/v1/me", R"({"locale":"xx"})", With(s));
    EXPECT_EQ(err.status, 422U);
    EXPECT_EQ(err.error_fields(), "locale");
    EXPECT_EQ(err.json().at("detail"), "Einige Felder sind ungültig.");
}

TEST_F(SessionsApi, PasswordChangeNeedsTheCurrentOneAndEndsOtherSessions) {
    const Session mine = SignIn(client());
    auto other_client = NewClient();
    const Session other = SignIn(*other_client);
    auto missing = client().Send("PATCH", "/api/v1/me", R"({"password":"new password 1"})", With(mine));
    EXPECT_EQ(missing.status, 422U);
    EXPECT_EQ(missing.error_fields(), "current_password");
    auto wrong =
        client().Send("PATCH", "/api/v1/me", R"({"password":"new password 1","current_password":"nope"})", With(mine));
    EXPECT_EQ(wrong.status, 422U);
    EXPECT_EQ(wrong.error_fields(), "current_password");
    auto ok = client().Send("PATCH", "/api/v1/me",
                            R"({"password":"new password 1","current_password":"correct horse"})", With(mine));
    ASSERT_EQ(ok.status, 200U) << ok.body;
    EXPECT_EQ(client().Get("/api/v1/me", With(mine, false)).status, 200U);
    EXPECT_EQ(other_client->Get("/api/v1/me", With(other, false)).status, 401U);
    EXPECT_EQ(Login(client(), "admin@vendor.example", "correct horse").status, 401U);
    EXPECT_EQ(Login(client(), "admin@vendor.example", "new password 1").status, 200U);
}

TEST_F(SessionsApi, AuditRowAndChangeCommitTogetherOrNotAtAll) {
    StartServer({"--fault-inject-table", "audit_events"});
    client().SetBearer(admin_token_);
    auto failed = client().Send("PATCH", "/api/v1/me", R"({"name":"Never Saved"})");
    EXPECT_EQ(failed.status, 500U);
    StartServer();
    client().SetBearer(admin_token_);
    EXPECT_EQ(client().Get("/api/v1/me").json().at("name"), "Ada Admin");
    ASSERT_EQ(client().Send("PATCH", "/api/v1/me", R"({"name":"Saved"})").status, 200U);
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok());
    auto audit = (*db)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) {
        return tx.QueryOne(
            "SELECT actor_label, before_json, after_json, request_id FROM audit_events "
            "WHERE action = 'user.update' ORDER BY id DESC");
    });
    ASSERT_TRUE(audit.ok());
    ASSERT_TRUE(audit->has_value()) << "exactly the committed change is audited";
    EXPECT_EQ((*audit)->Text(0), "admin@vendor.example");
    EXPECT_NE((*audit)->Text(1).find("Ada Admin"), std::string::npos);
    EXPECT_NE((*audit)->Text(2).find("Saved"), std::string::npos);
    EXPECT_FALSE((*audit)->Text(3).empty());
    auto never = (*db)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) {
        return tx.QueryOne("SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%Never Saved%'");
    });
    EXPECT_EQ((*never)->Int(0), 0);
}

}  // namespace
}  // namespace entitled::testing
