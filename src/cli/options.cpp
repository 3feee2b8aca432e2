#include "cli/options.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace entitled::cli {

void AddDatabaseOption(po::options_description& desc) {
    desc.add_options()("database", po::value<std::string>()->default_value(kDefaultDatabase),
                       "database URL: sqlite:PATH or postgres://… (env ENTITLED_DATABASE)");
}

namespace {

std::string OptionNameOfVariable(const po::options_description& desc, const std::string& env) {
    const std::string prefix = "ENTITLED_";
    if (env.rfind(prefix, 0) != 0) return {};
    std::string name;
    for (char c : env.substr(prefix.size())) {
        name += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return desc.find_nothrow(name, false) != nullptr && name != "help" ? name : std::string();
}

// Stores the configuration file's values below those already stored. The
// default file is optional; one named with --config must exist.
void StoreConfigFile(const Command& cmd, const po::options_description& desc, po::variables_map& vm) {
    const std::string path = vm["config"].as<std::string>();
    const bool named = !vm["config"].defaulted();
    std::error_code ec;
    if (!named && !std::filesystem::exists(path, ec)) return;
    std::ifstream in(path);
    if (!in) throw po::error("--config: cannot read " + path);
    try {
        auto parsed = po::parse_config_file(in, desc, !cmd.rejects_unknown_config_keys);
        std::erase_if(parsed.options, [](const po::option& o) { return o.unregistered || o.string_key == "config"; });
        po::store(parsed, vm);
    } catch (const po::error& e) {
        throw po::error(path + ": " + e.what());
    }
}

}  // namespace

std::optional<int> Parse(const Command& cmd, po::options_description& desc, const std::vector<std::string>& args,
                         po::variables_map& vm) {
    desc.add_options()("help,h", "show this help")  //
        ("config", po::value<std::string>()->default_value(kDefaultConfigFile),
         "configuration file of `option = value` lines (used when it exists; /dev/null: none)");
    try {
        po::store(po::command_line_parser(args).options(desc).run(), vm);
        // Environment second, the file last: a value already stored wins.
        po::store(
            po::parse_environment(desc, [&desc](const std::string& env) { return OptionNameOfVariable(desc, env); }),
            vm);
        if (vm.count("help") == 0) StoreConfigFile(cmd, desc, vm);
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
