#pragma once
// Shared fixture for HTTP scenarios: a fresh database of the engine under test,
// a platform admin created with the CLI, and the real server on a free port.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "http_client.hpp"
#include "server_process.hpp"
#include "test_env.hpp"

namespace entitled::testing {

// Whether a resource's `allowed_actions` (API) lists `action`.
inline bool Allows(const boost::json::value& resource, std::string_view action) {
    const auto* obj = resource.if_object();
    if (obj == nullptr || !obj->contains("allowed_actions")) return false;
    for (const auto& a : obj->at("allowed_actions").as_array()) {
        if (a.is_string() && a.as_string() == action) return true;
    }
    return false;
}

class ApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        url_ = FreshDatabaseUrl();
        admin_token_ =
            CreateUserWithToken("admin@vendor.example", "Ada Admin", {"--internal", "--flag", "platform_admin"});
        StartServer();
    }

    void StartServer(std::vector<std::string> extra = {}) {
        server_.reset();
        server_ = std::make_unique<ServerProcess>(url_, std::move(extra));
        client_ = std::make_unique<HttpClient>(server_->port());
    }

    // Creates a user with the CLI and returns a new API token for it.
    std::string CreateUserWithToken(const std::string& email, const std::string& name,
                                    std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"user", "add",    "--database", url_,         "--email",
                                         email,  "--name", name,         "--password", "correct horse"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto added = RunEntitled(args);
        EXPECT_EQ(added.exit_code, 0) << added.err;
        auto token = RunEntitled({"token", "add", "--database", url_, "--email", email, "--name", "tests"});
        EXPECT_EQ(token.exit_code, 0) << token.err;
        std::string t = token.out;
        while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
        return t;
    }

    HttpClient& client() { return *client_; }
    std::unique_ptr<HttpClient> NewClient() { return std::make_unique<HttpClient>(server_->port()); }

    std::string url_;
    std::string admin_token_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

}  // namespace entitled::testing
