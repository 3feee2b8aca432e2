#pragma once
// Command-line parsing shared by the subcommands: every option may also come
// from an environment variable named ENTITLED_<OPTION> (dashes become
// underscores) or from the configuration file (`--config FILE`, by default
// /etc/entitled/entitled.conf when it exists: `option = value` lines, `#`
// comments). The command line wins over the environment, the environment over
// the file. Bad usage exits 2.

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/licensing_service.hpp"
#include "service/transfers_service.hpp"

namespace entitled::cli {

namespace po = boost::program_options;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kDefaultDatabase = "sqlite:data/entitled.db";
constexpr const char* kDefaultConfigFile = "/etc/entitled/entitled.conf";

struct Command {
    std::string name;     // "user add"
    std::string summary;  // one line for the overview
    std::string usage;    // "entitled user add --email E …"
    // The configuration file is written for `serve`: serve refuses a key it
    // does not know (a typo must not pass silently); the other commands take
    // from it the options they have (--database, …) and skip the rest.
    bool rejects_unknown_config_keys = false;
};

// Parses `args` against `desc` (plus --help). Returns the exit code to use
// when parsing ends the command (help printed: 0; error: 2), else nullopt.
std::optional<int> Parse(const Command& cmd, po::options_description& desc, const std::vector<std::string>& args,
                         po::variables_map& vm);

// Adds --database with its default and environment variable.
void AddDatabaseOption(po::options_description& desc);
// Adds --smtp, --mail-from and --mail-retry-seconds.
void AddMailOptions(po::options_description& desc);
// Adds --base-url (links in mail).
void AddBaseUrlOption(po::options_description& desc);
// --transfer-abandon-days, for every runner of the background work.
void AddTransferOptions(po::options_description& desc);
service::TransferPolicy TransferPolicyFrom(const po::variables_map& vm);
// --device-grace-days, --lease-seconds, --check-in-hours, for serve and every runner of the background work.
void AddLicensingOptions(po::options_description& desc);
service::LicensingPolicy LicensingPolicyFrom(const po::variables_map& vm);

int Fail(const std::string& message);   // prints "entitled: message" on stderr, returns 1
int Usage(const std::string& message);  // prints the message and a hint, returns 2

}  // namespace entitled::cli
