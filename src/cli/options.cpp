#include "cli/options.hpp"

#include <cctype>
#include <iostream>

namespace entitled::cli {

void AddDatabaseOption(po::options_description& desc) {
    desc.add_options()("database", po::value<std::string>()->default_value(kDefaultDatabase),
                       "database URL: sqlite:PATH or postgres://… (env ENTITLED_DATABASE)");
}

std::optional<int> Parse(const Command& cmd, po::options_description& desc, const std::vector<std::string>& args,
                         po::variables_map& vm) {
    desc.add_options()("help,h", "show this help");
    try {
        po::store(po::command_line_parser(args).options(desc).run(), vm);
        // Environment second: values already given on the command line win.
        po::store(po::parse_environment(
                      desc,
                      [&desc](const std::string& env) -> std::string {
                          const std::string prefix = "ENTITLED_";
                          if (env.rfind(prefix, 0) != 0) return {};
                          std::string name;
                          for (char c : env.substr(prefix.size())) {
                              name += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                          }
                          return desc.find_nothrow(name, false) != nullptr && name != "help" ? name : std::string();
                      }),
                  vm);
        if (vm.count("help") != 0) {
            std::cout << "Usage: " << cmd.usage << "\n\n" << cmd.summary << "\n\n" << desc << "\n";
            return kExitOk;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        return Usage(std::string(e.what()) + " (entitled " + cmd.name + " --help)");
    }
    return std::nullopt;
}

int Fail(const std::string& message) {
    std::cerr << "entitled: " << message << "\n";
    return kExitFailure;
}

int Usage(const std::string& message) {
    std::cerr << "entitled: " << message << "\n";
    return kExitUsage;
}

}  // namespace entitled::cli
