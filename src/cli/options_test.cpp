#include "cli/options.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace entitled::cli {
namespace {

class OptionsTest : public ::testing::Test {
  protected:
    void TearDown() override {
        unsetenv("ENTITLED_DATABASE");
        unsetenv("ENTITLED_LISTEN");
        unsetenv("ENTITLED_CONFIG");
        std::filesystem::remove(config_);
    }
    // Writes the test's configuration file and returns its path.
    std::string Config(const std::string& text) {
        std::ofstream(config_) << text;
        return config_;
    }
    static void AddServeLike(po::options_description& desc) {
        AddDatabaseOption(desc);
        desc.add_options()("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "")  //
            ("threads", po::value<int>()->default_value(8), "");
    }
    std::string config_ =
        (std::filesystem::temp_directory_path() / ("entitled-options-" + std::to_string(getpid()) + ".conf")).string();
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

TEST_F(OptionsTest, TheConfigurationFileSetsOptionsBelowTheEnvironmentAndTheCommandLine) {
    const auto file = Config("# entitled\ndatabase = sqlite:/tmp/from-file.db\nlisten = 0.0.0.0:7\nthreads = 3\n");
    setenv("ENTITLED_LISTEN", "0.0.0.0:9", 1);
    po::options_description desc;
    AddServeLike(desc);
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {"--config", file, "--threads", "5"}, vm), std::nullopt);
    EXPECT_EQ(vm["database"].as<std::string>(), "sqlite:/tmp/from-file.db");  // only the file sets it
    EXPECT_EQ(vm["listen"].as<std::string>(), "0.0.0.0:9");                   // environment wins over the file
    EXPECT_EQ(vm["threads"].as<int>(), 5);                                    // command line wins over both
}

TEST_F(OptionsTest, TheConfigurationFileMayComeFromTheEnvironment) {
    setenv("ENTITLED_CONFIG", Config("database = sqlite:/tmp/env-named.db\n").c_str(), 1);
    po::options_description desc;
    AddDatabaseOption(desc);
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {}, vm), std::nullopt);
    EXPECT_EQ(vm["database"].as<std::string>(), "sqlite:/tmp/env-named.db");
}

TEST_F(OptionsTest, ServeRefusesAnUnknownKeyNamingItAndTheFile) {
    const auto file = Config("database = sqlite:/tmp/x.db\nlisten_address = 0.0.0.0:7\n");
    Command serve{"serve", "Serves.", "entitled serve", true};
    po::options_description desc;
    AddServeLike(desc);
    po::variables_map vm;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(Parse(serve, desc, {"--config", file}, vm), kExitUsage);
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find(file), std::string::npos) << err;
    EXPECT_NE(err.find("listen_address"), std::string::npos) << err;
}

TEST_F(OptionsTest, OtherCommandsTakeTheirOptionsFromTheFileAndSkipTheRest) {
    const auto file = Config("database = sqlite:/tmp/admin.db\nlisten = 0.0.0.0:7\nsmtp = smtp://mail\n");
    po::options_description desc;
    AddDatabaseOption(desc);
    po::variables_map vm;
    EXPECT_EQ(Parse(cmd_, desc, {"--config", file}, vm), std::nullopt);
    EXPECT_EQ(vm["database"].as<std::string>(), "sqlite:/tmp/admin.db");
    EXPECT_EQ(vm.count("listen"), 0U);
}

TEST_F(OptionsTest, ANamedConfigurationFileMustExistAndHoldValidValues) {
    {
        po::options_description desc;
        AddDatabaseOption(desc);
        po::variables_map vm;
        ::testing::internal::CaptureStderr();
        EXPECT_EQ(Parse(cmd_, desc, {"--config", "/nonexistent/entitled.conf"}, vm), kExitUsage);
        EXPECT_NE(::testing::internal::GetCapturedStderr().find("/nonexistent/entitled.conf"), std::string::npos);
    }
    const auto file = Config("threads = many\n");
    po::options_description desc;
    AddServeLike(desc);
    po::variables_map vm;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(Parse(cmd_, desc, {"--config", file}, vm), kExitUsage);
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("threads"), std::string::npos) << err;
    EXPECT_NE(err.find("many"), std::string::npos) << err;
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
