// The TOTP second factor: setting it up, signing in with it, codes working
// once, turning it off, an admin's reset, and the staff requirement.
#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "common/clock.hpp"
#include "domain/totp.hpp"
#include "storage/db.hpp"
#include "test_env.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class TotpApi : public ApiTest {
  protected:
    struct Session {
        std::string cookie;
        std::string csrf;
    };

    HttpResponse Login(HttpClient& c, const std::string& email, const std::optional<std::string>& code = {}) {
        json::object body{{"email", email}, {"password", "correct horse"}};
        if (code) body["totp_code"] = *code;
        return c.Post("/api/v1/auth/login", json::value(body));
    }

    static Session SessionOf(const HttpResponse& r) {
        const std::string set = r.header("Set-Cookie");
        return {set.substr(0, set.find(';')), std::string(r.json().at("csrf_token").as_string())};
    }

    static std::map<std::string, std::string> With(const Session& s) {
        return {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
    }

    static std::int64_t Now() { return SystemClock().Now(); }
    static std::string Code(const std::string& base32, std::int64_t step) {
        return domain::TotpCode(*domain::Base32Decode(base32), step);
    }
    // A six-digit code that matches none of the accepted steps around now.
    static std::string WrongCode(const std::string& base32) {
        const std::int64_t step = domain::TotpStep(Now());
        for (int n = 0;; ++n) {
            std::string candidate = std::to_string(100000 + n);
            bool used = false;
            for (std::int64_t s = step - 2; s <= step + 2; ++s) used = used || Code(base32, s) == candidate;
            if (!used) return candidate;
        }
    }

    // Sets up and confirms a second factor; returns the secret and the step the confirmation spent.
    std::pair<std::string, std::int64_t> TurnOn(HttpClient& c, const Session& s) {
        auto setup = c.Post("/api/v1/me/totp", json::value{{"current_password", "correct horse"}}, With(s));
        EXPECT_EQ(setup.status, 201U) << setup.body;
        const std::string secret(setup.json().at("secret").as_string());
        const std::int64_t step = domain::TotpStep(Now());
        auto confirmed = c.Post("/api/v1/me/totp/confirm", json::value{{"code", Code(secret, step)}}, With(s));
        EXPECT_EQ(confirmed.status, 200U) << confirmed.body;
        EXPECT_EQ(confirmed.json().at("totp_enabled"), true);
        return {secret, step};
    }

    static std::string FieldOf(const HttpResponse& r) {
        const json::value body = r.json();
        const auto& errors = body.at("errors").as_array();
        return errors.empty() ? "" : std::string(errors.at(0).at("field").as_string());
    }
};

TEST_F(TotpApi, SetUpRequiresThePasswordAndReturnsAnAuthenticatorUri) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    auto wrong = client().Post("/api/v1/me/totp", json::value{{"current_password", "not it"}}, With(s));
    EXPECT_EQ(wrong.status, 422U);
    EXPECT_EQ(FieldOf(wrong), "current_password");
    auto setup = client().Post("/api/v1/me/totp", json::value{{"current_password", "correct horse"}}, With(s));
    ASSERT_EQ(setup.status, 201U) << setup.body;
    const std::string secret(setup.json().at("secret").as_string());
    EXPECT_EQ(domain::Base32Decode(secret)->size(), domain::kTotpSecretBytes);
    EXPECT_EQ(setup.json().at("otpauth_uri").as_string(),
              "otpauth://totp/entitled:ext%40customer.example?secret=" + secret +
                  "&issuer=entitled&algorithm=SHA1&digits=6&period=30");
    // Not on until confirmed with a code: sign-in still needs no code.
    EXPECT_EQ(client().Get("/api/v1/me", With(s)).json().at("totp_enabled"), false);
    EXPECT_EQ(Login(client(), "ext@customer.example").status, 200U);
    auto bad = client().Post("/api/v1/me/totp/confirm", json::value{{"code", WrongCode(secret)}}, With(s));
    EXPECT_EQ(bad.status, 422U);
    EXPECT_EQ(FieldOf(bad), "code");
    EXPECT_EQ(client().Get("/api/v1/me", With(s)).json().at("totp_enabled"), false);
}

TEST_F(TotpApi, SignInNeedsACodeThatWorksOnce) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    const auto [secret, confirmed_step] = TurnOn(client(), s);

    auto missing = Login(client(), "ext@customer.example");
    EXPECT_EQ(missing.status, 401U);
    EXPECT_EQ(missing.json().at("code"), "totp_required");
    EXPECT_EQ(FieldOf(missing), "totp_code");
    EXPECT_EQ(missing.header("Set-Cookie"), "");

    // The code that confirmed the setup was spent; so is a wrong one.
    auto replayed = Login(client(), "ext@customer.example", Code(secret, confirmed_step));
    EXPECT_EQ(replayed.status, 401U);
    EXPECT_EQ(replayed.json().at("code"), "invalid_totp_code");
    EXPECT_EQ(FieldOf(replayed), "totp_code");
    EXPECT_EQ(Login(client(), "ext@customer.example", WrongCode(secret)).status, 401U);

    // The next step's code is within the allowed drift: accepted once.
    const std::string next = Code(secret, confirmed_step + 1);
    auto ok = Login(client(), "ext@customer.example", next);
    ASSERT_EQ(ok.status, 200U) << ok.body;
    EXPECT_EQ(ok.json().at("user").at("totp_enabled"), true);
    // The success cleared the failures so far; a replayed or wrong code counts against the limit of 5.
    auto reused = Login(client(), "ext@customer.example", next);
    EXPECT_EQ(reused.status, 401U);
    EXPECT_EQ(reused.header("RateLimit-Remaining"), "4");
    for (int i = 0; i < 4; ++i) EXPECT_EQ(Login(client(), "ext@customer.example", WrongCode(secret)).status, 401U);
    auto locked = Login(client(), "ext@customer.example", WrongCode(secret));
    EXPECT_EQ(locked.status, 429U);
    EXPECT_NE(locked.header("Retry-After"), "");
}

// Issue 18: TOTP secrets were in the clear in `users`, and so in every backup.
TEST_F(TotpApi, TheSecretIsStoredSealedWithAKeyOutsideTheDatabase) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    const auto [secret, confirmed_step] = TurnOn(client(), s);
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok());
    auto stored = [&] {
        auto row = (*db)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) {
            return tx.QueryOne("SELECT totp_secret FROM users WHERE email = 'ext@customer.example'");
        });
        return (*row)->Text(0);
    };
    EXPECT_TRUE(stored().rfind("sealed:v1:", 0) == 0) << stored();
    EXPECT_EQ(stored().find(secret), std::string::npos);

    // With another key directory the secret cannot be read: the code is refused (not a 500).
    const std::string other_keys = TempDir() + "/other-keys";
    StartServer({"--key-dir", other_keys});
    auto refused = Login(client(), "ext@customer.example", Code(secret, confirmed_step + 1));
    EXPECT_EQ(refused.status, 401U) << refused.body;
    EXPECT_EQ(refused.json().at("code"), "invalid_totp_code");
    // With the server's own key directory the same code signs in.
    StartServer();
    EXPECT_EQ(Login(client(), "ext@customer.example", Code(secret, confirmed_step + 1)).status, 200U);

    // A secret stored in the clear by an older version is sealed when the server starts, and still works.
    ASSERT_TRUE((*db)
                    ->Run(storage::TxMode::kWrite,
                          [&](storage::Transaction& tx) {
                              return tx.Exec(
                                  "UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE email = "
                                  "'ext@customer.example'",
                                  {secret});
                          })
                    .ok());
    StartServer();
    EXPECT_TRUE(stored().rfind("sealed:v1:", 0) == 0) << stored();
    EXPECT_EQ(Login(client(), "ext@customer.example", Code(secret, domain::TotpStep(Now()))).status, 200U);
}

TEST_F(TotpApi, TurningItOffNeedsThePasswordAndAFreshCode) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    const auto [secret, step] = TurnOn(client(), s);
    auto again = client().Post("/api/v1/me/totp", json::value{{"current_password", "correct horse"}}, With(s));
    EXPECT_EQ(again.status, 409U);
    EXPECT_EQ(again.json().at("code"), "totp_already_enabled");
    auto reused =
        client().Post("/api/v1/me/totp/disable",
                      json::value{{"current_password", "correct horse"}, {"code", Code(secret, step)}}, With(s));
    EXPECT_EQ(reused.status, 422U);
    EXPECT_EQ(FieldOf(reused), "code");
    auto wrong_password =
        client().Post("/api/v1/me/totp/disable",
                      json::value{{"current_password", "nope"}, {"code", Code(secret, step + 1)}}, With(s));
    EXPECT_EQ(wrong_password.status, 422U);
    EXPECT_EQ(FieldOf(wrong_password), "current_password");
    auto off =
        client().Post("/api/v1/me/totp/disable",
                      json::value{{"current_password", "correct horse"}, {"code", Code(secret, step + 1)}}, With(s));
    ASSERT_EQ(off.status, 200U) << off.body;
    EXPECT_EQ(off.json().at("totp_enabled"), false);
    EXPECT_EQ(Login(client(), "ext@customer.example").status, 200U);
}

TEST_F(TotpApi, StaffWithFlagsMustSetItUpBeforeDoingAnythingElse) {
    StartServer({"--staff-totp", "required"});
    CreateUserWithToken("sup@vendor.example", "Sup", {"--internal", "--flag", "licensing_support"});
    auto signed_in = Login(client(), "sup@vendor.example");
    ASSERT_EQ(signed_in.status, 200U) << signed_in.body;
    EXPECT_EQ(signed_in.json().at("user").at("totp_required"), true);
    EXPECT_EQ(signed_in.json().at("user").at("totp_enrollment_required"), true);
    const Session s = SessionOf(signed_in);

    auto blocked = client().Get("/api/v1/smart-accounts?by=name&q=a", With(s));
    EXPECT_EQ(blocked.status, 403U);
    EXPECT_EQ(blocked.json().at("code"), "totp_enrollment_required");
    EXPECT_EQ(
        client()
            .Post("/api/v1/cases",
                  json::value{{"category", "software_licensing"}, {"subject", "S"}, {"description", "D"}}, With(s))
            .status,
        403U);
    EXPECT_EQ(client().Get("/api/v1/me", With(s)).status, 200U);
    // Public endpoints treat the session as anonymous rather than refuse.
    EXPECT_EQ(client().Get("/healthz", With(s)).status, 200U);

    const auto [secret, step] = TurnOn(client(), s);
    EXPECT_EQ(client().Get("/api/v1/smart-accounts?by=name&q=a", With(s)).status, 200U);
    auto off =
        client().Post("/api/v1/me/totp/disable",
                      json::value{{"current_password", "correct horse"}, {"code", Code(secret, step + 1)}}, With(s));
    EXPECT_EQ(off.status, 409U);
    EXPECT_EQ(off.json().at("code"), "totp_required");
    EXPECT_EQ(Login(client(), "sup@vendor.example").json().at("code"), "totp_required");

    // A lost phone: an admin resets it, which also ends the user's sessions; the next sign-in must enroll again.
    auto admin = NewClient();
    admin->SetBearer(admin_token_);
    const auto me = client().Get("/api/v1/me", With(s)).json();
    const std::string path = "/api/v1/users/" + std::to_string(me.at("id").as_int64()) + "/totp-reset";
    auto self_reset = client().Post(path, std::string(), With(s));
    EXPECT_EQ(self_reset.status, 403U) << "only platform admins reset";
    ASSERT_EQ(admin->Post(path, std::string()).status, 204U);
    EXPECT_EQ(client().Get("/api/v1/me", With(s)).status, 401U);
    auto after = Login(client(), "sup@vendor.example");
    ASSERT_EQ(after.status, 200U) << after.body;
    EXPECT_EQ(after.json().at("user").at("totp_enrollment_required"), true);

    // External users and staff without flags are never required to.
    CreateUserWithToken("ext@customer.example", "Ext");
    auto external = Login(client(), "ext@customer.example");
    EXPECT_EQ(external.json().at("user").at("totp_required"), false);
    EXPECT_EQ(external.json().at("user").at("totp_enrollment_required"), false);
}

TEST_F(TotpApi, EachWrongFieldIsNamedAndNothingIsApplied) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    auto missing = client().Post("/api/v1/me/totp", json::value(json::object{}), With(s));
    EXPECT_EQ(missing.status, 422U);
    EXPECT_EQ(missing.error_fields(), "current_password");
    auto typed = client().Post("/api/v1/me/totp/confirm", json::value{{"code", 123456}}, With(s));
    EXPECT_EQ(typed.status, 422U);
    EXPECT_EQ(typed.error_fields(), "code");
    auto both = client().Post("/api/v1/me/totp/disable", json::value{{"extra", true}}, With(s));
    EXPECT_EQ(both.status, 422U);
    EXPECT_EQ(both.error_fields(), "current_password,code,extra");
    auto login = client().Post(
        "/api/v1/auth/login",
        json::value{{"email", "ext@customer.example"}, {"password", "correct horse"}, {"totp_code", 123456}});
    EXPECT_EQ(login.status, 422U);
    EXPECT_EQ(login.error_fields(), "totp_code");
    EXPECT_EQ(login.header("Set-Cookie"), "");
    // Nothing was set up by any of them.
    EXPECT_EQ(client().Get("/api/v1/me", With(s)).json().at("totp_enabled"), false);
    EXPECT_EQ(client().Post("/api/v1/me/totp/confirm", json::value{{"code", "123456"}}, With(s)).problem_code(),
              "totp_not_started");
}

TEST_F(TotpApi, ReachingTheLimitWithWrongCodesCannotBeSidesteppedWithTheRightOne) {
    CreateUserWithToken("ext@customer.example", "Ext");
    const Session s = SessionOf(Login(client(), "ext@customer.example"));
    const auto [secret, step] = TurnOn(client(), s);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(Login(client(), "ext@customer.example", WrongCode(secret)).status, 401U);
    EXPECT_EQ(Login(client(), "ext@customer.example", Code(secret, step + 1)).status, 429U);
}

}  // namespace
}  // namespace entitled::testing
