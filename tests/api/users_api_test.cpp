// Users, API tokens and the CLI that creates them.
#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "storage/db.hpp"

namespace entitled::testing {
namespace {

namespace json = boost::json;

class UsersApi : public ApiTest {};

TEST_F(UsersApi, MeNeedsAValidToken) {
    EXPECT_EQ(client().Get("/api/v1/me").status, 401U);
    client().SetBearer("ent_not-a-real-token");
    auto r = client().Get("/api/v1/me");
    EXPECT_EQ(r.status, 401U);
    EXPECT_EQ(r.problem_code(), "invalid_token");
    client().SetBearer(admin_token_);
    auto me = client().Get("/api/v1/me");
    ASSERT_EQ(me.status, 200U);
    EXPECT_EQ(me.json().at("email"), "admin@vendor.example");
    EXPECT_EQ(me.json().at("kind"), "internal");
    EXPECT_EQ(me.json().at("flags").as_array().at(0), "platform_admin");
    EXPECT_TRUE(me.json().at("memberships").is_array());
}

TEST_F(UsersApi, PlatformAdminCreatesUsersOthersAreForbidden) {
    client().SetBearer(admin_token_);
    auto created = client().Post(
        "/api/v1/users",
        json::value{
            {"email", "Bob@Customer.Example"}, {"name", "Bob"}, {"password", "a fine password"}, {"locale", "de"}});
    ASSERT_EQ(created.status, 201U) << created.body;
    EXPECT_EQ(created.json().at("email"), "bob@customer.example");
    EXPECT_EQ(created.json().at("locale"), "de");
    EXPECT_EQ(created.body.find("password"), std::string::npos);

    const std::string bob = CreateUserWithToken("carol@customer.example", "Carol");
    auto other = NewClient();
    other->SetBearer(bob);
    auto denied = other->Post("/api/v1/users",
                              json::value{{"email", "x@y.example"}, {"name", "X"}, {"password", "quiet river 8"}});
    EXPECT_EQ(denied.status, 403U);
    EXPECT_EQ(denied.problem_code(), "forbidden");
}

TEST_F(UsersApi, CommonPasswordsAreRefusedWhateverTheirCase) {
    client().SetBearer(admin_token_);
    for (const std::string pw : {"password1", "PassWord1", "iloveyou", "12345678"}) {
        auto r = client().Post("/api/v1/users", json::value{{"email", "p@x.example"}, {"name", "P"}, {"password", pw}});
        EXPECT_EQ(r.status, 422U) << pw;
        EXPECT_EQ(r.error_fields(), "password") << pw;
        EXPECT_NE(r.body.find("common_password"), std::string::npos) << r.body;
    }
    auto fine = client().Post("/api/v1/users",
                              json::value{{"email", "p@x.example"}, {"name", "P"}, {"password", "quiet river 8"}});
    EXPECT_EQ(fine.status, 201U) << fine.body;
}

TEST_F(UsersApi, EmailsAreUniqueCaseInsensitively) {
    client().SetBearer(admin_token_);
    auto dup =
        client().Post("/api/v1/users",
                      json::value{{"email", "ADMIN@vendor.example"}, {"name", "Again"}, {"password", "quiet river 8"}});
    EXPECT_EQ(dup.status, 409U);
    EXPECT_EQ(dup.problem_code(), "duplicate_email");
    EXPECT_EQ(dup.error_fields(), "email");
}

TEST_F(UsersApi, BadUserFieldsAreNamed) {
    client().SetBearer(admin_token_);
    auto r = client().Post("/api/v1/users", json::value{{"email", "not-an-email"},
                                                        {"name", ""},
                                                        {"password", std::string(129, 'p')},
                                                        {"locale", "es"},
                                                        {"kind", "robot"},
                                                        {"flags", json::array{"root"}}});
    EXPECT_EQ(r.status, 422U);
    EXPECT_EQ(r.error_fields(), "email,name,password,locale,kind,flags[0]");
    auto flags_on_external = client().Post("/api/v1/users", json::value{{"email", "e@x.example"},
                                                                        {"name", "E"},
                                                                        {"password", "quiet river 8"},
                                                                        {"flags", json::array{"compliance"}}});
    EXPECT_EQ(flags_on_external.status, 422U);
    EXPECT_EQ(flags_on_external.error_fields(), "flags");
}

TEST_F(UsersApi, TokensAreShownOnceWorkAndCanBeRevoked) {
    client().SetBearer(admin_token_);
    auto issued = client().Post("/api/v1/me/tokens", json::value{{"name", "ci"}});
    ASSERT_EQ(issued.status, 201U) << issued.body;
    const std::string token(issued.json().at("token").as_string());
    const auto id = issued.json().at("id").as_int64();
    auto second = NewClient();
    second->SetBearer(token);
    EXPECT_EQ(second->Get("/api/v1/me").status, 200U);
    EXPECT_EQ(client().Send("DELETE", "/api/v1/me/tokens/" + std::to_string(id), "").status, 204U);
    EXPECT_EQ(second->Get("/api/v1/me").status, 401U);
    EXPECT_EQ(client().Send("DELETE", "/api/v1/me/tokens/" + std::to_string(id), "").status, 404U);
    EXPECT_EQ(client().Send("DELETE", "/api/v1/me/tokens/abc", "").status, 404U);
    EXPECT_EQ(client().Post("/api/v1/me/tokens", json::value{{"name", ""}}).error_fields(), "name");
}

TEST_F(UsersApi, TokensAreStoredHashed) {
    client().SetBearer(admin_token_);
    auto issued = client().Post("/api/v1/me/tokens", json::value{{"name", "check"}});
    const std::string token(issued.json().at("token").as_string());
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok());
    auto hit = (*db)->Run(storage::TxMode::kRead, [&](storage::Transaction& tx) {
        return tx.QueryOne("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", {token});
    });
    EXPECT_EQ((*hit)->Int(0), 0);
}

TEST_F(UsersApi, AdminsDisableUsersWhichEndsTheirAccess) {
    const std::string carol = CreateUserWithToken("carol@customer.example", "Carol");
    auto carol_client = NewClient();
    carol_client->SetBearer(carol);
    auto carol_session = carol_client->Post(
        "/api/v1/auth/login", json::value{{"email", "carol@customer.example"}, {"password", "correct horse"}});
    ASSERT_EQ(carol_session.status, 200U);
    const std::string cookie =
        carol_session.header("Set-Cookie").substr(0, carol_session.header("Set-Cookie").find(';'));
    const auto id = carol_client->Get("/api/v1/me").json().at("id").as_int64();

    client().SetBearer(admin_token_);
    auto disabled = client().Send("PATCH", "/api/v1/users/" + std::to_string(id), R"({"disabled":true})");
    ASSERT_EQ(disabled.status, 200U) << disabled.body;
    EXPECT_EQ(disabled.json().at("disabled"), true);
    EXPECT_EQ(carol_client->Get("/api/v1/me").status, 401U) << "her API token";
    auto fresh = NewClient();
    EXPECT_EQ(fresh->Get("/api/v1/me", {{"Cookie", cookie}}).status, 401U) << "her session";
    EXPECT_EQ(fresh
                  ->Post("/api/v1/auth/login",
                         json::value{{"email", "carol@customer.example"}, {"password", "correct horse"}})
                  .status,
              401U);

    ASSERT_EQ(client().Send("PATCH", "/api/v1/users/" + std::to_string(id), R"({"disabled":false})").status, 200U);
    EXPECT_EQ(carol_client->Get("/api/v1/me").status, 200U);
}

TEST_F(UsersApi, AdminsManageFlagsOfInternalUsersOnly) {
    client().SetBearer(admin_token_);
    const std::string token = CreateUserWithToken("sam@vendor.example", "Sam", {"--internal"});
    auto sam = NewClient();
    sam->SetBearer(token);
    const auto sam_id = std::to_string(sam->Get("/api/v1/me").json().at("id").as_int64());
    auto granted = client().Send("PATCH", "/api/v1/users/" + sam_id, R"({"flags":["licensing_support","compliance"]})");
    ASSERT_EQ(granted.status, 200U) << granted.body;
    EXPECT_EQ(granted.json().at("flags").as_array().size(), 2U);
    EXPECT_EQ(sam->Get("/api/v1/me").json().at("flags").as_array().size(), 2U);
    EXPECT_EQ(client().Send("PATCH", "/api/v1/users/" + sam_id, R"({"flags":["root"]})").error_fields(), "flags[0]");

    const std::string ext = CreateUserWithToken("ext@customer.example", "Ext");
    auto ext_client = NewClient();
    ext_client->SetBearer(ext);
    const auto ext_id = std::to_string(ext_client->Get("/api/v1/me").json().at("id").as_int64());
    EXPECT_EQ(client().Send("PATCH", "/api/v1/users/" + ext_id, R"({"flags":["compliance"]})").error_fields(), "flags");
    EXPECT_EQ(client().Send("PATCH", "/api/v1/users/999999", R"({"name":"x"})").status, 404U);
    EXPECT_EQ(client().Send("PATCH", "/api/v1/users/" + ext_id, R"({"disabled":"yes"})").error_fields(), "disabled");
}

TEST_F(UsersApi, AdminsCannotLockThemselvesOut) {
    client().SetBearer(admin_token_);
    const auto my_id = std::to_string(client().Get("/api/v1/me").json().at("id").as_int64());
    auto r = client().Send("PATCH", "/api/v1/users/" + my_id, R"({"disabled":true})");
    EXPECT_EQ(r.status, 409U);
    EXPECT_EQ(r.problem_code(), "cannot_change_self");
    EXPECT_EQ(client().Send("PATCH", "/api/v1/users/" + my_id, R"({"flags":[]})").status, 409U);
    EXPECT_EQ(client().Get("/api/v1/me").status, 200U);
}

TEST_F(UsersApi, AdminsListAndSearchUsersPageByPage) {
    for (const char* email : {"anna@acme.example", "anton@acme.example", "bob@other.example"}) {
        CreateUserWithToken(email, "Person");
    }
    client().SetBearer(admin_token_);
    auto an = client().Get("/api/v1/users?q=An");
    ASSERT_EQ(an.status, 200U);
    EXPECT_EQ(an.json().at("items").as_array().size(), 2U);
    auto page = client().Get("/api/v1/users?limit=2");
    const auto body = page.json();
    ASSERT_EQ(body.at("items").as_array().size(), 2U);
    auto rest = client().Get("/api/v1/users?limit=2&cursor=" + std::string(body.at("next_cursor").as_string()));
    EXPECT_EQ(rest.json().at("items").as_array().size(), 2U);  // admin + three = four
    EXPECT_EQ(client().Get("/api/v1/users?q=%25").json().at("items").as_array().size(), 0U) << "% is literal";
}

TEST(Cli, ExitCodesFollowTheContract) {
    EXPECT_EQ(RunEntitled({}).exit_code, 2);
    EXPECT_EQ(RunEntitled({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(RunEntitled({"--help"}).exit_code, 0);
    for (auto cmd : std::vector<std::vector<std::string>>{{"serve", "--help"},
                                                          {"migrate", "--help"},
                                                          {"user", "add", "--help"},
                                                          {"token", "add", "--help"},
                                                          {"demo", "--help"}}) {
        auto r = RunEntitled(cmd);
        EXPECT_EQ(r.exit_code, 0) << cmd[0];
        EXPECT_NE(r.out.find("--database"), std::string::npos) << cmd[0];
    }
    EXPECT_EQ(RunEntitled({"user", "add", "--email", "a@b.example"}).exit_code, 2);
    EXPECT_EQ(RunEntitled({"serve", "--listen", "nonsense"}).exit_code, 2);
    EXPECT_EQ(RunEntitled({"migrate", "--database", "mysql://nope"}).exit_code, 1);
}

TEST(Cli, UserAddValidatesAndRefusesDuplicates) {
    const std::string url = FreshDatabaseUrl();
    auto ok =
        RunEntitled({"user", "add", "--database", url, "--email", "Sam@Example.com", "--name", "Sam", "--password",
                     "quiet river 8", "--internal", "--flag", "compliance", "--flag", "licensing_support"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("sam@example.com"), std::string::npos);
    auto dup = RunEntitled({"user", "add", "--database", url, "--email", "sam@example.com", "--name", "Sam",
                            "--password", "quiet river 8"});
    EXPECT_EQ(dup.exit_code, 1);
    EXPECT_NE(dup.err.find("already exists"), std::string::npos);
    EXPECT_EQ(
        RunEntitled({"user", "add", "--database", url, "--email", "bad", "--name", "x", "--password", "quiet river 8"})
            .exit_code,
        2);
    EXPECT_EQ(
        RunEntitled({"user", "add", "--database", url, "--email", "x@y.example", "--name", "x", "--password", "short"})
            .exit_code,
        2);
    EXPECT_EQ(RunEntitled({"user", "add", "--database", url, "--email", "x@y.example", "--name", "x", "--password",
                           "quiet river 8", "--flag", "compliance"})
                  .exit_code,
              2);
    auto unknown = RunEntitled({"token", "add", "--database", url, "--email", "nobody@example.com", "--name", "t"});
    EXPECT_EQ(unknown.exit_code, 1);
}

TEST(Cli, DemoLoadsUsersOnceAndTheyCanUseTheApi) {
    const std::string url = FreshDatabaseUrl();
    auto first = RunEntitled({"demo", "--database", url});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("admin@vendor.example"), std::string::npos);
    EXPECT_NE(first.out.find("(7 new users, 4 new Smart Accounts, 5 new orders)"), std::string::npos) << first.out;
    auto second = RunEntitled({"demo", "--database", url});
    EXPECT_NE(second.out.find("(0 new users, 0 new Smart Accounts, 0 new orders)"), std::string::npos) << second.out;
    auto token = RunEntitled({"token", "add", "--database", url, "--email", "jana@kunde.example", "--name", "t"});
    ASSERT_EQ(token.exit_code, 0);
    ServerProcess server(url);
    HttpClient client(server.port());
    client.SetBearer(token.out.substr(0, token.out.size() - 1));
    auto me = client.Get("/api/v1/me");
    ASSERT_EQ(me.status, 200U);
    EXPECT_EQ(me.json().at("locale"), "de");
}

TEST(Cli, DatabaseComesFromTheEnvironment) {
    const std::string url = FreshDatabaseUrl();
    auto r = RunEntitled({"migrate"}, {"ENTITLED_DATABASE=" + url});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("applied 0 migration"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("schema version"), std::string::npos) << r.out;
    auto again = RunEntitled({"migrate", "--database", url});
    EXPECT_NE(again.out.find("applied 0 migration"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace entitled::testing
