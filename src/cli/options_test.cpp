#include "cli/options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace entitled::cli {
namespace {

class OptionsTest : public ::testing::Test {
  protected:
    void TearDown() override {
        unsetenv("ENTITLED_DATABASE");
        unsetenv("ENTITLED_LISTEN");
    }
    Command cmd_{"test", "A test command.", "entitled test"};
};

TEST_F(OptionsTest, DefaultsApplyWithoutFlagsOrEnvironment) {
    po::options_description desc;
    AddDatabaseOption(desc);
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {}, vm), std::nullopt);
    EXPECT_EQ(vm["database"].as<std::string>(), kDefaultDatabase);
}

TEST_F(OptionsTest, EnvironmentSetsOptionsAndFlagsWin) {
    setenv("ENTITLED_DATABASE", "sqlite:/tmp/from-env.db", 1);
    setenv("ENTITLED_LISTEN", "0.0.0.0:9", 1);
    {
        po::options_description desc;
        AddDatabaseOption(desc);
        desc.add_options()("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "");
        po::variables_map vm;
        EXPECT_EQ(Parse(cmd_, desc, {}, vm), std::nullopt);
        EXPECT_EQ(vm["database"].as<std::string>(), "sqlite:/tmp/from-env.db");
        EXPECT_EQ(vm["listen"].as<std::string>(), "0.0.0.0:9");
    }
    po::options_description desc;
    AddDatabaseOption(desc);
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {"--database", "sqlite:/tmp/from-flag.db"}, vm), std::nullopt);
    EXPECT_EQ(vm["database"].as<std::string>(), "sqlite:/tmp/from-flag.db");
}

TEST_F(OptionsTest, UnknownOptionsAndMissingRequiredAreUsageErrors) {
    {
        po::options_description desc;
        po::variables_map vm;
        EXPECT_EQ(Parse(cmd_, desc, {"--bogus"}, vm), kExitUsage);
    }
    po::options_description desc;
    desc.add_options()("email", po::value<std::string>()->required(), "");
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {}, vm), kExitUsage);
}

TEST_F(OptionsTest, HelpEndsWithSuccess) {
    po::options_description desc;
    desc.add_options()("email", po::value<std::string>()->required(), "");
    po::variables_map vm;
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(Parse(cmd_, desc, {"--help"}, vm), kExitOk);
    EXPECT_NE(::testing::internal::GetCapturedStdout().find("--email"), std::string::npos);
}

}  // namespace
}  // namespace entitled::cli
