// entitled-device: the device client's command line (SPEC §8, API.md "Command line").
#include <exception>
#include <iostream>

#include "device_cli.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return entitled::device::RunDeviceCli(args, std::cout, std::cerr);
    } catch (const std::exception& e) {
        // The last resort for bugs and exhausted memory: expected failures never get here.
        std::cerr << "entitled-device: " << e.what() << "\n";
        return 1;
    }
}
