// The `entitled` binary: dispatches to a subcommand. The only place (with the
// other cli/ files) where storage, services and the server are wired together.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "common/random.hpp"
#include "mail/mailer.hpp"

namespace {

constexpr const char* kOverview = R"(Usage: entitled <command> [options]

Commands:
  serve        run the HTTP server (migrates the database first)
  migrate      apply pending database migrations and exit
  user add     create a user
  token add    print a new API token for a user
  demo         load demo users and data, print the demo sign-ins
  jobs run     run every background job that is due (optionally as of --at), then exit
  check        verify the data's invariants; exit 1 on any violation
  backup       write a consistent, checked copy of a SQLite database
  keys rotate  add a signing key that signs from now on (older ones keep verifying)
  keys list    list the signing keys and which one signs
  keys retire  retire a signing key (what it signed no longer verifies)

Run `entitled <command> --help` for a command's options. Every option can
also be set with an environment variable: --database is ENTITLED_DATABASE.
Exit codes: 0 success, 1 failure, 2 bad usage.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace entitled::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kOverview;
        return kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kOverview;
        return kExitOk;
    }
    if (!entitled::InitCrypto()) return Fail("libsodium failed to initialise");
    entitled::mail::InitCurl();
    const std::string cmd = args[0];
    auto rest = [&](size_t n) { return std::vector<std::string>(args.begin() + static_cast<long>(n), args.end()); };
    if (cmd == "serve") return RunServe(rest(1));
    if (cmd == "migrate") return RunMigrate(rest(1));
    if (cmd == "demo") return RunDemo(rest(1));
    if (cmd == "check") return RunCheck(rest(1));
    if (cmd == "backup") return RunBackup(rest(1));
    const std::string sub = args.size() > 1 ? args[1] : "";
    if (cmd == "user" && sub == "add") return RunUserAdd(rest(2));
    if (cmd == "token" && sub == "add") return RunTokenAdd(rest(2));
    if (cmd == "jobs" && sub == "run") return RunJobs(rest(2));
    if (cmd == "keys" && sub == "rotate") return RunKeysRotate(rest(2));
    if (cmd == "keys" && sub == "list") return RunKeysList(rest(2));
    if (cmd == "keys" && sub == "retire") return RunKeysRetire(rest(2));
    if (cmd == "user" || cmd == "token")
        return Usage("unknown subcommand: " + cmd + " " + sub + " (try: " + cmd + " add)");
    if (cmd == "jobs") return Usage("unknown subcommand: jobs " + sub + " (try: jobs run)");
    std::cerr << kOverview;
    return Usage("unknown command: " + cmd);
}
