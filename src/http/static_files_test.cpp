#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

namespace entitled::http {
namespace {

class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() / ("entitled-static-" + std::to_string(::getpid()));
        std::filesystem::create_directories(root_ / "assets");
        std::ofstream(root_ / "index.html") << "<html>app</html>";
        std::ofstream(root_ / "assets" / "app-1a2b.js") << "console.log(1)";
        std::ofstream(root_.parent_path() / "secret.txt") << "secret";
    }
    void TearDown() override { std::filesystem::remove_all(root_); }
    std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
    StaticFiles files(root_);
    auto js = files.Serve("/assets/app-1a2b.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(js->headers.at(0).second, "public, max-age=31536000, immutable");
    auto index = files.Serve("/");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->body, "<html>app</html>");
    EXPECT_EQ(index->headers.at(0).second, "no-cache");
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexMissingFilesDoNot) {
    StaticFiles files(root_);
    auto route = files.Serve("/orders/SO-1001");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->body, "<html>app</html>");
    EXPECT_FALSE(files.Serve("/assets/missing.js"));
}

TEST_F(StaticFilesTest, RefusesToClimbOutOfTheRoot) {
    StaticFiles files(root_);
    EXPECT_FALSE(files.Serve("/../secret.txt"));
    EXPECT_FALSE(files.Serve("/assets/../../secret.txt"));
}

TEST(StaticFiles, DisabledWithoutRoot) {
    StaticFiles files("");
    EXPECT_FALSE(files.enabled());
    EXPECT_FALSE(files.Serve("/"));
}

}  // namespace
}  // namespace entitled::http
