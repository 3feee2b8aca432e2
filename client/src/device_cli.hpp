#pragma once
// The `entitled-device` command line (API.md "Command line"), apart from main()
// so tests run it in-process with a fake transport and clock.
//
// Exit codes: 0 success, 1 failure (one line on `err`), 2 bad usage (usage text on `err`).

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "entitled/device_client.hpp"

namespace entitled::device {

struct CliEnvironment {
    // Null members: libcurl and the system clock.
    std::function<std::unique_ptr<HttpTransport>()> transport;
    std::function<Time()> clock;
};

// `args` without the program name.
int RunDeviceCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const CliEnvironment& env = {});

}  // namespace entitled::device
